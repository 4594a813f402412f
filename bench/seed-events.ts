// Seeding the large tenant (5,000 rooms, 1,000,000 events on their calendars) with tenantbox's
// generator, as `tenantbox generate --rooms 5000 --events 1000000 --room-copies-only` does: the
// directory through the tenant file and the seeder, then the events in batches through
// EventStore.putEvents, with the progress bar. Baseline, same run: the same number of rows of the
// same shape inserted with better-sqlite3 directly into a bare table with the same indexes, so the
// ratio says what the store adds over SQLite itself.
// The data dir is left for bench/get-schedule.ts to reuse.
//   node --import tsx bench/seed-events.ts
// Prints one JSON line: {bench, eventsPerSec, rawEventsPerSec, ratio, events, rooms, directorySeconds, eventSeconds}.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeTenantDir, LARGE } from './lib-calendar.js';

const BASELINE_ROWS = Number(process.env.BENCH_BASELINE_ROWS ?? LARGE.events);

async function main() {
  const { generated } = await largeTenantDir({ fresh: true, progress: true });
  const g = generated!;
  const eventsPerSec = g.rows / g.eventSeconds;

  // Baseline: raw inserts of rows like the generator's (same columns, indexes and JSON size), in
  // transactions of the generator's batch size, on the same kind of file.
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-bench-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE events (tenant_id TEXT NOT NULL, id TEXT NOT NULL, calendar_id TEXT NOT NULL, owner_id TEXT NOT NULL, ical_uid TEXT NOT NULL, type TEXT NOT NULL,
    series_master_id TEXT, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, change_key TEXT NOT NULL, show_as TEXT NOT NULL,
    sensitivity TEXT NOT NULL, subject TEXT NOT NULL, location TEXT NOT NULL, is_cancelled INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
    CREATE INDEX events_range ON events (calendar_id, start_ms); CREATE INDEX events_masters ON events (calendar_id, start_ms) WHERE type = 'seriesMaster';
    CREATE INDEX events_ical ON events (ical_uid);`);
  const insert = db.prepare('INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const sample = { subject: 'User 0001', body: { contentType: 'text', content: '' }, start: { dateTime: '2026-01-05T08:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-01-05T08:30:00.0000000', timeZone: 'UTC' }, location: { displayName: 'Room 0001' }, locations: [{ displayName: 'Room 0001', locationEmailAddress: 'room0001@load.test', locationType: 'conferenceRoom', uniqueId: 'room0001@load.test', uniqueIdType: 'directory' }], attendees: [{ type: 'resource', status: { response: 'accepted', time: new Date().toISOString() }, emailAddress: { name: 'Room 0001', address: 'room0001@load.test' } }], organizer: { emailAddress: { name: 'User 0001', address: 'user0001@load.test' } }, isOrganizer: false, responseStatus: { response: 'accepted', time: new Date().toISOString() }, showAs: 'busy', sensitivity: 'normal', isOnlineMeeting: false, onlineMeetingProvider: 'unknown', recurrence: null, isAllDay: false, isCancelled: false, importance: 'normal', isReminderOn: false, reminderMinutesBeforeStart: 15, responseRequested: true, categories: [] };
  const calendars = Array.from({ length: LARGE.rooms }, () => randomUUID());
  const run = randomUUID().slice(0, 8);
  const many = db.transaction((from: number, n: number) => {
    for (let i = from; i < from + n; i++) {
      const cal = calendars[Math.floor((i / BASELINE_ROWS) * calendars.length)]!;
      const id = `${run}-${i.toString(16).padStart(20, '0')}`;
      insert.run('t', id, cal, cal, id, 'singleInstance', null, 1_700_000_000_000 + i * 1_800_000, 1_700_000_000_000 + i * 1_800_000 + 1_800_000, 'x', 'x', 'k', 'busy', 'normal', 'User 0001', 'Room 0001', 0, JSON.stringify(sample));
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < BASELINE_ROWS; i += 20_000) many(i, Math.min(20_000, BASELINE_ROWS - i));
  const rawPerSec = BASELINE_ROWS / ((performance.now() - t0) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(
    JSON.stringify({
      bench: 'seed-events',
      eventsPerSec: Math.round(eventsPerSec),
      rawEventsPerSec: Math.round(rawPerSec),
      ratio: Number((eventsPerSec / rawPerSec).toFixed(3)),
      events: g.rows,
      rooms: LARGE.rooms,
      directorySeconds: Number(g.directorySeconds.toFixed(1)),
      eventSeconds: Number(g.eventSeconds.toFixed(1)),
    }),
  );
}

await main();
