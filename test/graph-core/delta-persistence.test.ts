import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// Delta links survive a restart (sync states live in the data dir's SQLite, src/store/sync-states/):
// a running tenantbox, tokens from unmodified msal-node, restarts between the calls. A reset
// clears the states: old links get each area's "start over" answer.

const EXTRA = Array.from({ length: 110 }, (_, i) => `u${String(i).padStart(3, '0')}`);
const YAML = `
tenant:
  domain: contoso.test
  displayName: Contoso
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "Passw0rd!", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!", jobTitle: Analyst }
${EXTRA.map((u) => `  - { upn: ${u}@contoso.test, displayName: User ${u}, password: "Passw0rd!" }`).join('\n')}
groups:
  - { mail: staff@contoso.test, displayName: Staff, mailEnabled: true, securityEnabled: true, members: [megan@contoso.test] }
apps:
  - displayName: Sync Engine
    secrets: ["sync-secret"]
    requiredResourceAccess: { graph: { application: [User.ReadWrite.All, Group.ReadWrite.All, Calendars.ReadWrite] } }
consents:
  - { app: Sync Engine, adminConsent: true }
`;

let tb: TestTenantbox;
let token = '';
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

async function restart(): Promise<void> {
  tb = await tb.restart();
  await refreshToken();
}
async function refreshToken(): Promise<void> {
  const appId = tb.tenants[0]!.apps.find((a) => a.displayName === 'Sync Engine')!.appId;
  const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId, clientSecret: 'sync-secret' }));
  token = (await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, skipCache: true }))!.accessToken;
}

/** Calls Graph on the current instance; absolute links from an earlier instance are re-based (the port changes). */
async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const path = url.replace(/^https:\/\/[^/]+/, '');
  const res = await tb.fetch(path.startsWith('/v1.0') ? path : `/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
async function ok(method: string, url: string, body?: unknown): Promise<any> {
  const r = await call(method, url, body);
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: YAML });
  await refreshToken();
});
afterAll(async () => {
  await tb?.cleanup();
});

describe('users/delta across restarts', () => {
  let deltaLink: string;

  it('a nextLink obtained before a restart pages on after it, once', async () => {
    const first = await ok('GET', '/users/delta?$select=displayName,jobTitle');
    expect(first.value).toHaveLength(100);
    const nextLink: string = first['@odata.nextLink'];
    expect(nextLink).toMatch(/\/v1\.0\/users\/delta\?\$select=displayName%2CjobTitle&\$skiptoken=/);
    await restart();
    const second = await ok('GET', nextLink);
    expect(second.value).toHaveLength(12);
    const ids = new Set([...first.value, ...second.value].map((u: { id: string }) => u.id));
    expect(ids.size).toBe(112);
    deltaLink = second['@odata.deltaLink'];
    expect(deltaLink).toBeDefined();
    // A $skiptoken is single-use, before a restart as after.
    const replay = await call('GET', nextLink);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('Request_BadRequest');
  });

  it('a deltaLink obtained before a restart returns exactly the changes made in between', async () => {
    const megan = (await ok('GET', '/users/megan@contoso.test?$select=id')).id;
    const gone = (await ok('GET', '/users/u007@contoso.test?$select=id')).id;
    await ok('PATCH', `/users/${megan}`, { jobTitle: 'Director' });
    await ok('PATCH', `/users/${megan}`, { department: 'Sales' }); // not selected: nothing to report
    await restart();
    const dan = await ok('POST', '/users', { accountEnabled: true, displayName: 'Dan', mailNickname: 'dan', userPrincipalName: 'dan@contoso.test', passwordProfile: { password: 'Xy!23456' } });
    await ok('DELETE', `/users/${gone}`);
    await restart();

    const r = await ok('GET', deltaLink);
    expect(r['@odata.nextLink']).toBeUndefined();
    expect(r.value).toHaveLength(3);
    expect(r.value).toEqual(
      expect.arrayContaining([
        { id: megan, displayName: 'Megan Bowen', jobTitle: 'Director' },
        { id: dan.id, displayName: 'Dan', jobTitle: null },
        { id: gone, '@removed': { reason: 'changed' } },
      ]),
    );
    await restart();
    expect((await ok('GET', r['@odata.deltaLink'])).value).toEqual([]);
    // The link stays bound to its $select: the same token under another one is refused.
    const other = await call('GET', r['@odata.deltaLink'].replace('displayName%2CjobTitle', 'displayName'));
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('Request_BadRequest');
    deltaLink = r['@odata.deltaLink'];
  });

  it('groups/delta: members@delta across a restart', async () => {
    const first = await ok('GET', '/groups/delta');
    const staff = first.value.find((g: { displayName: string }) => g.displayName === 'Staff');
    const adele = (await ok('GET', '/users/adele@contoso.test?$select=id')).id;
    await restart();
    await ok('POST', `/groups/${staff.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${adele}` });
    const r = await ok('GET', first['@odata.deltaLink']);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]).toMatchObject({ id: staff.id, 'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: adele }] });
  });
});

describe('calendarView/delta across a restart', () => {
  const day = () => {
    const d = new Date(tb.clock.now() + 2 * 86_400_000);
    d.setUTCHours(0, 0, 0, 0);
    return d.getTime();
  };
  const slot = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });
  const book = async (subject: string, hour: number) => (await ok('POST', '/users/megan@contoso.test/events', { subject, start: slot(day() + hour * 3_600_000), end: slot(day() + hour * 3_600_000 + 1_800_000) })).id as string;

  it('returns exactly the changes made in between', async () => {
    const kept = await book('Kept', 9);
    const dropped = await book('Dropped', 10);
    const win = `startDateTime=${new Date(day()).toISOString()}&endDateTime=${new Date(day() + 86_400_000).toISOString()}`;
    const first = await ok('GET', `/users/megan@contoso.test/calendarView/delta?${win}`);
    expect(first.value.map((e: { id: string }) => e.id).sort()).toEqual([kept, dropped].sort());
    await restart();
    const added = await book('Added', 11);
    await ok('DELETE', `/users/megan@contoso.test/events/${dropped}`);
    await restart();
    const r = await ok('GET', first['@odata.deltaLink']);
    expect(r.value).toHaveLength(2);
    expect(r.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: added, subject: 'Added' }),
        { '@odata.type': '#microsoft.graph.event', id: dropped, '@removed': { reason: 'deleted' } },
      ]),
    );
  });
});

describe('a reset clears sync states', () => {
  it('old links get each area’s start-over answer; new rounds work', async () => {
    const users = (await ok('GET', '/users/delta?$deltatoken=latest'))['@odata.deltaLink'] as string;
    const d = new Date(tb.clock.now() + 86_400_000).toISOString();
    const events = (await ok('GET', `/users/megan@contoso.test/calendarView/delta?startDateTime=${d}&endDateTime=${d}`))['@odata.deltaLink'] as string;
    expect((await call('GET', users)).status).toBe(200);
    await tb.admin('POST', '/reset');
    await refreshToken();
    const u = await call('GET', users);
    expect(u.status).toBe(400);
    expect(u.body.error.code).toBe('Request_BadRequest');
    const e = await call('GET', events);
    expect(e.status).toBe(410);
    expect(e.body.error.code).toBe('SyncStateNotFound');
    expect((await ok('GET', '/users/delta?$select=displayName'))['@odata.nextLink']).toBeDefined();
  });
});
