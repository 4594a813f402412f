import { describe, expect, it } from 'vitest';
import { analyze, parseHar, tokenClaims } from '../../src/analyzer/index.js';

// A small hand-made HAR, as a browser or proxy records traffic against the real services:
// unsigned JWTs are enough, the analyzer only reads their claims.
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const delegated = jwt({ aud: '00000003-0000-0000-c000-000000000000', appid: 'app-1', oid: 'user-1', scp: 'User.Read Calendars.ReadWrite Mail.Read' });
const appOnly = jwt({ aud: '00000003-0000-0000-c000-000000000000', appid: 'app-1', idtyp: 'app', roles: ['User.Read.All'] });

const entry = (method: string, url: string, status: number, token?: string, extra: Record<string, unknown> = {}) => ({
  startedDateTime: '2026-01-12T09:00:00.000Z',
  request: { method, url, headers: token ? [{ name: 'Authorization', value: `Bearer ${token}` }] : [], ...extra },
  response: { status, content: {} },
});

const har = {
  log: {
    version: '1.2',
    creator: { name: 'hand', version: '1' },
    entries: [
      entry('POST', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', 200),
      entry('GET', 'https://graph.microsoft.com/v1.0/me', 200, delegated),
      entry('GET', 'https://graph.microsoft.com/v1.0/me/calendarView?startDateTime=2026-01-12T00:00:00Z&endDateTime=2026-01-13T00:00:00Z', 200, delegated),
      entry('POST', 'https://graph.microsoft.com/v1.0/me/events', 201, delegated),
      entry('GET', 'https://graph.microsoft.com/v1.0/me/holograms/0f8fad5b-d9cb-469f-a165-70867728950e', 404, delegated),
      entry('GET', 'https://graph.microsoft.com/v1.0/users/room1@contoso.com/calendar/events', 403, appOnly),
      {
        ...entry('POST', 'https://graph.microsoft.com/v1.0/$batch', 200, delegated, {
          postData: { mimeType: 'application/json', text: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/me/events' }, { id: '2', method: 'GET', url: '/me/mailFolders/inbox' }] }) },
        }),
        response: { status: 200, content: { mimeType: 'application/json', text: JSON.stringify({ responses: [{ id: '1', status: 200 }, { id: '2', status: 200 }] }) } },
      },
      entry('GET', 'https://www.googleapis.com/calendar/v3/calendars/primary/events', 200, 'ya29.opaque-google-token'),
      entry('GET', 'https://cdn.example.com/app.js', 200),
      { request: { method: 'GET' } },
    ],
  },
};

describe('HAR input', () => {
  it('reads Graph and Google calls, expands $batch, and counts what it skips', () => {
    const set = parseHar(JSON.stringify(har));
    expect(set.observations.map((o) => `${o.service} ${o.scheme ?? '?'} ${o.method} ${o.path.split('?')[0]} ${o.status}`)).toEqual([
      'graph delegated GET /v1.0/me 200',
      'graph delegated GET /v1.0/me/calendarView 200',
      'graph delegated POST /v1.0/me/events 201',
      'graph delegated GET /v1.0/me/holograms/0f8fad5b-d9cb-469f-a165-70867728950e 404',
      'graph application GET /v1.0/users/room1@contoso.com/calendar/events 403',
      'graph delegated GET /v1.0/me/events 200',
      'graph delegated GET /v1.0/me/mailFolders/inbox 200',
      'google ? GET /calendar/v3/calendars/primary/events 200',
    ]);
    expect(set.skipped).toEqual({ 'sign-in and token requests': 1, 'requests to other hosts': 1, 'entries without a method or URL': 1 });
    expect(set.observations[0]).toMatchObject({ granted: ['User.Read', 'Calendars.ReadWrite', 'Mail.Read'], userId: 'user-1', appId: 'app-1' });
  });

  it('analyses it: minimal sets, an unknown path listed, a refused app-only call as missing', () => {
    const r = analyze({ ...parseHar(JSON.stringify(har)), source: { kind: 'har', description: 'test' } });
    const delegatedGroup = r.groups.find((g) => g.key === 'graph:delegated')!;
    expect(delegatedGroup.minimal.permissions.map((p) => p.name).sort()).toEqual(['Calendars.ReadWrite', 'Mail.ReadBasic', 'User.Read']);
    // Microsoft's data lists /users/{id}/calendarView only: /me/calendarView takes that entry, as
    // tenantbox's Graph does; only the made-up path stays unknown.
    expect(delegatedGroup.calls.filter((c) => c.status === 'unknown').map((c) => c.key)).toEqual(['GET /me/holograms/{id}']);
    expect(delegatedGroup.calls.find((c) => c.samplePath === '/v1.0/me/calendarView')).toMatchObject({ status: 'known', key: 'GET /users/{id}/calendarview' });
    // The token held Mail.Read; Mail.ReadBasic allows the one mail call with less.
    expect(delegatedGroup.findings.map((f) => [f.kind, f.permission])).toEqual([['excessive', 'Mail.Read']]);
    const appGroup = r.groups.find((g) => g.key === 'graph:application')!;
    // Its token held User.Read.All only: the 403 is a missing permission, and User.Read.All went unused.
    expect(appGroup.findings).toEqual([
      expect.objectContaining({ kind: 'missing', call: 'GET /users/{id}/calendar/events', suffices: ['Calendars.Read'] }),
      expect.objectContaining({ kind: 'unused', permission: 'User.Read.All' }),
    ]);
    // The Google call carried an opaque token: its scheme was assumed and the report says so.
    const googleGroup = r.groups.find((g) => g.key === 'google:delegated')!;
    expect(googleGroup.calls[0].schemeAssumed).toBe(true);
    expect(googleGroup.suggestions.map((s) => s.kind)).toContain('scheme-assumed');
  });

  it('rejects what is not a HAR with a clear message', () => {
    expect(() => parseHar('not json')).toThrow(/not a HAR file/);
    expect(() => parseHar('{"foo":1}')).toThrow('not a HAR file: no log.entries list');
  });

  it('reads scp and roles from a JWT, and nothing from an opaque token', () => {
    expect(tokenClaims(`Bearer ${delegated}`)).toMatchObject({ scheme: 'delegated', granted: ['User.Read', 'Calendars.ReadWrite', 'Mail.Read'] });
    expect(tokenClaims(`Bearer ${appOnly}`)).toMatchObject({ scheme: 'application', granted: ['User.Read.All'], userId: null });
    expect(tokenClaims('Bearer ya29.opaque')).toBeUndefined();
    expect(tokenClaims(undefined)).toBeUndefined();
  });
});
