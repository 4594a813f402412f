import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CatalogJson } from './catalog-format.js';
import { GENERATED_PATH, defaultSharedDataDir, deriveCatalog } from './derive/index.js';
import { getCatalog } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const catalog = getCatalog();

describe('Graph path lookup', () => {
  it.each(['delegated', 'application'] as const)('getSchedule is least at Calendars.ReadBasic (%s)', (scheme) => {
    const m = catalog.lookup('POST', '/v1.0/users/orion@contoso.test/calendar/getSchedule', scheme);
    expect(m?.template).toBe('/users/{id}/calendar/getschedule');
    expect(m?.least).toEqual(['Calendars.ReadBasic']);
    expect(m?.permissions).toEqual(['Calendars.Read', 'Calendars.ReadBasic', 'Calendars.ReadWrite']);
  });

  it.each(['delegated', 'application'] as const)('rooms are least at Place.Read.All (%s)', (scheme) => {
    const m = catalog.lookup('GET', '/v1.0/places/microsoft.graph.room', scheme);
    expect(m?.template).toBe('/places/microsoft.graph.room');
    expect(m?.least).toEqual(['Place.Read.All']);
    expect(m?.permissions).toContain('Place.ReadWrite.All');
  });

  it('returns undefined for an unknown path or an unlisted method', () => {
    expect(catalog.lookup('GET', '/v1.0/nothing/here', 'delegated')).toBeUndefined();
    expect(catalog.lookup('GET', '/v1.0/users/u1/calendar/nothing', 'delegated')).toBeUndefined();
    expect(catalog.lookup('PUT', '/v1.0/places/microsoft.graph.room', 'application')).toBeUndefined();
  });

  it('knows an endpoint whose scheme is unsupported, with no permissions', () => {
    const app = catalog.lookup('POST', '/v1.0/me/findMeetingTimes', 'application');
    expect(app?.template).toBe('/me/findmeetingtimes');
    expect(app?.permissions).toEqual([]);
    expect(catalog.lookup('POST', '/v1.0/me/findMeetingTimes', 'delegated')?.least).toEqual(['Calendars.Read.Shared']);
  });

  it('normalizes version prefix, query, trailing slash, full URLs and literal case', () => {
    const forms = [
      '/v1.0/places/microsoft.graph.room?$top=5',
      '/beta/places/microsoft.graph.room/',
      'https://graph.microsoft.com/v1.0/Places/Microsoft.Graph.Room',
      '/places/microsoft.graph.room',
    ];
    for (const f of forms) expect(catalog.lookup('get', f, 'application')?.template).toBe('/places/microsoft.graph.room');
  });

  it('prefers a literal segment over a parameter at the same position', () => {
    expect(catalog.lookup('GET', '/v1.0/users/delta', 'application')?.template).toBe('/users/delta');
    expect(catalog.lookup('GET', '/v1.0/users/orion@contoso.test', 'application')?.template).toBe('/users/{id}');
  });

  it('falls back to the parameter when the literal branch leads to no template', () => {
    // A user whose id happens to be "delta": /users/delta/calendar/events exists only as /users/{id}/….
    expect(catalog.lookup('GET', '/v1.0/users/delta/calendar/events', 'application')?.template).toBe(
      '/users/{id}/calendar/events',
    );
  });

  it('resolves the path before the method, as Graph does', () => {
    // DELETE /places/{id} exists, but /places/microsoft.graph.room is the cast, which has only GET.
    expect(catalog.lookup('DELETE', '/v1.0/places/room1', 'application')?.template).toBe('/places/{id}');
    expect(catalog.lookup('DELETE', '/v1.0/places/microsoft.graph.room', 'application')).toBeUndefined();
  });

  it('handles key-in-parentheses, OData functions and drive path addressing', () => {
    expect(catalog.lookup('GET', "/v1.0/users('orion@contoso.test')/calendar/events", 'delegated')?.template).toBe(
      '/users/{id}/calendar/events',
    );
    expect(catalog.lookup('GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", 'application')?.template).toBe(
      '/reports/getemailactivitycounts(period={value})',
    );
    expect(catalog.lookup('GET', "/v1.0/applications(appId='0000-1111')", 'application')?.least).toContain(
      'Application.Read.All',
    );
    expect(catalog.lookup('GET', '/v1.0/me/drive/root:/Reports/Q1 plan.docx:/content', 'delegated')?.template).toBe(
      '/me/drive/root:/{id}:/content',
    );
  });

  it('keeps resource-specific-consent permissions apart from tenant-wide ones', () => {
    const m = catalog.lookup('GET', '/v1.0/teams/t1/channels/c1/messages', 'application');
    expect(m?.rsc).toContain('ChannelMessage.Read.Group');
    expect(m?.permissions).not.toContain('ChannelMessage.Read.Group');
    expect(m?.permissions).toContain('ChannelMessage.Read.All');
  });

  it('finds every template of the generated file from a concrete request', () => {
    const json = JSON.parse(readFileSync(path.join(repoRoot, GENERATED_PATH), 'utf8')) as CatalogJson;
    const misses: string[] = [];
    for (const [template, methods] of Object.entries(json.graph.paths)) {
      const concrete = template.replace(/\{[^}]+\}/g, 'a1b2');
      for (const method of Object.keys(methods)) {
        const got = catalog.lookup(method, `/v1.0${concrete}`, 'delegated')?.template;
        if (got !== template) misses.push(`${method} ${template} -> ${got}`);
      }
    }
    expect(misses).toEqual([]);
  });
});

