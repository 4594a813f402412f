import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../shared/ids.js';
import { tempStores } from '../sqlite/test-records.js';
import { GRAPH_APP_ID, type Stores, type UserRecord } from '../types.js';
import { GRAPH_PERMISSION_IDS as P, contoso, event, loaded, seedDeps } from './example-tenant.js';
import { verifyPassword } from './password.js';
import { EXCHANGE_APP_ID, MICROSOFT_TENANT_ID } from './resources.js';
import { seedTenants } from './seed-tenants.js';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

describe('seedTenants on the issue example', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  const user = async (k: string) => (await stores.directory.getUser(tenantId, k)) as UserRecord;

  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
    const summary = await seedTenants(stores, loaded(), seedDeps());
    tenantId = summary.tenants[0]!.id;
  });
  afterEach(() => cleanup());

  it('summarizes what it seeded', async () => {
    const summary = await seedTenants(stores, loaded(), seedDeps());
    const signage = await stores.apps.findApplicationByAppId(summary.tenants[0]!.apps[0]!.appId);
    expect(summary.tenants).toEqual([
      {
        id: tenantId,
        domain: 'contoso.test',
        displayName: 'Contoso',
        users: 3,
        rooms: 1,
        groups: 2, // signage-rooms and the hq-rooms room list
        apps: [
          { displayName: 'Room Signage', appId: signage!.appId },
          { displayName: 'Room Display', appId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        ],
        events: 2, // the room's copy and the organizer's
      },
    ]);
    expect(await stores.events.countEvents(tenantId)).toBe(2);
  });

  it('creates the tenant with Outlook throttling defaults and the first-party service principals', async () => {
    const t = await stores.directory.getTenant('contoso.test');
    expect(t).toMatchObject({ id: tenantId, displayName: 'Contoso', userConsent: 'microsoft-recommended', timeZone: 'UTC' });
    expect(t?.throttling).toEqual({ enabled: true, requestsPer10Minutes: 10000, concurrentRequests: 4 });
    expect(await stores.apps.getServicePrincipal(tenantId, GRAPH_APP_ID)).toMatchObject({ displayName: 'Microsoft Graph', appOwnerOrganizationId: MICROSOFT_TENANT_ID });
    expect(await stores.apps.getServicePrincipal(tenantId, EXCHANGE_APP_ID)).toMatchObject({ displayName: 'Office 365 Exchange Online' });
  });

  it('seeds users with hashed passwords, role template ids and mailboxes', async () => {
    const adele = await user('adele@contoso.test');
    expect(adele).toMatchObject({ kind: 'user', displayName: 'Adele Vance', mail: 'adele@contoso.test', roles: [GLOBAL_ADMIN], mailbox: true, accountEnabled: true });
    expect(adele.passwordHash).not.toContain('Passw0rd!');
    expect(verifyPassword('Passw0rd!', adele.passwordHash)).toBe(true);
    expect(verifyPassword('passw0rd!', adele.passwordHash)).toBe(false);
    expect((await user('megan@contoso.test')).roles).toEqual([]);
    expect((await stores.events.getDefaultCalendar(tenantId, adele.id))?.name).toBe('Calendar');
  });

  it('seeds the room, its room list and the mail-enabled security group containing it', async () => {
    const orion = await user('orion@contoso.test');
    expect(orion).toMatchObject({ kind: 'room', mailbox: true, accountEnabled: false, passwordHash: null });
    expect(orion.room).toMatchObject({ capacity: 8, building: 'HQ', floor: 2, roomListEmail: 'hq-rooms@contoso.test', autoAccept: true, addOrganizerToSubject: true, deleteSubject: true });
    const list = await stores.directory.getGroup(tenantId, 'hq-rooms@contoso.test');
    expect(list).toMatchObject({ isRoomList: true, displayName: 'hq-rooms', mail: 'hq-rooms@contoso.test' });
    expect(await stores.directory.listMembers(tenantId, list!.id)).toEqual([{ id: orion.id, type: 'user' }]);
    const group = await stores.directory.getGroup(tenantId, 'signage-rooms@contoso.test');
    expect(group).toMatchObject({ isRoomList: false, mailEnabled: true, securityEnabled: true });
    expect(await stores.directory.isTransitiveMember(tenantId, group!.id, orion.id)).toBe(true);
    expect(await stores.events.getDefaultCalendar(tenantId, orion.id)).toBeDefined();
  });

  it('seeds FullAccess on the room and Reviewer on a calendar', async () => {
    const [orion, svc, megan, adele] = await Promise.all(['orion', 'svc-signage', 'megan', 'adele'].map((n) => user(`${n}@contoso.test`)));
    const perms = await stores.policies.listMailboxPermissions(tenantId);
    expect(perms.map(({ id: _id, ...p }) => p)).toEqual([
      { tenantId, mailboxId: orion!.id, granteeId: svc!.id, scope: 'mailbox', rights: 'FullAccess', sharingPermissionFlags: [] },
      { tenantId, mailboxId: megan!.id, granteeId: adele!.id, scope: 'calendar', rights: 'Reviewer', sharingPermissionFlags: [] },
    ]);
  });

  it('registers Room Signage with its secret hashed and three admin-consented app role assignments', async () => {
    const [signage] = await stores.apps.listApplications(tenantId);
    expect(signage).toMatchObject({ displayName: 'Room Signage', signInAudience: 'AzureADMyOrg', isFallbackPublicClient: false });
    expect(signage!.passwordCredentials).toEqual([{ keyId: expect.any(String), hash: hashSecret('signage-secret-1'), hint: 'sig', displayName: null, endDateTime: null }]);
    expect(signage!.requiredResourceAccess).toEqual([
      { resourceAppId: GRAPH_APP_ID, resourceAccess: ['Calendars.ReadWrite', 'User.Read.All', 'Place.Read.All'].map((n) => ({ id: P.application[n], type: 'Role' })) },
    ]);
    const sp = await stores.apps.getServicePrincipal(tenantId, signage!.appId);
    const graph = await stores.apps.getServicePrincipal(tenantId, GRAPH_APP_ID);
    expect(sp).toMatchObject({ displayName: 'Room Signage', appOwnerOrganizationId: tenantId, accountEnabled: true });
    const assignments = await stores.grants.listAppRoleAssignments(tenantId, { principalId: sp!.id });
    expect(assignments.map((a) => [a.resourceId, a.appRoleId, a.principalType, a.resourceDisplayName])).toEqual(
      ['Calendars.ReadWrite', 'User.Read.All', 'Place.Read.All'].map((n) => [graph!.id, P.application[n], 'ServicePrincipal', 'Microsoft Graph']),
    );
    expect(await stores.grants.listDelegatedGrants(tenantId)).toEqual([]); // no delegated permissions, no consent for Room Display
  });

  it('registers Room Display as a public client asking for delegated scopes', async () => {
    const display = (await stores.apps.listApplications(tenantId))[1]!;
    expect(display).toMatchObject({ isFallbackPublicClient: true, redirectUris: { web: [], spa: [], publicClient: ['http://localhost:3000/auth'] } });
    expect(display.requiredResourceAccess[0]!.resourceAccess).toEqual(['User.Read', 'Calendars.ReadWrite', 'offline_access'].map((n) => ({ id: P.delegated[n], type: 'Scope' })));
    expect(await stores.apps.getServicePrincipal(tenantId, display.appId)).toBeDefined();
  });

  it('seeds the RestrictAccess policy scoped to the group', async () => {
    const [signage] = await stores.apps.listApplications(tenantId);
    const group = await stores.directory.getGroup(tenantId, 'signage-rooms@contoso.test');
    expect(await stores.policies.listApplicationAccessPolicies(tenantId)).toEqual([
      { tenantId, id: expect.any(String), appId: signage!.appId, accessRight: 'RestrictAccess', scopeGroupId: group!.id, scopeName: 'signage-rooms@contoso.test', description: null },
    ]);
  });

  it('puts the meeting on the room calendar and on the organizer calendar, linked by iCalUId', async () => {
    const [orion, megan] = await Promise.all([user('orion@contoso.test'), user('megan@contoso.test')]);
    const roomCal = await stores.events.getDefaultCalendar(tenantId, orion.id);
    const meganCal = await stores.events.getDefaultCalendar(tenantId, megan.id);
    const start = Date.parse('2026-01-06T09:00:00Z');
    const [roomCopy] = await stores.events.listEventsInRange(tenantId, [roomCal!.id], start, start + 1);
    const [organizerCopy] = await stores.events.listEventsInRange(tenantId, [meganCal!.id], start, start + 1);
    expect(roomCopy!.iCalUId).toBe(organizerCopy!.iCalUId);
    expect(roomCopy!.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);
    expect(roomCopy).toMatchObject({ type: 'singleInstance', startMs: start, endMs: start + 30 * 60_000, ownerId: orion.id });
    const attendees = [{ type: 'resource', status: { response: 'accepted', time: '2026-01-05T08:00:00.000Z' }, emailAddress: { name: 'Orion', address: 'orion@contoso.test' } }];
    // Exchange room defaults (AddOrganizerToSubject, DeleteSubject): the room shows who booked it.
    expect(roomCopy!.data).toMatchObject({
      subject: 'Megan Bowen',
      isOrganizer: false,
      responseStatus: { response: 'accepted' },
      showAs: 'busy',
      start: { dateTime: '2026-01-06T09:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-01-06T09:30:00.0000000', timeZone: 'UTC' },
      organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } },
      location: { displayName: 'Orion' },
      attendees,
      sensitivity: 'normal',
      recurrence: null,
    });
    expect(roomCopy!.schedule).toEqual({ showAs: 'busy', sensitivity: 'normal', subject: 'Megan Bowen', location: 'Orion', isCancelled: false });
    expect(organizerCopy!.data).toMatchObject({ subject: 'Weekly sync', isOrganizer: true, responseStatus: { response: 'organizer' }, attendees });
  });
});

