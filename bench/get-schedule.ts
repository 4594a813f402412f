// getSchedule for 50 rooms over 7 days in a tenant of 5,000 rooms and 1,000,000 events, through
// the whole Graph pipeline over HTTPS (app-only token, application access policy checked for the
// mailbox in the path and for each of the 50 rooms), against a raw SQL range query over the same
// rows with better-sqlite3 directly (the columns a schedule item shows, for the same 50 calendars
// and window). Time per call, medians, same run. Target: at most 2x the raw query.
//   node --import tsx bench/get-schedule.ts
// The tenant is generated once (tenantbox's generator, rooms' items only) into a temp data dir and
// reused; bench/seed-events.ts regenerates it and measures that.
// Prints one JSON line: {bench, msPerCall, sqlMsPerCall, ratio, target, rooms, schedules, days, items, rows, calls}.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { request } from 'undici';
import { startTenantbox } from '../src/server.js';
import { appToken, httpsAgent, largeTenantDir, LARGE, thisMonday } from './lib-calendar.js';

const SCHEDULES = 50;
const DAYS = 7;
const CALLS = Number(process.env.BENCH_CALLS ?? 40);

async function main() {
  const { dataDir, tenantFile } = await largeTenantDir();
  const tb = await startTenantbox({ dataDir, tenantFile, port: 0 });
  const agent = httpsAgent(tb.caCertPath, 4);
  const token = await appToken(tb, agent);
  const t = tb.tenants[0]!;
  const rooms = (await tb.stores.directory.listUsers(t.id, { kind: 'room' })).sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
  if (rooms.length !== LARGE.rooms) throw new Error(`expected ${LARGE.rooms} rooms, found ${rooms.length}`);
  const fromMs = Date.parse(`${thisMonday()}T00:00:00Z`);
  const toMs = fromMs + DAYS * 86_400_000;

  // Five boards of 50 rooms (say, one per floor) polled in turn: after the warm-up the directory
  // lookups (rooms, calendars, group membership for the access policy) come from the store's
  // caches, as they do for a signage system; the events are read from SQLite on every call.
  const BOARDS = 5;
  const boards = Array.from({ length: BOARDS }, (_, c) => Array.from({ length: SCHEDULES }, (_, i) => rooms[(c * SCHEDULES + i * 97) % rooms.length]!));
  const sets = Array.from({ length: CALLS }, (_, c) => boards[c % BOARDS]!);
  const calendarIds = new Map<string, string>();
  for (const r of rooms) calendarIds.set(r.id, (await tb.stores.events.getDefaultCalendar(t.id, r.id))!.id);

  const url = `${tb.url}/v1.0/users/${rooms[0]!.userPrincipalName}/calendar/getSchedule`;
  const call = async (set: typeof rooms, check = false) => {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schedules: set.map((r) => r.userPrincipalName),
        startTime: { dateTime: new Date(fromMs).toISOString().slice(0, 19), timeZone: 'UTC' },
        endTime: { dateTime: new Date(toMs).toISOString().slice(0, 19), timeZone: 'UTC' },
        availabilityViewInterval: 30,
      }),
    });
    // Timed calls only receive the bytes (as a client that streams them on would); the warm-up
    // parses them to check the answer against the raw query.
    if (!check) {
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`getSchedule → ${res.statusCode}`);
      return 0;
    }
    const body = (await res.body.json()) as { value: { scheduleItems?: unknown[]; error?: unknown }[] };
    if (res.statusCode !== 200 || body.value.some((v) => v.error)) throw new Error(`getSchedule → ${res.statusCode}: ${JSON.stringify(body).slice(0, 300)}`);
    return body.value.reduce((n, v) => n + (v.scheduleItems?.length ?? 0), 0);
  };

  // The raw query: the same rows, straight from SQLite.
  const db = new Database(join(dataDir, 'tenantbox.db'), { readonly: true });
  // The range on the (calendar_id, start_ms) index, bounded below by the longest meeting (the
  // generator books at most 60 minutes), as a hand-written query for this data would be. The
  // columns are those an item's JSON needs: `type` gives isRecurring/isException.
  const sql = db.prepare(
    `SELECT calendar_id, type, start_ms, end_ms, show_as, sensitivity, subject, location, is_cancelled FROM events INDEXED BY events_range
     WHERE calendar_id IN (${Array.from({ length: SCHEDULES }, () => '?').join(',')}) AND start_ms >= ? AND start_ms < ? AND end_ms > ? AND tenant_id = ?`,
  ).raw(true);
  const raw = (set: typeof rooms) => sql.all(...set.map((r) => calendarIds.get(r.id)!), fromMs - 3_600_000, toMs, fromMs, t.id).length;

  // Warm up both (caches, statement plans, JIT), and check they see the same rows.
  let items = 0;
  for (let i = 0; i < BOARDS * 2; i++) {
    const n = await call(sets[i]!, true);
    const rows = raw(sets[i]!);
    if (n !== rows) throw new Error(`getSchedule returned ${n} items, the raw query ${rows} rows`);
    if (i < BOARDS) items += n;
  }
  const graphMs: number[] = [];
  const sqlMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < CALLS; i++) {
    const set = sets[i]!;
    let t0 = performance.now();
    await call(set);
    graphMs.push(performance.now() - t0);
    t0 = performance.now();
    rows += raw(set);
    sqlMs.push(performance.now() - t0);
  }
  db.close();
  await agent.close();
  await tb.stop();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const g = median(graphMs);
  const s = median(sqlMs);
  console.log(JSON.stringify({ bench: 'get-schedule', msPerCall: Number(g.toFixed(2)), sqlMsPerCall: Number(s.toFixed(2)), ratio: Number((g / s).toFixed(2)), target: 2, rooms: LARGE.rooms, events: LARGE.events, schedules: SCHEDULES, days: DAYS, itemsPerCall: Math.round(items / BOARDS), rowsPerCall: Math.round(rows / CALLS), calls: CALLS }));
}

await main();
