// Auditing a 100,000-request log: a synthetic but realistic tenantbox audit log (a booking
// platform's app-only sync and calendar traffic, signed-in users, a room display, Google
// domain-wide delegation, refusals, a few unknown endpoints) as JSON lines, audited against the
// workplace-booking manifest. Baseline in the same run: only parsing the JSON lines.
//   node --expose-gc --import tsx bench/audit-100k.ts [N]
// Prints JSON lines: { name, records, ms, recordsPerSec, heapUsedMB, rssMB, maxRssMB } per phase,
// then { name: 'audit-100k', ratio } (audit throughput / parse-only throughput).
import { randomUUID } from 'node:crypto';
import { analyze, parseAuditJsonLines, renderReport } from '../src/analyzer/index.js';
import { getAnalyzerCatalog } from '../src/analyzer/analyzer-catalog.js';
import { loadManifest } from '../src/manifest/index.js';
import type { AuditRecord } from '../src/store/types.js';

const N = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

// Deterministic pseudo-random numbers, so every run audits the same log.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const users = Array.from({ length: 400 }, (_, i) => `user${i}@contoso.test`);
const rooms = Array.from({ length: 60 }, (_, i) => `room${i}@contoso.test`);
const groups = Array.from({ length: 40 }, () => randomUUID());
const eventId = () => `AAMkAGI2${Math.floor(rand() * 1e9).toString(36)}AAA=`;

type Shape = { w: number; make: () => Pick<AuditRecord, 'method' | 'path' | 'scheme' | 'service'> & Partial<AuditRecord> };
const APP = { scheme: 'application' as const, service: 'graph' as const, granted: ['User.Read.All', 'GroupMember.Read.All', 'Directory.Read.All', 'Calendars.ReadWrite', 'Mail.ReadWrite', 'Reports.Read.All', 'OnlineMeetings.ReadWrite.All'] };
const USER = { scheme: 'delegated' as const, service: 'graph' as const, granted: ['User.Read', 'Calendars.ReadWrite', 'OnlineMeetings.ReadWrite', 'offline_access'] };
const GOOGLE = { scheme: 'delegated' as const, service: 'google' as const, granted: ['https://www.googleapis.com/auth/calendar', 'https://www.googleapis.com/auth/calendar.events'] };
const SHAPES: Shape[] = [
  { w: 22, make: () => ({ ...APP, method: 'GET', path: `/v1.0/users/${pick(rooms)}/calendarView` }) },
  { w: 10, make: () => ({ ...APP, method: 'POST', path: `/v1.0/users/${pick(rooms)}/calendar/events` }) },
  { w: 8, make: () => ({ ...APP, method: 'PATCH', path: `/v1.0/users/${pick(rooms)}/events/${eventId()}` }) },
  { w: 3, make: () => ({ ...APP, method: 'DELETE', path: `/v1.0/users/${pick(rooms)}/events/${eventId()}` }) },
  { w: 8, make: () => ({ ...APP, method: 'POST', path: `/v1.0/users/${pick(users)}/calendar/getSchedule` }) },
  { w: 6, make: () => ({ ...APP, method: 'GET', path: '/v1.0/users' }) },
  { w: 6, make: () => ({ ...APP, method: 'GET', path: `/v1.0/users/${pick(users)}` }) },
  { w: 4, make: () => ({ ...APP, method: 'GET', path: `/v1.0/groups/${pick(groups)}/transitiveMembers` }) },
  { w: 1, make: () => ({ ...APP, method: 'GET', path: "/v1.0/reports/getOffice365ActiveUserDetail(period='D7')" }) },
  { w: 2, make: () => ({ ...APP, method: 'POST', path: `/v1.0/users/${pick(users)}/onlineMeetings` }) },
  { w: 1, make: () => ({ ...APP, method: 'GET', path: `/v1.0/users/${pick(users)}/events`, status: 403, policy: 'ApplicationAccessPolicy' }) },
  { w: 8, make: () => ({ ...USER, userId: pick(users), method: 'GET', path: '/v1.0/me' }) },
  { w: 8, make: () => ({ ...USER, userId: pick(users), method: 'GET', path: '/v1.0/me/calendar/calendarView' }) },
  { w: 4, make: () => ({ ...USER, userId: pick(users), method: 'POST', path: '/v1.0/me/events' }) },
  { w: 2, make: () => ({ ...USER, userId: pick(users), method: 'POST', path: '/v1.0/me/onlineMeetings' }) },
  { w: 1, make: () => ({ ...USER, userId: pick(users), method: 'GET', path: `/v1.0/users/${pick(rooms)}/calendar/events`, status: 403, missing: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'] }) },
  { w: 4, make: () => ({ ...GOOGLE, userId: 'signage@contoso.test', method: 'GET', path: `/calendar/v3/calendars/${encodeURIComponent(pick(rooms))}/events` }) },
  { w: 1, make: () => ({ ...GOOGLE, userId: 'signage@contoso.test', method: 'POST', path: `/calendar/v3/calendars/${encodeURIComponent(pick(rooms))}/events` }) },
  { w: 1, make: () => ({ ...GOOGLE, userId: 'signage@contoso.test', method: 'GET', path: '/admin/directory/v1/customer/my_customer/resources/calendars' }) },
  { w: 1, make: () => ({ ...APP, method: 'GET', path: `/v1.0/holograms/${randomUUID()}` }) },
  { w: 2, make: () => ({ service: 'identity', scheme: null as unknown as 'delegated', method: 'POST', path: '/tenant/oauth2/v2.0/token' }) },
];
const total = SHAPES.reduce((s, x) => s + x.w, 0);

function generate(n: number): string {
  const lines: string[] = [];
  const start = Date.UTC(2026, 0, 12, 8);
  for (let i = 0; i < n; i++) {
    let r = rand() * total;
    const shape = SHAPES.find((s) => (r -= s.w) < 0) ?? SHAPES[0];
    const made = shape.make();
    const record: AuditRecord = {
      seq: i + 1,
      time: new Date(start + i * 250).toISOString(),
      tenantId: 'b7f1c0de-0000-4000-8000-000000000001',
      appId: '7a1d0c5e-2b9f-4c1a-9e3d-000000000002',
      appDisplayName: 'Workplace booking',
      userId: null,
      template: null,
      permission: null,
      missing: [],
      policy: null,
      status: made.method === 'POST' ? 201 : 200,
      requestId: randomUUID(),
      granted: [],
      ...made,
    } as AuditRecord;
    lines.push(JSON.stringify(record));
  }
  return `${lines.join('\n')}\n`;
}

function memory() {
  const m = process.memoryUsage();
  return { heapUsedMB: round(m.heapUsed / 2 ** 20), rssMB: round(m.rss / 2 ** 20), maxRssMB: round(process.resourceUsage().maxRSS / 1024) };
}
const round = (x: number) => Math.round(x * 10) / 10;

// Each phase runs RUNS times (after a GC); the median time is reported, since the machine may be
// shared. Memory is read right after the last run: heap in use and RSS now, and the process's peak
// RSS so far (monotonic over the whole run).
const RUNS = 3;
function phase<T>(name: string, records: number, fn: () => T, runs = RUNS): { result: T; ms: number } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ name, records, runs, ms: round(ms), recordsPerSec: Math.round((records / ms) * 1000), ...memory() }));
  return { result, ms };
}

