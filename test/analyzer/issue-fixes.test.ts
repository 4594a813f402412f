import { describe, expect, it } from 'vitest';
import { analyze, fromAuditRecords, isIdentityTraffic, lookupGraph, parseHar, renderMarkdown, stablePolicyName } from '../../src/analyzer/index.js';
import { getCatalog } from '../../src/catalog/index.js';
import { buildDocModel } from '../../src/docs-gen/model.js';
import { catalogPath, lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { parseManifest, registrationOf } from '../../src/manifest/index.js';
import { app, google, rec, user } from './helpers.js';

// What running the example apps showed the analyzer got wrong (issue 6): each case states the
// traffic and the answer tenantbox's Graph itself gives.

const run = (records: ReturnType<typeof rec>[], extra: Partial<Parameters<typeof analyze>[0]> = {}) => {
  const set = fromAuditRecords(records);
  return analyze({ ...set, source: { kind: 'records', description: 'test' }, ...extra });
};
const group = (r: ReturnType<typeof analyze>, key: string) => r.groups.find((g) => g.key === key)!;
const TEAM = '1f0e1d2c-3b4a-4958-8776-655443322110';
const OP = '0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9';

describe('path normalization shared with the Graph pipeline', () => {
  it('takes /users/{id}/… for a delegated /me/… call Microsoft lists only under /users (as authorize does)', () => {
    const catalog = getCatalog();
    // The premise: the data lists /users/{id}/calendarView but not /me/calendarView.
    expect(catalog.lookup('GET', '/me/calendarView', 'delegated')).toBeUndefined();
    const pipeline = lookupPermissions(catalog, 'GET', catalogPath('/v1.0/me/calendarView?startDateTime=x'), 'delegated')!;
    const r = run([user('GET', '/v1.0/me/calendarView?startDateTime=2026-01-12T00:00:00Z&endDateTime=2026-01-13T00:00:00Z', { granted: ['Calendars.ReadBasic'] })]);
    const call = group(r, 'graph:delegated').calls[0]!;
    expect(call).toMatchObject({ status: 'known', key: `GET ${pipeline.template}`, template: pipeline.template });
    expect(call.candidates).toContain('Calendars.ReadBasic');
    expect(r.summary.unknownCalls).toBe(0);
  });

  it('drops $ref and $count and reads delta() as delta, like catalogPath', () => {
    const r = run([app('GET', '/v1.0/users/delta()'), app('GET', '/v1.0/users/$count')]);
    expect(group(r, 'graph:application').calls.map((c) => [c.key, c.status])).toEqual([
      ['GET /users', 'known'],
      ['GET /users/delta', 'known'],
    ]);
  });

  it('reads keys in parentheses as segments, so no id reaches the report', () => {
    const r = run([app('GET', `/v1.0/users('${TEAM}')/calendar/events`), app('GET', `/v1.0/teams('${TEAM}')/frobnicate('${OP}')`)]);
    const keys = group(r, 'graph:application').calls.map((c) => c.key);
    expect(keys).toEqual(['GET /teams/{id}/frobnicate/{id}', 'GET /users/{id}/calendar/events']);
    expect(JSON.stringify(group(r, 'graph:application').calls.map((c) => [c.key, c.template, c.note]))).not.toContain(TEAM);
  });
});

describe("operations Microsoft's data lacks", () => {
  it("reports a team's async operation with the entry tenantbox's Graph borrows, not as an unknown path", () => {
    const catalog = getCatalog();
    expect(catalog.lookup('GET', '/teams/{id}/operations/{id}', 'application')).toBeUndefined();
    const borrowed = [...new Set([...(catalog.lookup('POST', '/teams', 'application')?.permissions ?? []), ...(catalog.lookup('GET', '/teams/{id}', 'application')?.permissions ?? [])])];
    expect(borrowed.length).toBeGreaterThan(0);
    expect(lookupGraph(catalog, 'GET', `/v1.0/teams('${TEAM}')/operations('${OP}')`, 'application')?.borrowed?.permissions).toEqual(borrowed);

    const r = run([app('GET', `/v1.0/teams('${TEAM}')/operations('${OP}')`), app('GET', `/v1.0/teams/${TEAM}/operations/${OP}`)]);
    const calls = group(r, 'graph:application').calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ key: 'GET /teams/{id}/operations/{id}', status: 'known', borrowed: true, count: 2 });
    expect(calls[0]!.note).toContain("not in Microsoft's permission data");
    expect([...calls[0]!.candidates].sort()).toEqual(borrowed.filter((p) => catalog.permission(p)?.application?.id).sort());
    expect(r.summary.unknownCalls).toBe(0);
    expect(renderMarkdown(r)).toContain("*not in Microsoft's data*");
  });

  it('reports a PATCH whose content narrowed the endpoint (assignedLabels) apart, covered by what it needs', () => {
    const catalog = getCatalog();
    const endpoint = catalog.lookup('PATCH', '/groups/{id}', 'delegated')!.permissions;
    // The premise: the endpoint's list holds property-scoped permissions that cannot set labels.
    expect(endpoint).toContain('Group.ManageProtection.All');
    const narrowed = { reason: 'assignedLabels', accepted: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'] };
    const r = run([
      user('PATCH', `/v1.0/groups/${TEAM}`, { granted: ['Group.ReadWrite.All'], permission: 'Group.ReadWrite.All', narrowed, status: 204 }),
      user('PATCH', `/v1.0/groups/${TEAM}`, { granted: ['Group.ReadWrite.All'], permission: 'Group.ReadWrite.All', status: 204 }),
    ]);
    const calls = group(r, 'graph:delegated').calls;
    expect(calls.map((c) => c.key).sort()).toEqual(['PATCH /groups/{id}', 'PATCH /groups/{id} [assignedLabels]']);
    expect([...calls.find((c) => c.key.endsWith('[assignedLabels]'))!.candidates].sort()).toEqual(['Directory.ReadWrite.All', 'Group.ReadWrite.All']);
    // One permission covers both rows, and it is one that can set labels.
    expect(group(r, 'graph:delegated').minimal.permissions.map((p) => p.name)).toEqual(['Group.ReadWrite.All']);
    // App-only, nothing allows it.
    const a = run([app('PATCH', `/v1.0/groups/${TEAM}`, { narrowed: { reason: 'assignedLabels', accepted: [] }, status: 401 })]);
    expect(group(a, 'graph:application').calls[0]).toMatchObject({ key: 'PATCH /groups/{id} [assignedLabels]', status: 'unsupported' });
  });

  it('reports /oidc/userinfo as needing delegated openid (the UserInfo page), not as an unknown path', () => {
    expect(getCatalog().lookup('GET', '/oidc/userinfo', 'delegated')).toBeUndefined();
    const r = run([user('GET', '/oidc/userinfo', { granted: ['openid', 'profile', 'User.Read'] }), user('POST', '/oidc/userinfo', { granted: ['openid', 'profile', 'User.Read'] })]);
    const calls = group(r, 'graph:delegated').calls;
    expect(calls.map((c) => [c.key, c.status, c.borrowed, [...c.candidates]])).toEqual([
      ['GET /oidc/userinfo', 'known', true, ['openid']],
      ['POST /oidc/userinfo', 'known', true, ['openid']],
    ]);
    expect(r.summary.unknownCalls).toBe(0);
    expect(lookupGraph(getCatalog(), 'GET', '/oidc/userinfo', 'application')?.match.permissions).toEqual([]);
  });
});

