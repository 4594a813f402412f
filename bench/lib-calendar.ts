// Shared by the calendar benches (bench/graph-calendarview.ts, bench/get-schedule.ts,
// bench/seed-events.ts): a keep-alive HTTPS client trusting the data dir's CA, an app-only token
// for the generated tenant's app, alternating-slice throughput measurement, and the cached large
// tenant (5,000 rooms, 1,000,000 events) the getSchedule bench reads.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { generateIntoDataDir, type GenerateResult } from '../src/graph/calendar/load/data-dir.js';
import { GENERATED_APP } from '../src/graph/calendar/load/generate.js';
import type { Tenantbox } from '../src/server.js';

export function httpsAgent(caCertPath: string, connections = 16): Agent {
  return new Agent({ connect: { ca: readFileSync(caCertPath, 'utf8') }, connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

export async function appToken(tb: Tenantbox, agent: Agent, secret = 'load-signage-secret'): Promise<string> {
  const t = tb.tenants[0]!;
  const appId = t.apps.find((a) => a.displayName === GENERATED_APP)!.appId;
  const res = await request(`${tb.url}/${t.id}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * Requests per second of each target, measured in alternating slices so that load other processes
 * put on the machine weighs on each target alike. `next()` gives each request's URL.
 */
export async function throughput(agent: Agent, targets: Record<string, { next: () => string; headers?: Record<string, string>; before?: () => void }>, opts: { concurrency: number; seconds: number; slices: number }): Promise<Record<string, number>> {
  const once = async (url: string, headers: Record<string, string> | undefined) => {
    const res = await request(url, { dispatcher: agent, headers });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}`);
  };
  const totals: Record<string, { n: number; ms: number }> = {};
  for (const [name, t] of Object.entries(targets)) {
    totals[name] = { n: 0, ms: 0 };
    t.before?.();
    for (let i = 0; i < 300; i++) await once(t.next(), t.headers); // warm up
  }
  const sliceMs = (opts.seconds * 1000) / opts.slices;
  for (let s = 0; s < opts.slices; s++) {
    for (const [name, t] of Object.entries(targets)) {
      t.before?.();
      const t0 = performance.now();
      const until = t0 + sliceMs;
      let done = 0;
      await Promise.all(
        Array.from({ length: opts.concurrency }, async () => {
          while (performance.now() < until) {
            await once(t.next(), t.headers);
            done++;
          }
        }),
      );
      totals[name]!.n += done;
      totals[name]!.ms += performance.now() - t0;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, (v.n * 1000) / v.ms]));
}

/** Monday of the current week (UTC), as YYYY-MM-DD: a window of working days around today. */
export function thisMonday(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  return d.toISOString().slice(0, 10);
}

export const LARGE = { rooms: 5_000, events: 1_000_000, days: 28 };

/**
 * The large tenant, generated once into a temp data dir and reused by later runs (generation is
 * what bench/seed-events.ts measures). Rooms' items only: the rows getSchedule over rooms reads.
 */
export async function largeTenantDir(opts: { fresh?: boolean; progress?: boolean } = {}): Promise<{ dataDir: string; tenantFile: string; generated?: GenerateResult }> {
  const dataDir = join(tmpdir(), `tenantbox-bench-${LARGE.rooms}r-${LARGE.events}e-${thisMonday()}`);
  const tenantFile = join(dataDir, 'generated-tenant.yaml');
  const marker = join(dataDir, 'complete');
  if (!opts.fresh && existsSync(marker)) return { dataDir, tenantFile };
  rmSync(dataDir, { recursive: true, force: true });
  const generated = await generateIntoDataDir(dataDir, { ...LARGE, from: shiftDays(thisMonday(), -7), roomCopiesOnly: true, progress: opts.progress ?? true });
  (await import('node:fs')).writeFileSync(marker, JSON.stringify({ rows: generated.rows }));
  return { dataDir, tenantFile, generated };
}

export function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
