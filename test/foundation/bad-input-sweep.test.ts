import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalog } from '../../src/catalog/index.js';
import { registerGoogle } from '../../src/google/index.js';
import { registerGraph } from '../../src/graph/index.js';
import { systemIds } from '../../src/shared/ids.js';
import type { Services } from '../../src/shared/services.js';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { allGoogleScopes } from '../google/harness.js';
import { assertion } from '../google/helpers.js';
import { buildSweep, SWEEP_TENANT_YAML, type Probe, type RouteDef } from './bad-input-sweep-inputs.js';

// "Bad input gets the real service's error, never a crash, a hang or a 500." Every Graph route
// (/v1.0 and /beta) and every Google API route is enumerated from the surfaces themselves (an
// onRoute hook on a bare Fastify that registers them exactly as buildApp does), then sent bad
// bodies, bad ids, bad query options and wrong content types (bad-input-sweep-inputs.ts). Each
// answer must be a non-500 (501 naming what is not emulated is fine) and, when it is an error,
// the service's own JSON envelope. The demo tenant is the tenantbox's first tenant file document;
// a small tenant of the sweep's own (one app holding many permissions, admin-consented; a Google
// service account delegated every scope) follows it in the same stream.

let tb: TestTenantbox;
let routes: RouteDef[];

beforeAll(async () => {
  const demo = readFileSync(new URL('../../examples/demo-tenant.yaml', import.meta.url), 'utf8');
  const google = allGoogleScopes().map((s) => `        - ${s}`).join('\n');
  tb = await startTestTenantbox({ yaml: `${demo}\n---\n${SWEEP_TENANT_YAML.replace('__GOOGLE_SCOPES__', google)}` });
  routes = await enumerateRoutes(tb);
}, 60_000);

afterAll(async () => {
  await tb?.cleanup();
});

/** The Graph and Google surfaces' routes, as they register them (HEAD twins left out). */
async function enumerateRoutes(t: TestTenantbox): Promise<RouteDef[]> {
  const services: Services = {
    stores: t.stores,
    clock: t.clock,
    ids: systemIds,
    catalog: getCatalog(),
    run: { dataDir: t.dataDir, url: t.url, tenantFile: { path: '', hash: '' }, version: 'sweep', startedAt: Date.now() },
    adminKey: t.adminKey,
    reset: t.reset,
  };
  const app = Fastify();
  const found: RouteDef[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') found.push({ method, url: r.url });
  });
  await app.register(async (scope) => registerGraph(scope, services));
  await app.register(async (scope) => registerGoogle(scope, services));
  await app.ready();
  await app.close();
  return found;
}

async function graphAppToken(): Promise<string> {
  const appId = tb.tenants.find((x) => x.domain === 'sweep.test')!.apps.find((a) => a.displayName === 'Sweep App')!.appId;
  const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId, clientSecret: 'sweep-secret', tenant: 'sweep.test' }));
  return (await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken;
}

async function graphDelegatedToken(): Promise<string> {
  const appId = tb.tenants.find((x) => x.domain === 'sweep.test')!.apps.find((a) => a.displayName === 'Sweep Public')!.appId;
  const pca = new PublicClientApplication(msalConfigFor(tb, { appId, tenant: 'sweep.test' }));
  const r = await pca.acquireTokenByUsernamePassword({ username: 'ada@sweep.test', password: 'Passw0rd!', scopes: ['https://graph.microsoft.com/.default'] });
  return r!.accessToken;
}

async function googleToken(): Promise<string> {
  const keyFile = join(tb.dataDir, 'google', 'sweep-bot.json');
  const body = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: assertion(keyFile, { scopes: allGoogleScopes(), sub: 'ada@sweep.test' }),
  });
  const res = await tb.fetch('/token', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const json = (await res.json()) as { access_token?: string };
  if (!json.access_token) throw new Error(`google token: ${res.status} ${JSON.stringify(json)}`);
  return json.access_token;
}

interface Failure {
  probe: Probe;
  status: number | string;
  excerpt: string;
}

async function send(p: Probe): Promise<Failure | undefined> {
  let res: Response;
  let text: string;
  try {
    res = await tb.fetch(p.path, { method: p.method, headers: p.headers, body: p.body, redirect: 'manual' });
    text = await res.text();
  } catch (e) {
    return { probe: p, status: 'no answer', excerpt: String(e) };
  }
  const fail = (why: string): Failure => ({ probe: p, status: res.status, excerpt: `${why}: ${text.slice(0, 300)}` });
  if (res.status >= 500 && res.status !== 501) return fail('server error');
  if (res.status < 400) return undefined;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  const e = body?.error;
  if (p.surface === 'graph') {
    if (typeof e?.code !== 'string' || typeof e.message !== 'string' || typeof e.innerError !== 'object' || e.innerError === null) return fail('not Graph error envelope');
  } else if (typeof e?.code !== 'number' || typeof e.message !== 'string' || !Array.isArray(e.errors) || e.code !== res.status) {
    return fail('not Google error envelope');
  }
  return undefined;
}

async function runAll(probes: Probe[], concurrency: number): Promise<Failure[]> {
  const failures: Failure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const p = probes[next++]!;
      const f = await send(p);
      if (f) failures.push(f);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

describe('bad input sweep over every Graph and Google route', () => {
  it('answers every bad input with the service error envelope, never a 500 or a hang', async () => {
    const [appOnly, delegated, google] = await Promise.all([graphAppToken(), graphDelegatedToken(), googleToken()]);
    const sweep = await buildSweep(tb, routes, { appOnly, delegated, google });
    // The enumeration must have found the surfaces (a broken hook would make this test vacuous).
    expect(sweep.routes.graph).toBeGreaterThan(400);
    expect(sweep.routes.google).toBeGreaterThan(30);
    // Probes that change state (DELETE, actions) run after the reads, so ids stay good for them.
    const failures = [...(await runAll(sweep.probes.filter((p) => !p.late), 12)), ...(await runAll(sweep.probes.filter((p) => p.late), 12))];
    const report = failures.map((f) => `${f.probe.method} ${f.probe.route} [${f.probe.input}] ${f.probe.path.slice(0, 200)} → ${f.status} ${f.excerpt}`);
    expect(report, `${failures.length} of ${sweep.probes.length} probes failed:\n${report.join('\n')}`).toEqual([]);
  }, 120_000);
});