describe('identity traffic', () => {
  it("leaves Google's token endpoint out of the analysis (it is sign-in, not an API call)", () => {
    const records = [google('POST', '/token', { status: 200 }), google('GET', '/tokeninfo'), google('GET', '/calendar/v3/calendars/primary/events', { granted: ['https://www.googleapis.com/auth/calendar.readonly'] })];
    const set = fromAuditRecords(records);
    expect(set.observations.map((o) => o.path)).toEqual(['/calendar/v3/calendars/primary/events']);
    expect(set.skipped).toEqual({ 'Google sign-in and token requests': 2 });
    const r = analyze({ ...set, source: { kind: 'records', description: 'test' } });
    expect(r.summary.unknownCalls).toBe(0);
    expect(group(r, 'google:delegated').calls.map((c) => c.key)).not.toContain('POST /token');
    expect(isIdentityTraffic({ service: 'google', path: '/oauth2/v4/token' })).toBe(true);
    expect(isIdentityTraffic({ service: 'google', path: '/calendar/v3/users/me/calendarList' })).toBe(false);
  });

  it('skips a HAR entry to www.googleapis.com/oauth2/v4/token as sign-in', () => {
    const har = { log: { entries: [{ request: { method: 'POST', url: 'https://www.googleapis.com/oauth2/v4/token', headers: [] }, response: { status: 200 } }] } };
    expect(parseHar(JSON.stringify(har))).toEqual({ observations: [], skipped: { 'sign-in and token requests': 1 } });
  });
});

