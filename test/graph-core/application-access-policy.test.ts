import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateApplicationAccessPolicies, isCoveredByApplicationAccessPolicies } from '../../src/graph/auth/application-access-policy.js';
import { evaluateTeamsApplicationAccessPolicy } from '../../src/graph/auth/teams-access-policy.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import type { ApplicationAccessPolicyRecord } from '../../src/store/types.js';
import { createGraphFixture, ids, TID, type GraphFixture } from './fixture.js';
import { testMailboxArea } from './test-areas.js';

// Exchange application access policies (semantics doc §5.1): the evaluation order as a table,
// then through the pipeline (app-only calendar reads, through $batch too).

const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';
const policy = (id: string, appId: string, accessRight: 'RestrictAccess' | 'DenyAccess', scopeGroupId: string): ApplicationAccessPolicyRecord => ({
  tenantId: TID,
  id,
  appId,
  accessRight,
  scopeGroupId,
  scopeName: `${scopeGroupId}@contoso.test`,
  description: null,
});
// Membership: mailbox m1 is in group gA (through nested group gN), m2 in gB, m3 in both.
const MEMBERS: Record<string, string[]> = { gA: ['m1', 'm3'], gB: ['m2', 'm3'] };
const inScope = async (group: string, mailbox: string) => (MEMBERS[group] ?? []).includes(mailbox);

describe('evaluation order (§5.1.2)', () => {
  const cases: [string, ApplicationAccessPolicyRecord[], string, 'Granted' | 'Denied', string | null][] = [
    ['no policy for the app → granted', [policy('p1', OTHER, 'RestrictAccess', 'gA')], 'm2', 'Granted', null],
    ['matching RestrictAccess → granted', [policy('p1', APP, 'RestrictAccess', 'gA')], 'm1', 'Granted', 'p1'],
    ['Restrict without match → denied', [policy('p1', APP, 'RestrictAccess', 'gA')], 'm2', 'Denied', 'p1'],
    ['one of several Restrict policies matches → granted', [policy('p1', APP, 'RestrictAccess', 'gA'), policy('p2', APP, 'RestrictAccess', 'gB')], 'm2', 'Granted', 'p2'],
    ['matching DenyAccess → denied', [policy('p1', APP, 'DenyAccess', 'gA')], 'm1', 'Denied', 'p1'],
    ['DenyAccess not matching, no Restrict → granted', [policy('p1', APP, 'DenyAccess', 'gA')], 'm2', 'Granted', null],
    ['Deny beats Restrict when both match', [policy('p1', APP, 'RestrictAccess', 'gB'), policy('p2', APP, 'DenyAccess', 'gA')], 'm3', 'Denied', 'p2'],
    ['Deny beats Restrict regardless of order', [policy('p2', APP, 'DenyAccess', 'gA'), policy('p1', APP, 'RestrictAccess', 'gB')], 'm3', 'Denied', 'p2'],
    ['Deny elsewhere and Restrict matching → granted', [policy('p2', APP, 'DenyAccess', 'gA'), policy('p1', APP, 'RestrictAccess', 'gB')], 'm2', 'Granted', 'p1'],
    ['a policy for AppId * applies to every app', [policy('p1', '*', 'RestrictAccess', 'gA')], 'm2', 'Denied', 'p1'],
    ['the scope may be the mailbox itself', [policy('p1', APP, 'RestrictAccess', 'm2')], 'm2', 'Granted', 'p1'],
    ['app ids compare case-insensitively', [policy('p1', APP.toUpperCase(), 'RestrictAccess', 'gA')], 'm2', 'Denied', 'p1'],
  ];
  it.each(cases)('%s', async (_name, policies, mailbox, result, decidedBy) => {
    const d = await evaluateApplicationAccessPolicies(policies, APP, mailbox, inScope);
    expect(d.result).toBe(result);
    expect(d.policy?.id ?? null).toBe(decidedBy);
  });

  it('covers the Outlook permissions of §5.1.4 (and their families), not others', () => {
    for (const p of ['Calendars.Read', 'Calendars.ReadWrite', 'Mail.Send', 'Mail.ReadBasic.All', 'MailboxSettings.Read', 'Contacts.ReadWrite', 'Calendars.ReadBasic']) expect(isCoveredByApplicationAccessPolicies(p)).toBe(true);
    for (const p of ['User.Read.All', 'Place.Read.All', 'OnlineMeetings.ReadWrite.All', 'Group.Read.All']) expect(isCoveredByApplicationAccessPolicies(p)).toBe(false);
  });
});

