import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTORY_ROLES } from './directory-roles.js';
import { TenantFileError } from './errors.js';
import { loadTenantFile, parseTenantFile } from './load.js';

const examples = new URL('../../examples/', import.meta.url).pathname;
// Saturday 2026-03-28 10:15 UTC; Berlin changes to summer time the next night.
const now = new Date('2026-03-28T10:15:00Z');

describe('examples/minimal.yaml (the document from the issue)', () => {
  const loaded = loadTenantFile(join(examples, 'minimal.yaml'), { now });
  const [t] = loaded.tenants;

  it('is one tenant with the defaults filled in', () => {
    expect(loaded.tenants).toHaveLength(1);
    // sha256 of the bytes, so the data dir can tell which file it was seeded from
    expect(loaded.hash).toBe(createHash('sha256').update(readFileSync(join(examples, 'minimal.yaml'))).digest('hex'));
    expect(t).toMatchObject({ domain: 'contoso.test', displayName: 'Contoso', userConsent: 'microsoft-recommended', timeZone: 'UTC' });
    expect(t.id).toBeUndefined();
    expect(t.source).toMatchObject({ line: 2, path: 'tenant' });
  });

  it('normalizes users, rooms and groups', () => {
    expect(t.users.map((u) => u.upn)).toEqual(['adele@contoso.test', 'megan@contoso.test', 'svc-signage@contoso.test']);
    expect(t.users[0]).toMatchObject({ displayName: 'Adele Vance', password: 'Passw0rd!', roles: ['Global Administrator'], accountEnabled: true, mailbox: true, userType: 'Member' });
    expect(t.users[1].roles).toEqual([]);
    expect(t.users[1].source).toEqual({ file: join(examples, 'minimal.yaml'), line: 7, path: 'users[1]' });
    expect(t.rooms).toEqual([
      expect.objectContaining({ email: 'orion@contoso.test', displayName: 'Orion', capacity: 8, building: 'HQ', floor: 2, roomList: 'hq-rooms@contoso.test', autoAccept: true, addOrganizerToSubject: true, deleteSubject: true, accountEnabled: false }),
    ]);
    expect(t.roomLists).toEqual([expect.objectContaining({ email: 'hq-rooms@contoso.test', displayName: 'hq-rooms' })]);
    expect(t.groups[0]).toMatchObject({ mail: 'signage-rooms@contoso.test', mailEnabled: true, securityEnabled: true, groupTypes: [], members: ['orion@contoso.test'], owners: [] });
  });

  it('normalizes permissions, apps, consents, policies and events', () => {
    expect(t.mailboxPermissions).toEqual([
      expect.objectContaining({ mailbox: 'orion@contoso.test', grantee: 'svc-signage@contoso.test', rights: 'FullAccess' }),
      expect.objectContaining({ mailbox: 'megan@contoso.test', grantee: 'adele@contoso.test', folder: 'Calendar', rights: 'Reviewer' }),
    ]);
    const [signage, display] = t.apps;
    expect(signage).toMatchObject({
      displayName: 'Room Signage',
      secrets: [{ value: 'signage-secret-1' }],
      publicClient: false,
      multiTenant: false,
      redirectUris: { web: [], spa: [], publicClient: [] },
      requiredResourceAccess: { graph: { delegated: [], application: ['Calendars.ReadWrite', 'User.Read.All', 'Place.Read.All'] } },
      appRoleAssignmentRequired: false,
      verifiedPublisher: false,
    });
    expect(signage.appId).toBeUndefined();
    // A plain redirect list of a public client lands on the publicClient platform.
    expect(display).toMatchObject({ publicClient: true, secrets: [], redirectUris: { web: [], spa: [], publicClient: ['http://localhost:3000/auth'] } });
    expect(display.requiredResourceAccess.graph.delegated).toEqual(['User.Read', 'Calendars.ReadWrite', 'offline_access']);
    expect(t.consents).toEqual([expect.objectContaining({ app: 'Room Signage', adminConsent: true })]);
    expect(t.policies.applicationAccess).toEqual([expect.objectContaining({ app: 'Room Signage', accessRight: 'RestrictAccess', group: 'signage-rooms@contoso.test' })]);
    expect(t.policies.teamsApplicationAccess).toEqual([]);
    expect(t.events).toEqual([
      expect.objectContaining({ calendar: 'orion@contoso.test', organizer: 'megan@contoso.test', subject: 'Weekly sync', start: '2026-03-29T09:00:00.000Z', end: '2026-03-29T09:30:00.000Z', attendees: [], isPrivate: false, isOnlineMeeting: false }),
    ]);
  });

  it('validates permission names through the injected catalog', () => {
    const seen: string[] = [];
    loadTenantFile(join(examples, 'minimal.yaml'), { now, knownPermission: (r, s, n) => (seen.push(`${r}:${s}:${n}`), true) });
    expect(seen).toEqual(expect.arrayContaining(['graph:application:Place.Read.All', 'graph:delegated:offline_access']));
  });
});