describe('stable reports', () => {
  const policy = 'ApplicationAccessPolicy RestrictAccess signage-rooms@contoso.test (757a17df-da6d-46ba-93c4-08316782e1c6)';
  const refused = () => [app('GET', '/v1.0/users/room@contoso.test/calendarView', { status: 403, policy, granted: ['Calendars.Read'] })];

  it('names policies by access right and group, without object ids, and carries no timestamp', () => {
    const r = run(refused(), { stable: true });
    expect(r.generatedAt).toBeUndefined();
    expect(group(r, 'graph:application').calls[0]!.policies).toEqual(['ApplicationAccessPolicy RestrictAccess signage-rooms@contoso.test']);
    const text = `${renderMarkdown(r)}${JSON.stringify(r)}`;
    expect(text).not.toMatch(/757a17df|T\d\d:\d\d/);
    expect(stablePolicyName('Mailbox sharing (role freeBusyRead)')).toBe('Mailbox sharing (role freeBusyRead)');
  });

  it('keeps ids and the time otherwise', () => {
    const r = run(refused(), { now: new Date('2026-01-12T10:00:00Z') });
    expect(r.generatedAt).toBe('2026-01-12T10:00:00.000Z');
    expect(group(r, 'graph:application').calls[0]!.policies).toEqual([policy]);
  });
});

describe('self-scoped permissions', () => {
  const install = (permission: string) => app('POST', `/v1.0/teams/${TEAM}/installedApps`, { status: 201, permission, granted: [permission, 'TeamsAppInstallation.ReadWriteForTeam.All'] });

  it('are no candidates for installing another app', () => {
    const r = run([install('TeamsAppInstallation.ReadWriteForTeam.All')]);
    const call = group(r, 'graph:application').calls[0]!;
    expect(call.status).toBe('known');
    expect(call.candidates.length).toBeGreaterThan(0);
    expect(call.candidates.filter((p) => /SelfFor/i.test(p))).toEqual([]);
    expect(call.coveredBy).not.toMatch(/SelfFor/i);
  });

  it('are candidates where the call concerned the caller own app (a self-scoped permission allowed it)', () => {
    const r = run([install('TeamsAppInstallation.ReadWriteSelfForTeam.All')]);
    const call = group(r, 'graph:application').calls[0]!;
    expect(call.candidates.some((p) => /SelfForTeam/i.test(p))).toBe(true);
    expect(call.coveredBy).toMatch(/SelfForTeam/i);
  });
});

describe('an app id per connection model', () => {
  const manifest = () =>
    parseManifest(
      [
        'app: { name: Signs, archetype: room-signage, appId: 5eedaa00-0000-4000-8000-000000000003 }',
        'connections:',
        '  - id: app',
        '    kind: application',
        '    title: App',
        '    mailboxScope: { group: signage-rooms }',
        '    contexts: [{ id: app, title: App, permissions: [{ name: Calendars.Read, type: Application, justification: rooms }] }]',
        '  - id: service-account',
        '    kind: service-account',
        '    title: Service account',
        '    appId: 5eedaa00-0000-4000-8000-000000000004',
        '    redirectUri: http://localhost:3002/auth/callback',
        '    contexts: [{ id: sa, title: SA, permissions: [{ name: Calendars.Read.Shared, type: Delegated, justification: rooms }] }]',
      ].join('\n'),
      'signs.yaml',
    );

  it('reads it, and falls back to the app registration', () => {
    const m = manifest();
    expect(registrationOf(m, m.connections[1])).toEqual({ appId: '5eedaa00-0000-4000-8000-000000000004', redirectUri: 'http://localhost:3002/auth/callback' });
    expect(registrationOf(m, m.connections[0])).toEqual({ appId: '5eedaa00-0000-4000-8000-000000000003' });
  });

  it("puts each model's id in its consent URL, its commands and the audit of that model", () => {
    const m = manifest();
    const doc = buildDocModel(m);
    expect(doc.connections[1]!.contexts[0]!.consentUrl).toContain('client_id=5eedaa00-0000-4000-8000-000000000004');
    expect(doc.connections[1]!.contexts[0]!.consentUrl).toContain(`redirect_uri=${encodeURIComponent('http://localhost:3002/auth/callback')}`);
    expect(doc.adminConsentUrl).toContain('client_id=5eedaa00-0000-4000-8000-000000000003');
    expect(doc.hardening.flatMap((h) => h.commands).join('\n')).toContain('-AppId 5eedaa00-0000-4000-8000-000000000003');
    const r = run([user('GET', '/v1.0/users/room@contoso.test/calendarView', { permission: 'Calendars.Read.Shared' })], { manifest: m, model: 'service-account' });
    expect(r.app.appId).toBe('5eedaa00-0000-4000-8000-000000000004');
  });

  it('rejects an app id that is not a GUID', () => {
    expect(() => parseManifest(['app: { name: A, archetype: a }', 'connections:', '  - { id: c, kind: application, title: C, appId: nope, contexts: [{ id: x, title: X }] }'].join('\n'), 'bad.yaml')).toThrow(/appId.*GUID|GUID/);
  });
});
