import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerAnalyzer } from '../../src/admin/routes/analyzer.js';
import type { Services } from '../../src/shared/services.js';
import type { AuditRecord } from '../../src/store/types.js';
import { TenantboxError } from '../../src/shared/errors.js';
import { app, user } from './helpers.js';

// The route on a bare Fastify instance with an in-memory audit store (the lead mounts it under
// /_tenantbox with the admin key check).
const records: AuditRecord[] = [app('GET', '/v1.0/users/room1@contoso.test/calendarView'), app('GET', '/v1.0/users', { appId: 'other-app' }), user('GET', '/v1.0/me')];
const fake = {
  stores: {
    audit: {
      query: async (f: { appId?: string; afterSeq?: number; limit?: number }) =>
        records.filter((r) => (!f.appId || r.appId === f.appId) && (f.afterSeq === undefined || r.seq! > f.afterSeq)).slice(0, f.limit ?? 1000),
    },
  },
  clock: { nowDate: () => new Date('2026-01-12T12:00:00Z') },
} as unknown as Services;

const server = Fastify();
server.setErrorHandler((e, _req, reply) => {
  if (e instanceof TenantboxError) return reply.status(e.status).send({ error: { code: e.code, message: e.message } });
  return reply.status(500).send({ error: String(e) });
});
registerAnalyzer(server, fake);
afterAll(() => server.close());

const manifestText = readFileSync(new URL('../../examples/manifests/room-signage.yaml', import.meta.url), 'utf8');

describe('POST /analyze and /check', () => {
  it('audits the store for one app and returns the JSON report', async () => {
    const res = await server.inject({ method: 'POST', url: '/analyze', payload: { app: 'app-1' } });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ format: 'tenantbox-audit-report', generatedAt: '2026-01-12T12:00:00.000Z', totals: { observations: 2 } });
    expect(r.groups.map((g: { key: string }) => g.key)).toEqual(['graph:delegated', 'graph:application']);
  });

  it('compares with a manifest, renders Markdown, and flags a failed gate in a header', async () => {
    const res = await server.inject({ method: 'POST', url: '/analyze', payload: { app: 'app-1', manifest: manifestText, model: 'app', format: 'md', failOn: ['excess'] } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.body).toContain('# Permission audit: Room signage');
    expect(res.headers['x-tenantbox-gate']).toMatch(/^failed: excess/);
  });

  it('audits a HAR sent in the body', async () => {
    const har = { log: { entries: [{ request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/places/microsoft.graph.room', headers: [] }, response: { status: 200 } }] } };
    const res = await server.inject({ method: 'POST', url: '/analyze', payload: { har: JSON.stringify(har), assumeScheme: 'application' } });
    expect(res.json().groups[0]).toMatchObject({ key: 'graph:application', minimal: { permissions: [{ name: 'Place.Read.All' }] } });
  });

  it('answers 400 with the problems for a bad request', async () => {
    const bad = await server.inject({ method: 'POST', url: '/analyze', payload: { format: 'pdf' } });
    expect(bad.statusCode).toBe(400);
    const badManifest = await server.inject({ method: 'POST', url: '/analyze', payload: { manifest: 'app: {}\n' } });
    expect(badManifest.statusCode).toBe(400);
    expect(badManifest.json().error.message).toContain("missing required field 'name'");
  });

  it('checks a manifest', async () => {
    const res = await server.inject({ method: 'POST', url: '/check', payload: { manifest: manifestText } });
    expect(res.json()).toMatchObject({ counts: { error: 0, warning: 1 } });
  });
});