describe('Teams application access policy evaluation (§4.6)', () => {
  const teams = (id: string, appIds: string[], grantedTo: string[], global = false) => ({ tenantId: TID, id, name: id, appIds, grantedTo, global });
  it.each([
    ['no policy → denied', [], 'u1', false],
    ['policy granted to the user listing the app → allowed', [teams('a', [APP], ['u1'])], 'u1', true],
    ['policy granted to another user only → denied', [teams('a', [APP], ['u2'])], 'u1', false],
    ['global policy → allowed', [teams('g', [APP], [], true)], 'u1', true],
    ["the user's own policy wins over the global one", [teams('g', [APP], [], true), teams('a', [OTHER], ['u1'])], 'u1', false],
    ['a later grant overrides an earlier one', [teams('a', [OTHER], ['u1']), teams('b', [APP], ['u1'])], 'u1', true],
  ] as const)('%s', (_n, policies, user, allowed) => {
    expect(evaluateTeamsApplicationAccessPolicy(policies as never, APP, user).allowed).toBe(allowed);
  });
});

describe('through the pipeline', () => {
  let f: GraphFixture;
  beforeAll(async () => {
    f = await createGraphFixture({ areas: [directoryArea, testMailboxArea] });
  });
  afterAll(() => f.close());
  beforeEach(async () => {
    for (const p of await f.stores.policies.listApplicationAccessPolicies(TID)) await f.stores.policies.deleteApplicationAccessPolicy(TID, p.id);
  });

  it('RestrictAccess to a mail-enabled security group: rooms in it (nested too) are reachable, others get "Access to OData is disabled."', async () => {
    await f.stores.policies.putApplicationAccessPolicy(policy('rooms', ids.clientAppId, 'RestrictAccess', ids.roomsGroup));
    const t = await f.appToken(['Calendars.Read']);
    expect((await f.call('GET', `/users/${ids.room1}/calendarView`, t)).status).toBe(200); // via the nested group
    expect((await f.call('GET', `/users/room2@contoso.test/calendarView`, t)).status).toBe(200);
    const denied = await f.call('GET', `/users/${ids.alice}/calendarView`, t);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' });
    // Another app is not restricted by this policy.
    expect((await f.call('GET', `/users/${ids.alice}/calendarView`, await f.appToken(['Calendars.Read'], { appid: ids.otherAppId, oid: ids.otherSp }))).status).toBe(200);
  });

  it('Deny beats Restrict through the pipeline, and the audit log names the policy', async () => {
    await f.stores.policies.putApplicationAccessPolicy(policy('rooms', ids.clientAppId, 'RestrictAccess', ids.roomsGroup));
    await f.stores.policies.putApplicationAccessPolicy(policy('no-room2', ids.clientAppId, 'DenyAccess', ids.room2));
    const r = await f.call('GET', `/users/${ids.room2}/calendarView`, await f.appToken(['Calendars.Read']), { headers: { 'client-request-id': 'aap-deny' } });
    expect(r.status).toBe(403);
    const audit = (await f.stores.audit.query({ limit: 10_000 })).find((a) => a.requestId === r.headers['request-id']);
    expect(audit).toMatchObject({ status: 403, policy: expect.stringContaining('DenyAccess'), template: '/users/{id}/calendarview' });
  });

  it('a $batch step is held to the same policy (no way around it)', async () => {
    await f.stores.policies.putApplicationAccessPolicy(policy('rooms', ids.clientAppId, 'RestrictAccess', ids.roomsGroup));
    const r = await f.call('POST', '/$batch', await f.appToken(['Calendars.Read']), {
      body: { requests: [{ id: '1', method: 'GET', url: `/users/${ids.room1}/calendarView` }, { id: '2', method: 'GET', url: `/users/${ids.alice}/calendarView` }] },
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId['1'].status).toBe(200);
    expect(byId['2'].status).toBe(403);
    expect(byId['2'].body.error.message).toBe('Access to OData is disabled.');
  });

  it('does not apply to delegated calls', async () => {
    await f.stores.policies.putApplicationAccessPolicy(policy('rooms', ids.clientAppId, 'RestrictAccess', ids.roomsGroup));
    expect((await f.call('GET', '/me/calendarView', await f.userToken(ids.alice, ['Calendars.Read']))).status).toBe(200);
  });
});
