import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { generateIntoDataDir } from '../../graph/calendar/load/data-dir.js';
import { generateTenantFile, GENERATED_APP, GENERATED_PASSWORD, type GenerateOptions } from '../../graph/calendar/load/generate.js';
import { DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const generateHelp = `Usage: tenantbox generate --rooms N --events M [--data-dir D | --tenant-file F] [options]

Creates a large tenant for load tests: N rooms (room lists of 50, all in the mail-enabled security
group signage-rooms@<domain>), organizers, an app-only "${GENERATED_APP}" app restricted to that group
by an application access policy, and M meetings booked into the rooms over a window of working days
(never double-booking a room; each meeting is the room's accepted item plus the organizer's item,
as tenantbox lays out meetings).

  -d, --data-dir D        generate into this (new, empty) data dir: the tenant file is written there
                          (or to --tenant-file) and seeded, then the meetings are written directly into
                          the database in batches, with a progress bar. Then: tenantbox up --data-dir D
  -f, --tenant-file F     without --data-dir: only write a tenant file, meetings included as events
                          (up to 50,000; larger tenants need --data-dir)
      --rooms N           rooms (required)
      --events M          meetings (required)
      --users U           organizers; default N/10 (5 to 2,000)
      --days D            length of the window in days; default 28
      --from YYYY-MM-DD   first day of the window; default a week ago
      --domain DOMAIN     default load.test
      --seed S            random seed (the same seed gives the same bookings); default 1
      --room-copies-only  write only the rooms' items (half the rows)
      --batch B           events per putEvents batch; default 20,000
      --no-progress       no progress bar

Users sign in with ${GENERATED_PASSWORD}; the app's secret is load-signage-secret. tenantbox reset returns
the data dir to the tenant file, which holds no generated meetings.`;

const INLINE_LIMIT = 50_000;

export async function generate(argv: string[]): Promise<number> {
  const { values } = parse('generate', argv, {
    ...DATA_DIR_FLAG,
    'tenant-file': { type: 'string', short: 'f' },
    rooms: { type: 'string' },
    events: { type: 'string' },
    users: { type: 'string' },
    days: { type: 'string' },
    from: { type: 'string' },
    domain: { type: 'string' },
    seed: { type: 'string' },
    batch: { type: 'string' },
    'room-copies-only': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
  });
  if (values.help) return void console.log(generateHelp), EXIT.ok;
  const int = (name: string, min: number, fallback?: number): number | undefined => {
    const v = values[name];
    if (v === undefined) return fallback;
    const n = Number(String(v).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new CliError(EXIT.usage, `--${name} must be an integer ≥ ${min}, not "${v}"`);
    return n;
  };
  if (values.rooms === undefined || values.events === undefined) throw new CliError(EXIT.usage, '--rooms and --events are required.\nSee: tenantbox generate --help');
  const o: GenerateOptions = {
    rooms: int('rooms', 1)!,
    events: int('events', 0)!,
    users: int('users', 1),
    days: int('days', 1),
    seed: int('seed', 0),
    from: values.from,
    domain: values.domain,
    roomCopiesOnly: Boolean(values['room-copies-only']),
  };
  if (values['data-dir'] === undefined && values['tenant-file'] === undefined) throw new CliError(EXIT.usage, 'Give --data-dir D (a new data dir) or --tenant-file F (a tenant file only).');

  try {
    if (values['data-dir'] === undefined) {
      if (o.events > INLINE_LIMIT) throw new CliError(EXIT.usage, `${o.events.toLocaleString('en-US')} events are too many for a tenant file (at most ${INLINE_LIMIT.toLocaleString('en-US')}); use --data-dir.`);
      const file = resolve(values['tenant-file']);
      writeFileSync(file, withInlineEvents(o));
      console.error(`tenantbox: wrote ${file} (${o.rooms} rooms, ${o.events} meetings). Start it with: tenantbox up --tenant-file ${file}`);
      return EXIT.ok;
    }
    const r = await generateIntoDataDir(values['data-dir'], { ...o, tenantFile: values['tenant-file'], progress: !values['no-progress'], batchSize: int('batch', 1, 20_000) });
    const rate = Math.round(r.rows / Math.max(r.eventSeconds, 1e-9)).toLocaleString('en-US');
    console.error(
      `tenantbox: generated ${o.rooms.toLocaleString('en-US')} rooms and ${r.meetings.toLocaleString('en-US')} meetings (${r.rows.toLocaleString('en-US')} event items) in ${r.dataDir}\n` +
        `  directory seeded in ${r.directorySeconds.toFixed(1)} s, events written in ${r.eventSeconds.toFixed(1)} s (${rate} events/s)\n` +
        `  tenant file: ${r.tenantFile}\n  start it with: tenantbox up --data-dir ${r.dataDir}`,
    );
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(EXIT.failure, (e as Error).message);
  }
}

/** The tenant file with the meetings as `events:` (the seeder lays out the copies). */
function withInlineEvents(o: GenerateOptions): string {
  const t = generateTenantFile(o);
  const DAY = 86_400_000;
  const days: number[] = [];
  for (let d = t.window.fromMs; d < t.window.toMs; d += DAY) if (![0, 6].includes(new Date(d).getUTCDay())) days.push(d);
  const perRoomSlots = days.length * 20;
  if (Math.ceil(o.events / o.rooms) > perRoomSlots) throw new CliError(EXIT.usage, `${Math.ceil(o.events / o.rooms)} meetings per room do not fit in ${days.length} working days: give more --days`);
  const events = Array.from({ length: o.events }, (_, i) => {
    const room = t.roomEmails[i % o.rooms]!;
    const k = Math.floor(i / o.rooms);
    const start = days[Math.floor(k / 20)]! + 8 * 3_600_000 + (k % 20) * 1_800_000;
    return { calendar: room, organizer: t.userEmails[i % t.userEmails.length]!, subject: 'Meeting', start: new Date(start).toISOString(), end: new Date(start + 1_800_000).toISOString() };
  });
  return `${t.yaml}${stringify({ events }, { lineWidth: 0 })}`;
}