describe('examples/demo-tenant.yaml', () => {
  const { tenants } = loadTenantFile(join(examples, 'demo-tenant.yaml'), { now });
  const [contoso, fabrikam] = tenants;

  it('loads with the sizes it promises', () => {
    expect(tenants.map((t) => t.domain)).toEqual(['contoso.test', 'fabrikam.test']);
    expect(contoso.users.length).toBeGreaterThanOrEqual(30);
    expect(contoso.rooms).toHaveLength(30);
    expect(new Set(contoso.rooms.map((r) => r.building))).toEqual(new Set(['HQ', 'Harbour']));
    expect(contoso.roomLists!.map((l) => l.email)).toEqual(['hq-rooms@contoso.test', 'harbour-rooms@contoso.test']);
    expect(contoso.events.length).toBeGreaterThanOrEqual(20);
    expect(contoso.sensitivityLabels.map((l) => [l.name, l.sensitivity])).toEqual([['Public', 0], ['General', 1], ['Confidential', 2], ['Highly Confidential', 3]]);
  });

  it('has the odd users: several admin roles, a guest, a disabled and an unlicensed one', () => {
    const roles = new Set(contoso.users.flatMap((u) => u.roles));
    for (const role of ['Global Administrator', 'Privileged Role Administrator', 'Cloud Application Administrator', 'Application Administrator', 'User Administrator', 'Exchange Administrator', 'Teams Administrator', 'Global Reader', 'Reports Reader']) {
      expect(roles).toContain(role);
    }
    expect(contoso.users.filter((u) => u.userType === 'Guest')).toHaveLength(1);
    expect(contoso.users.filter((u) => !u.accountEnabled)).toHaveLength(1);
    expect(contoso.users.filter((u) => !u.mailbox)).toHaveLength(1);
  });

  it('registers the five archetype apps with fixed appIds, each with a secret or public', () => {
    expect(contoso.apps.map((a) => [a.displayName, a.appId])).toEqual([
      ['Room Display', '5eedaa00-0000-4000-8000-000000000001'],
      ['Workplace Booking', '5eedaa00-0000-4000-8000-000000000002'],
      ['Room Signage', '5eedaa00-0000-4000-8000-000000000003'],
      ['Room Signage Service Account', '5eedaa00-0000-4000-8000-000000000004'],
      ['Mentoring', '5eedaa00-0000-4000-8000-000000000005'],
      ['Teams Governance', '5eedaa00-0000-4000-8000-000000000006'],
    ]);
    for (const app of contoso.apps) expect(app.publicClient || app.secrets.length > 0, app.displayName).toBe(true);
    const booking = contoso.apps[1];
    expect(booking.requiredResourceAccess['00000002-0000-0ff1-ce00-000000000000']).toEqual({ delegated: [], application: ['full_access_as_app'] });
    expect(booking.requiredResourceAccess['api://5eedaa00-0000-4000-8000-000000000002']).toEqual({ delegated: ['access_as_user'], application: [] });
  });

  it('has both policy kinds, room bookings and recurring meetings', () => {
    expect(contoso.policies.applicationAccess.map((p) => p.accessRight).sort()).toEqual(['DenyAccess', 'RestrictAccess']);
    expect(contoso.policies.teamsApplicationAccess).toHaveLength(1);
    expect(contoso.events.some((e) => e.attendees.some((a) => a.type === 'resource'))).toBe(true);
    expect(contoso.events.filter((e) => e.recurrence).length).toBeGreaterThanOrEqual(3);
    const weekly = contoso.events.find((e) => e.subject === 'Marketing weekly')!;
    // Default daysOfWeek = the weekday of the first occurrence (Sunday 2026-03-29 in Berlin).
    expect(weekly.recurrence).toEqual({ pattern: { type: 'weekly', interval: 1, daysOfWeek: ['sunday'] }, range: { type: 'endDate', startDate: '2026-03-29', endDate: '2026-05-23' } });
  });

  it('consents the multi-tenant apps in the second tenant', () => {
    expect(fabrikam.consents.map((c) => c.app)).toEqual(['Workplace Booking', 'Mentoring']);
    expect(fabrikam.apps).toEqual([]);
    expect(contoso.apps.find((a) => a.displayName === 'Workplace Booking')).toMatchObject({ multiTenant: true, homeTenant: 'contoso.test' });
  });
});

