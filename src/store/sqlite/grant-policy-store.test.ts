import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppRoleAssignmentRecord, OAuth2PermissionGrantRecord, Stores } from '../types.js';
import { T, tempStores } from './test-records.js';

const grant = (id: string, clientId: string, principalId: string | null, scope = 'User.Read'): OAuth2PermissionGrantRecord => ({
  tenantId: T,
  id,
  clientId,
  consentType: principalId ? 'Principal' : 'AllPrincipals',
  principalId,
  resourceId: 'graph-sp',
  scope,
});

const assignment = (id: string, principalId: string, resourceId: string): AppRoleAssignmentRecord => ({
  tenantId: T,
  id,
  principalId,
  principalType: 'ServicePrincipal',
  principalDisplayName: principalId,
  resourceId,
  resourceDisplayName: resourceId,
  appRoleId: 'role-' + id,
  createdDateTime: '2026-01-01T00:00:00.000Z',
});

describe('SqliteGrantStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('filters delegated grants by client, resource and principal (null = AllPrincipals)', async () => {
    await stores.grants.putDelegatedGrant(grant('g1', 'client-a', null));
    await stores.grants.putDelegatedGrant(grant('g2', 'client-a', 'user-1', 'Calendars.Read'));
    await stores.grants.putDelegatedGrant(grant('g3', 'client-b', 'user-1'));
    const ids = async (f: Parameters<Stores['grants']['listDelegatedGrants']>[1]) => (await stores.grants.listDelegatedGrants(T, f)).map((g) => g.id);
    expect(await ids({})).toEqual(['g1', 'g2', 'g3']);
    expect(await ids({ clientId: 'client-a' })).toEqual(['g1', 'g2']);
    expect(await ids({ clientId: 'client-a', principalId: null })).toEqual(['g1']);
    expect(await ids({ principalId: 'user-1' })).toEqual(['g2', 'g3']);
    expect(await ids({ resourceId: 'other' })).toEqual([]);
    await stores.grants.putDelegatedGrant(grant('g2', 'client-a', 'user-1', 'Calendars.Read offline_access'));
    expect((await stores.grants.getDelegatedGrant(T, 'g2'))?.scope).toBe('Calendars.Read offline_access');
    expect(await stores.grants.deleteDelegatedGrant(T, 'g2')).toBe(true);
    expect(await stores.grants.getDelegatedGrant(T, 'g2')).toBeUndefined();
  });

  it('filters app role assignments by principal and resource', async () => {
    await stores.grants.putAppRoleAssignment(assignment('a1', 'sp-1', 'graph'));
    await stores.grants.putAppRoleAssignment(assignment('a2', 'sp-1', 'exchange'));
    await stores.grants.putAppRoleAssignment(assignment('a3', 'sp-2', 'graph'));
    expect((await stores.grants.listAppRoleAssignments(T, { principalId: 'sp-1' })).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect((await stores.grants.listAppRoleAssignments(T, { resourceId: 'graph' })).map((a) => a.id)).toEqual(['a1', 'a3']);
    expect((await stores.grants.getAppRoleAssignment(T, 'a2'))?.appRoleId).toBe('role-a2');
    expect(await stores.grants.deleteAppRoleAssignment(T, 'a2')).toBe(true);
    expect(await stores.grants.deleteAppRoleAssignment(T, 'a2')).toBe(false);
  });
});

describe('SqlitePolicyStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('keeps mailbox permissions, filtered by mailbox and grantee, and sees every write at once', async () => {
    const perm = (id: string, mailboxId: string, granteeId: string) => ({
      tenantId: T,
      id,
      mailboxId,
      granteeId,
      scope: 'calendar' as const,
      rights: 'Reviewer' as const,
      sharingPermissionFlags: [],
    });
    expect(await stores.policies.listMailboxPermissions(T, { mailboxId: 'room' })).toEqual([]); // cached miss
    await stores.policies.putMailboxPermission(perm('p1', 'room', 'svc'));
    await stores.policies.putMailboxPermission(perm('p2', 'megan', 'adele'));
    expect((await stores.policies.listMailboxPermissions(T, { mailboxId: 'room' })).map((p) => p.id)).toEqual(['p1']);
    expect((await stores.policies.listMailboxPermissions(T, { granteeId: 'adele' })).map((p) => p.id)).toEqual(['p2']);
    expect((await stores.policies.listMailboxPermissions(T)).map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(await stores.policies.deleteMailboxPermission(T, 'p1')).toBe(true);
    expect(await stores.policies.listMailboxPermissions(T, { mailboxId: 'room' })).toEqual([]);
  });

  it('keeps Exchange and Teams application access policies per tenant', async () => {
    await stores.policies.putApplicationAccessPolicy({ tenantId: T, id: 'aap', appId: 'app', accessRight: 'DenyAccess', scopeGroupId: 'g', scopeName: 'g@contoso.test', description: null });
    await stores.policies.putTeamsAccessPolicy({ tenantId: T, id: 'tp', name: 'Meetings', appIds: ['app'], grantedTo: ['u'], global: false });
    expect(await stores.policies.listApplicationAccessPolicies('other')).toEqual([]);
    expect((await stores.policies.listApplicationAccessPolicies(T)).map((p) => p.accessRight)).toEqual(['DenyAccess']);
    await stores.policies.putApplicationAccessPolicy({ tenantId: T, id: 'aap', appId: 'app', accessRight: 'RestrictAccess', scopeGroupId: 'g', scopeName: 'g@contoso.test', description: 'x' });
    expect((await stores.policies.listApplicationAccessPolicies(T)).map((p) => p.accessRight)).toEqual(['RestrictAccess']);
    expect((await stores.policies.listTeamsAccessPolicies(T))[0]?.grantedTo).toEqual(['u']);
    expect(await stores.policies.deleteApplicationAccessPolicy(T, 'aap')).toBe(true);
    expect(await stores.policies.deleteTeamsAccessPolicy(T, 'tp')).toBe(true);
    expect(await stores.policies.listApplicationAccessPolicies(T)).toEqual([]);
    expect(await stores.policies.listTeamsAccessPolicies(T)).toEqual([]);
  });
});