describe('seedTenants', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('fails on an unknown permission with the file, line and name, and leaves nothing behind', async () => {
    const t = contoso();
    t.apps[1] = { ...t.apps[1]!, requiredResourceAccess: { graph: { delegated: ['Calendars.ReadWriteAll'], application: [] } } };
    await expect(seedTenants(stores, loaded(t), seedDeps())).rejects.toThrow(/tenant\.yaml:1: apps\[Room Display\]: unknown Microsoft Graph delegated permission: 'Calendars\.ReadWriteAll'/);
    expect(await stores.directory.listTenants()).toEqual([]);
  });

  it('refuses a policy scoped to a room and a folder role without a folder', async () => {
    const t = contoso();
    t.policies.applicationAccess[0] = { ...t.policies.applicationAccess[0]!, group: 'orion@contoso.test' };
    await expect(seedTenants(stores, loaded(t), seedDeps())).rejects.toThrow(/policy scope 'orion@contoso.test' is a room/);
    const u = contoso();
    u.mailboxPermissions[1] = { ...u.mailboxPermissions[1]!, folder: undefined };
    await expect(seedTenants(stores, loaded(u), seedDeps())).rejects.toThrow(/'Reviewer' is a folder role/);
  });

  it('gives attendees their copies, expands group attendees, and keeps external ones on the list only', async () => {
    const t = contoso();
    t.events = [
      event({
        calendar: 'megan@contoso.test',
        subject: 'Planning',
        attendees: [
          { address: 'adele@contoso.test', type: 'required' },
          { address: 'signage-team@contoso.test', type: 'optional' },
          { address: 'guest@fabrikam.test', type: 'optional' },
          { address: 'orion@contoso.test', type: 'required' },
        ],
        isPrivate: true,
      }),
    ];
    t.groups.push({ mail: 'signage-team@contoso.test', displayName: 'Signage team', mailEnabled: true, securityEnabled: false, groupTypes: [], members: ['svc-signage@contoso.test', 'adele@contoso.test'], owners: [], source: t.source });
    const summary = await seedTenants(stores, loaded(t), seedDeps());
    const tenantId = summary.tenants[0]!.id;
    expect(summary.tenants[0]!.events).toBe(4); // megan (organizer), adele, svc-signage, orion
    const copies = await Promise.all(
      ['megan', 'adele', 'svc-signage', 'orion'].map(async (n) => {
        const u = await stores.directory.getUser(tenantId, `${n}@contoso.test`);
        const cal = await stores.events.getDefaultCalendar(tenantId, u!.id);
        return (await stores.events.listEvents(tenantId, cal!.id))[0]!;
      }),
    );
    expect(new Set(copies.map((c) => c.iCalUId)).size).toBe(1);
    expect(copies.map((c) => [c.data.subject, c.data.showAs, (c.data.responseStatus as { response: string }).response])).toEqual([
      ['Planning', 'busy', 'organizer'],
      ['Planning', 'tentative', 'notResponded'],
      ['Planning', 'tentative', 'notResponded'],
      ['Megan Bowen', 'busy', 'accepted'],
    ]);
    expect((copies[0]!.data.attendees as { emailAddress: { address: string }; type: string }[]).map((a) => [a.emailAddress.address, a.type])).toEqual([
      ['adele@contoso.test', 'required'],
      ['signage-team@contoso.test', 'optional'],
      ['guest@fabrikam.test', 'optional'],
      ['orion@contoso.test', 'resource'],
    ]);
    expect(copies[0]!.schedule?.sensitivity).toBe('private');
  });

  it('stores a recurring meeting as a series master covering its range', async () => {
    const t = contoso();
    t.events = [
      event({ recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'endDate', startDate: '2026-01-06', endDate: '2026-03-31' } } }),
      event({ subject: 'Standup', recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-06' } } }),
    ];
    const summary = await seedTenants(stores, loaded(t), seedDeps());
    const tenantId = summary.tenants[0]!.id;
    const megan = await stores.directory.getUser(tenantId, 'megan@contoso.test');
    const cal = await stores.events.getDefaultCalendar(tenantId, megan!.id);
    const events = await stores.events.listEvents(tenantId, cal!.id);
    const weekly = events.find((e) => e.data.subject === 'Weekly sync');
    const daily = events.find((e) => e.data.subject === 'Standup');
    expect(weekly).toMatchObject({ type: 'seriesMaster', endMs: Date.parse('2026-03-31T09:30:00Z') });
    expect(weekly!.data.recurrence).toMatchObject({ pattern: { type: 'weekly', daysOfWeek: ['tuesday'] }, range: { type: 'endDate', endDate: '2026-03-31', recurrenceTimeZone: 'UTC' } });
    expect(daily).toMatchObject({ type: 'seriesMaster', endMs: Number.MAX_SAFE_INTEGER });
    const inMarch = await stores.events.listEventsInRange(tenantId, [cal!.id], Date.parse('2026-03-10T00:00:00Z'), Date.parse('2026-03-11T00:00:00Z'));
    expect(inMarch.map((e) => e.data.subject).sort()).toEqual(['Standup', 'Weekly sync']);
  });
});