describe('Graph permissions', () => {
  it('looks names up case-insensitively and returns canonical casing, ids and admin flags', () => {
    const read = catalog.permission('user.read');
    expect(read?.name).toBe('User.Read');
    expect(read?.delegated).toMatchObject({ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', requiresAdminConsent: false });
    expect(read?.application).toBeUndefined();

    const readAll = catalog.permission('USER.READ.ALL');
    expect(readAll?.name).toBe('User.Read.All');
    expect(readAll?.delegated).toMatchObject({ id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', requiresAdminConsent: true });
    expect(readAll?.application).toMatchObject({ id: 'df021288-bdef-4463-88db-98f22de89214', requiresAdminConsent: true });
    expect(catalog.permission('No.Such.Permission')).toBeUndefined();
  });

  it('maps ids back to names, with the scheme deciding when a GUID is shared', () => {
    expect(catalog.permissionById('E1FE6DD8-BA31-4D61-89E7-88639DA4683D')).toEqual({ name: 'User.Read', scheme: 'delegated' });
    expect(catalog.permissionById('df021288-bdef-4463-88db-98f22de89214')).toEqual({ name: 'User.Read.All', scheme: 'application' });
    const shared = '405a51b5-8d8d-430b-9842-8be4b0e9f324';
    expect(catalog.permissionById(shared, 'application')).toEqual({ name: 'User.Export.All', scheme: 'application' });
    expect(catalog.permissionById(shared, 'delegated')).toEqual({ name: 'User.Export.All', scheme: 'delegated' });
  });

  it('includes the OpenID scopes as delegated, user-consentable Graph scopes', () => {
    for (const name of ['openid', 'profile', 'email', 'offline_access']) {
      const p = catalog.permission(name);
      expect(p?.oidc).toBe(true);
      expect(p?.delegated?.requiresAdminConsent).toBe(false);
      expect(p?.delegated?.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('merges the case variants that permissions.json spells twice', () => {
    const p = catalog.permission('Calls.JoinGroupCallasGuest.All');
    expect(p?.name).toBe('Calls.JoinGroupCallAsGuest.All');
    expect(catalog.allPermissions().filter((x) => x.name.toLowerCase() === 'calls.joingroupcallasguest.all')).toHaveLength(1);
  });

  it('marks RSC permissions', () => {
    expect(catalog.permission('ChannelMessage.Read.Group')?.authorizationType).toBe('RSC');
    expect(catalog.permission('Calendars.Read')?.authorizationType).toBe('oAuth2');
  });
});

describe('Google scopes', () => {
  const g = catalog.google;
  const CAL = 'https://www.googleapis.com/auth/calendar';

  it('lists calendar.events.list with the full calendar scope, narrowest at a readonly scope', () => {
    const m = g.method('calendar.events.list');
    expect(m?.httpMethod).toBe('GET');
    expect(m?.path).toBe('/calendar/v3/calendars/{calendarId}/events');
    expect(m?.scopes).toContain(CAL);
    expect(g.narrowest('calendar.events.list')).toEqual([`${CAL}.events.readonly`]);
    expect(() => g.narrowest('calendar.nothing')).toThrow(/unknown Google method/);
  });

  it('derives implies from the methods each scope allows', () => {
    expect(g.implies('calendar', 'calendar.events')).toBe(true);
    expect(g.implies(CAL, `${CAL}.events`)).toBe(true);
    expect(g.implies('calendar.events', 'calendar')).toBe(false);
    expect(g.implies('calendar.readonly', 'calendar.events')).toBe(false);
    expect(g.implies('calendar.readonly', 'calendar.events.readonly')).toBe(true);
  });

  it('does not call a scope redundant just because another covers its methods', () => {
    // events.owned allows every calendar.events method but reaches only owned calendars.
    expect(g.coversMethods('calendar.events.owned', 'calendar.events')).toBe(true);
    expect(g.implies('calendar.events.owned', 'calendar.events')).toBe(false);
    expect(g.coversMethods('calendar.events.freebusy', 'calendar.events.readonly')).toBe(true);
    expect(g.implies('calendar.events.freebusy', 'calendar.events.readonly')).toBe(false);
    expect(g.scopeRank('calendar')).toMatchObject({ api: 'calendar:v3', methods: 38 });
  });

  it('maps concrete requests to method ids', () => {
    expect(g.lookupRequest('GET', '/calendar/v3/calendars/orion%40contoso.test/events?maxResults=5')?.method.id).toBe(
      'calendar.events.list',
    );
    expect(g.lookupRequest('POST', '/calendar/v3/calendars/primary/events/quickAdd')?.method.id).toBe('calendar.events.quickAdd');
    expect(g.lookupRequest('GET', '/admin/directory/v1/customer/my_customer/orgunits/eng/platform')?.method.id).toBe(
      'directory.orgunits.get',
    );
    expect(g.lookupRequest('GET', '/admin/directory/v1/customers/c1/chrome/printers')?.method.id).toBe(
      'admin.customers.chrome.printers.list',
    );
    expect(g.lookupRequest('POST', '/admin/directory/v1/customer/c1/devices/chromeos/d1:issueCommand')?.method.id).toBe(
      'admin.customer.devices.chromeos.issueCommand',
    );
    expect(g.lookupRequest('GET', '/calendar/v3/nothing')).toBeUndefined();
  });
});

describe('generated file', () => {
  it('equals a fresh derivation from ../shared/data (what `npm run catalog:check` verifies)', () => {
    // Throws "permission data not found in …" when the shared data is absent: this test must not pass then.
    const fresh = deriveCatalog(defaultSharedDataDir(repoRoot));
    const committed = readFileSync(path.join(repoRoot, GENERATED_PATH), 'utf8');
    expect(committed === fresh.text, 'run `npm run catalog` to regenerate src/catalog/generated/catalog.json').toBe(true);
  });

  it('carries provenance and no description texts', () => {
    const json = JSON.parse(readFileSync(path.join(repoRoot, GENERATED_PATH), 'utf8')) as CatalogJson;
    expect(json._source.generator).toBe('scripts/derive-catalog.ts');
    const graphInput = json._source.inputs.find((i) => i.file === 'msgraph/permissions.json');
    expect(graphInput).toMatchObject({ repo: 'microsoftgraph/microsoft-graph-devx-content', license: expect.stringMatching(/^MIT/) });
    expect(graphInput?.commit).toMatch(/^[0-9a-f]{40}$/);
    const text = readFileSync(path.join(repoRoot, GENERATED_PATH), 'utf8');
    const dataDir = defaultSharedDataDir(repoRoot);
    const described = JSON.parse(readFileSync(path.join(dataDir, 'msgraph/permissions-descriptions.json'), 'utf8')) as {
      delegatedScopesList: Array<Record<string, unknown>>;
    };
    const calendar = JSON.parse(readFileSync(path.join(dataDir, 'google/calendar-v3.scopes.json'), 'utf8')) as {
      methods: Record<string, { description: string }>;
    };
    const texts = [
      ...described.delegatedScopesList.flatMap((s) => [s.adminConsentDescription, s.consentDisplayName]),
      ...Object.values(calendar.methods).map((m) => m.description),
    ].filter((t): t is string => typeof t === 'string' && t.length > 12);
    expect(texts.length).toBeGreaterThan(500);
    expect(texts.filter((t) => text.includes(t))).toEqual([]);
    expect(text).not.toMatch(/"(description|adminDescription|userDescription|adminDisplayName)"/);
  });

  it('`derive-catalog --check` exits 0 on the committed file', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/derive-catalog.ts', '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/catalog:check OK/);
  });
});