describe('file structure', () => {
  const tenant = (domain: string, extra = '') => `tenant: { domain: ${domain}, displayName: ${domain} }\nusers:\n  - { upn: admin@${domain}, displayName: Admin }\n${extra}`;

  it('reads a multi-document stream as one tenant per document', () => {
    const text = `${tenant('a.test', 'apps:\n  - { displayName: Shared, multiTenant: true, secrets: [s] }\n')}---\n${tenant('b.test', 'consents:\n  - { app: Shared, adminConsent: true }\n')}`;
    const { tenants } = parseTenantFile(text, 'stream.yaml', { now });
    expect(tenants.map((t) => t.domain)).toEqual(['a.test', 'b.test']);
    expect(tenants[1].consents[0]).toMatchObject({ app: 'Shared', source: { line: 11, path: 'consents[0]' } });
  });

  it('reads a tenants: list, with paths under tenants[i]', () => {
    const text = ['tenants:', '  - tenant: { domain: a.test }', '  - tenant: { domain: b.test }', '    users:', '      - { upn: x@b.test, displayName: X }', ''].join('\n');
    const { tenants } = parseTenantFile(text, 'list.yaml', { now });
    expect(tenants.map((t) => [t.domain, t.displayName])).toEqual([['a.test', 'a.test'], ['b.test', 'b.test']]);
    expect(tenants[1].users[0].source).toMatchObject({ line: 5, path: 'tenants[1].users[0]' });
  });

  it('treats a section with nothing after it as empty', () => {
    const [t] = parseTenantFile('tenant: { domain: c.test }\nusers:\nrooms:\npolicies:\n', 'empty.yaml', { now }).tenants;
    expect([t.users, t.rooms, t.policies.applicationAccess]).toEqual([[], [], []]);
  });

  it('ignores x- keys and resolves YAML anchors and merge keys', () => {
    const text = [
      'x-room: &room { building: HQ, floor: 3, roomList: hq@c.test }',
      'tenant: { domain: c.test, timeZone: Europe/Berlin }',
      'rooms:',
      '  - { <<: *room, email: A@C.test, displayName: A }',
      '',
    ].join('\n');
    const [t] = parseTenantFile(text, 'anchors.yaml', { now }).tenants;
    expect(t.rooms[0]).toMatchObject({ email: 'a@c.test', building: 'HQ', floor: 3, roomList: 'hq@c.test' });
    expect(t.timeZone).toBe('Europe/Berlin');
  });

  it('accepts redirect URIs per platform, certificates from files and custom API resources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenant-file-'));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'app.pem'), pem);
    const text = [
      'tenant: { domain: c.test }',
      'apps:',
      '  - displayName: Api',
      '    api: { identifierUri: "api://c.test/api", scopes: [access_as_user] }',
      '  - displayName: Client',
      '    certificates: [app.pem, { path: app.pem, expires: "today+365" }]',
      '    redirectUris: { web: ["https://app.c.test/cb"], spa: ["http://localhost:5173"], publicClient: ["msal123://auth"] }',
      '    requiredResourceAccess: { "api://c.test/api": { delegated: [access_as_user] }, "https://graph.microsoft.com": { delegated: [User.Read] } }',
      '',
    ].join('\n');
    const file = join(dir, 'tenant.yaml');
    writeFileSync(file, text);
    const client = loadTenantFile(file, { now }).tenants[0].apps[1];
    expect(client.certificates).toEqual([{ pem: pem.trim() }, { pem: pem.trim(), expires: '2027-03-28T00:00:00.000Z' }]);
    expect(client.redirectUris).toEqual({ web: ['https://app.c.test/cb'], spa: ['http://localhost:5173'], publicClient: ['msal123://auth'] });
    expect(Object.keys(client.requiredResourceAccess)).toEqual(['api://c.test/api', 'graph']);
  });

  it('knows the role template ids from the Entra built-in roles reference', () => {
    expect(DIRECTORY_ROLES['Global Administrator']).toBe('62e90394-69f5-4237-9190-012177145e10');
    expect(DIRECTORY_ROLES['Privileged Role Administrator']).toBe('e8611ab8-c189-46e8-94e1-60213ab1f814');
    expect(DIRECTORY_ROLES['Cloud Application Administrator']).toBe('158c047a-c907-4556-b7ef-446551a6b5f7');
    expect(DIRECTORY_ROLES['Application Administrator']).toBe('9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3');
    // Roles are matched case-insensitively and stored by their canonical name.
    const [t] = parseTenantFile('tenant: { domain: c.test }\nusers: [{ upn: a@c.test, displayName: A, roles: [global reader] }]\n', 'r.yaml', { now }).tenants;
    expect(t.users[0].roles).toEqual(['Global Reader']);
  });

  it('throws TenantFileError for an unreadable file', () => {
    expect(() => loadTenantFile('/nonexistent/tenant.yaml', { now })).toThrow(TenantFileError);
  });
});

