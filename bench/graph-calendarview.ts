// Throughput of an authorized GET /users/{room}/calendarView returning 10 events, through the whole
// Graph pipeline (token verification, catalog permission check, mailbox rule with an Exchange
// application access policy, Outlook throttling, range query, serialization, audit write), against a
// bare Fastify route answering the same JSON behind the same TLS front door, in the same run, on
// keep-alive connections, 16 at a time. Target: at least 40% of the bare route.
//   node --import tsx bench/graph-calendarview.ts
// Prints one JSON line: {bench, opsPerSec, baselineOpsPerSec, ratio, uncachedOpsPerSec, uncachedRatio,
// events, rooms, concurrency, seconds}. `ratio` is the steady state of displays polling their rooms
// (a calendar's rows and its event views come from the store's range cache and the view cache
// until an event changes); `uncachedRatio` reads and builds everything afresh (both caches
// switched off), as the first poll after a change does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createTlsServer, openFrontDoor } from '../src/front-door/front-door.js';
import { generateIntoDataDir } from '../src/graph/calendar/load/data-dir.js';
import { setEventViewCache } from '../src/graph/calendar/model/event-view.js';
import { setEventRangeCache } from '../src/store/sqlite/range-cache.js';
import { startTenantbox } from '../src/server.js';
import { ensureLocalCa } from '../src/tls/local-ca.js';
import { appToken, httpsAgent, thisMonday, throughput } from './lib-calendar.js';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROOMS = 64;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenantbox-bench-calview-'));
  const from = thisMonday();
  // 10 meetings per room in one working week: a calendarView of that week is one full page.
  const gen = await generateIntoDataDir(join(dataDir, 'dd'), { rooms: ROOMS, events: ROOMS * 10, days: 7, from, roomCopiesOnly: true, progress: false, domain: 'bench.test' });
  const tb = await startTenantbox({ dataDir: gen.dataDir, tenantFile: gen.tenantFile, port: 0 });
  const agent = httpsAgent(tb.caCertPath, CONCURRENCY);
  const token = await appToken(tb, agent);
  const headers = { authorization: `Bearer ${token}` };
  const window = `startDateTime=${from}T00:00:00Z&endDateTime=${new Date(Date.parse(`${from}T00:00:00Z`) + 7 * 86_400_000).toISOString()}`;
  const rooms = gen.tenant.roomEmails;
  const path = (i: number) => `/v1.0/users/${rooms[i % rooms.length]}/calendarView?${window}`;

  const sample = await fetchJson(agent, `${tb.url}${path(0)}`, headers);
  const events = (JSON.parse(sample) as { value: unknown[] }).value.length;
  if (events !== 10) throw new Error(`expected 10 events in the sample calendarView, got ${events}`);

  // The baseline: the same bytes from a bare Fastify route, behind the same TLS front door.
  const ca = await ensureLocalCa(gen.dataDir);
  const server = await createTlsServer(ca);
  const bare = Fastify({ serverFactory: (handler) => server.on('request', handler) as never });
  bare.get('/v1.0/users/:id/calendarView', async (_req, reply) => reply.type('application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8').send(sample));
  await bare.ready();
  const door = await openFrontDoor({ server, ca, port: 0 });

  let n = 0;
  let m = 0;
  const r = await throughput(
    agent,
    {
      baseline: { next: () => `${door.url}${path(m++)}`, headers },
      graph: { next: () => `${tb.url}${path(n++)}`, headers, before: () => caches(true) },
      uncached: { next: () => `${tb.url}${path(n++)}`, headers, before: () => caches(false) },
    },
    { concurrency: CONCURRENCY, seconds: SECONDS, slices: 10 },
  );
  await agent.close();
  await door.close();
  await bare.close();
  await tb.stop();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'graph-calendarview', opsPerSec: Math.round(r.graph!), baselineOpsPerSec: Math.round(r.baseline!), ratio: Number((r.graph! / r.baseline!).toFixed(3)), target: 0.4, uncachedOpsPerSec: Math.round(r.uncached!), uncachedRatio: Number((r.uncached! / r.baseline!).toFixed(3)), events, rooms: ROOMS, concurrency: CONCURRENCY, seconds: SECONDS }));
}

/** The event-view and range caches, as a poll between changes finds them, or as the first poll after one. */
function caches(on: boolean): void {
  setEventViewCache(on);
  setEventRangeCache(on);
}

async function fetchJson(agent: ReturnType<typeof httpsAgent>, url: string, headers: Record<string, string>): Promise<string> {
  const { request } = await import('undici');
  const res = await request(url, { dispatcher: agent, headers });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}: ${text}`);
  return text;
}

await main();
