// Authorized Calendar events.list throughput through the whole Google pipeline (bearer token
// lookup, catalog scope check, calendar ACL, range query, recurrence expansion, serialization,
// audit write) against a bare Fastify route answering the same JSON, in the same run, over the
// same keep-alive HTTP connections. Target: at least 40% of the bare route, for both ways a room
// display polls:
//   - repeated: the same query every time (a display with a fixed window). Repeats are answered
//     from the response cache until an event changes: `ratio`.
//   - fresh: timeMin moves on every request (a display asking "from now on"), one second per
//     request, so no two queries are alike and no answer can be reused: the range is filtered,
//     series expanded, paged and the answer assembled afresh each time. Work that depends only on
//     unchanged events (their parsed rows, each event's JSON in the caller's view) may be reused
//     across queries, as it would be for a real poller: `freshRatio`.
//   node --import tsx bench/google-events-list.ts
// Prints one JSON line: { name, opsPerSec, baselineOpsPerSec, ratio, freshOpsPerSec, freshRatio,
// target, items, freshItems, concurrency, seconds }.
import { createSign, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { getCatalog } from '../src/catalog/index.js';
import { createClock } from '../src/shared/clock.js';
import { systemIds } from '../src/shared/ids.js';
import type { Services } from '../src/shared/services.js';
import { openStandaloneGoogleStores } from '../src/store/google/index.js';
import { seedGoogle } from '../src/store/google/seed-google.js';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { parseTenantFile } from '../src/tenant-file/load.js';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SLICES = 10;

const events = Array.from({ length: 40 }, (_, i) => `    - { organizer: megan@contoso.test, summary: "Meeting ${i}", start: "today+${1 + (i % 10)} ${String(8 + Math.floor(i / 10) * 2).padStart(2, '0')}:00", duration: 1h, attendees: [Orion] }`);
const YAML = `
tenant: { domain: contoso.test, timeZone: Europe/Berlin }
users:
  - { upn: megan@contoso.test, displayName: Megan Bowen }
google:
  users:
    - { email: megan@contoso.test }
    - { email: signage@contoso.test, name: Signage, admin: true }
  resources:
    - { name: Orion, capacity: 8 }
  serviceAccounts: [{ name: room-signage }]
  domainWideDelegation:
    - { client: room-signage, scopes: [https://www.googleapis.com/auth/calendar, https://www.googleapis.com/auth/calendar.events] }
  events:
    - { organizer: megan@contoso.test, summary: Standup, start: "today+1 07:30", duration: 15m, attendees: [Orion], recurrence: ["RRULE:FREQ=DAILY;COUNT=10"] }
${events.join('\n')}
`;

async function buildGoogleApp(services: Services): Promise<FastifyInstance> {
  const { buildApp } = await import('../src/app.js');
  return buildApp(services);
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.ready();
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/**
 * Requests per second of several targets, measured in alternating slices (SLICES per target, SECONDS
 * in all per target), so load that other processes put on the machine weighs on each alike.
 */
async function measure(targets: Record<string, () => string>, headers: Record<string, string>): Promise<Record<string, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const once = (u: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(u, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${u} → ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
  const totals: Record<string, { n: number; ms: number }> = {};
  for (const [name, next] of Object.entries(targets)) {
    totals[name] = { n: 0, ms: 0 };
    for (let i = 0; i < 200; i++) await once(next()); // warm up
  }
  const sliceMs = (SECONDS * 1000) / SLICES;
  for (let s = 0; s < SLICES; s++) {
    for (const [name, next] of Object.entries(targets)) {
      const t0 = Date.now();
      const until = t0 + sliceMs;
      let done = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < until) {
            await once(next());
            done++;
          }
        }),
      );
      totals[name]!.n += done;
      totals[name]!.ms += Date.now() - t0;
    }
  }
  agent.destroy();
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, (v.n * 1000) / v.ms]));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenantbox-bench-google-'));
  const clock = createClock();
  const stores = await openSqliteStores({ file: join(dataDir, 'state.db') });
  const google = await openStandaloneGoogleStores(join(dataDir, 'google.db'));
  stores.google = google;
  const file = parseTenantFile(YAML, join(dataDir, 'tenant.yaml'), { now: clock.nowDate() });
  await stores.directory.putTenant({ id: 'b0000000-0000-4000-8000-000000000001', domain: 'contoso.test', displayName: 'Contoso', userConsent: 'none', timeZone: 'Europe/Berlin', throttling: { enabled: false, requestsPer10Minutes: 1e9, concurrentRequests: 1e9 }, createdDateTime: clock.nowDate().toISOString() });
  const seed = await seedGoogle(stores, file, { clock, ids: systemIds, dataDir });
  const services: Services = { stores, clock, ids: systemIds, catalog: getCatalog(), run: { dataDir, url: '', tenantFile: { path: '', hash: file.hash }, version: 'bench', startedAt: Date.now() }, adminKey: randomBytes(8).toString('hex'), reset: async () => undefined };
  const app = await buildGoogleApp(services);
  const base = await listen(app);
  services.run.url = base;

  // A token the way google-auth-library gets one: an RS256 assertion signed with the key file.
  const key = JSON.parse(readFileSync(seed.tenants[0]!.serviceAccounts[0]!.keyFile, 'utf8'));
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'RS256' })}.${b64({ iss: key.client_email, scope: 'https://www.googleapis.com/auth/calendar', aud: 'https://oauth2.googleapis.com/token', iat: now, exp: now + 3600, sub: 'signage@contoso.test' })}`;
  const assertion = `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key.private_key).toString('base64url')}`;
  const tokenRes = await fetch(`${base}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }) });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;

  const room = file.tenants[0]!.google!.resources[0]!.email;
  const from = new Date(clock.now()).toISOString();
  const to = new Date(clock.now() + 14 * 86_400_000).toISOString();
  const path = `/calendar/v3/calendars/${encodeURIComponent(room)}/events?timeMin=${encodeURIComponent(from)}&timeMax=${encodeURIComponent(to)}&singleEvents=true&orderBy=startTime&maxResults=50`;
  const headers = { authorization: `Bearer ${token}` };
  const sample = await fetch(`${base}${path}`, { headers });
  if (sample.status !== 200) throw new Error(`events.list → ${sample.status}: ${await sample.text()}`);
  const body = await sample.text();
  const items = (JSON.parse(body) as { items: unknown[] }).items.length;

  // The baseline: the same bytes from a bare Fastify route.
  const bare = Fastify();
  bare.get('/calendar/v3/calendars/:calendarId/events', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });

  // Fresh queries: the same window shape, starting one second later each time.
  const t0 = clock.now();
  let n = 0;
  const freshPath = (i: number) =>
    `/calendar/v3/calendars/${encodeURIComponent(room)}/events?timeMin=${encodeURIComponent(new Date(t0 + i * 1000).toISOString())}&timeMax=${encodeURIComponent(to)}&singleEvents=true&orderBy=startTime&maxResults=50`;
  const freshSample = await fetch(`${base}${freshPath(-1)}`, { headers });
  if (freshSample.status !== 200) throw new Error(`events.list (fresh) → ${freshSample.status}: ${await freshSample.text()}`);
  const freshItems = ((await freshSample.json()) as { items: unknown[] }).items.length;

  const r = await measure(
    {
      baseline: () => `${bareBase}${path}`,
      polling: () => `${base}${path}`,
      fresh: () => `${base}${freshPath(n++)}`,
    },
    headers,
  );
  const [ops, baseline, fresh] = [r.polling!, r.baseline!, r.fresh!];
  await bare.close();
  await app.close();
  await stores.close();
  google.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      name: 'google-events-list',
      opsPerSec: Math.round(ops),
      baselineOpsPerSec: Math.round(baseline),
      ratio: Number((ops / baseline).toFixed(3)),
      freshOpsPerSec: Math.round(fresh),
      freshRatio: Number((fresh / baseline).toFixed(3)),
      target: 0.4,
      items,
      freshItems,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
    }),
  );
}

await main();