const manifest = loadManifest(new URL('../examples/manifests/workplace-booking.yaml', import.meta.url).pathname);
const text = phase('generate-log', N, () => generate(N), 1).result;
console.log(JSON.stringify({ name: 'log-size', records: N, megabytes: round(Buffer.byteLength(text) / 2 ** 20) }));

// Baseline: parse the JSON lines into records, as any consumer of the log would, and nothing else.
const baseline = phase('baseline-parse-jsonl', N, () => {
  const records: AuditRecord[] = [];
  for (const line of text.split('\n')) if (line) records.push(JSON.parse(line) as AuditRecord);
  return records.length;
});

// Cold: the first audit also loads the catalog and builds the analyzer's indexes.
const cold = phase(
  'audit-cold',
  N,
  () => {
    const set = parseAuditJsonLines(text);
    return analyze({ observations: set.observations, skipped: set.skipped, manifest });
  },
  1,
);
getAnalyzerCatalog();
const warm = phase('audit-warm', N, () => {
  const set = parseAuditJsonLines(text);
  const report = analyze({ observations: set.observations, skipped: set.skipped, manifest });
  return renderReport(report, 'json').length;
});
// The two halves of a warm audit, to see where the time goes.
const parsed = phase('audit-warm-parse-only', N, () => parseAuditJsonLines(text)).result;
phase('audit-warm-analyze-only', N, () => analyze({ observations: parsed.observations, skipped: parsed.skipped, manifest }));
const s = cold.result.summary;
console.log(JSON.stringify({ name: 'audit-result', groups: cold.result.groups.map((g) => `${g.key}: ${g.calls.length} calls, minimal ${g.minimal.permissions.map((p) => p.name).join(' ')} (${g.minimal.method})`), summary: s }));
console.log(JSON.stringify({ name: 'audit-100k', records: N, ratioWarm: round(baseline.ms / warm.ms), ratioCold: round(baseline.ms / cold.ms), note: 'audit throughput / parse-only throughput' }));
