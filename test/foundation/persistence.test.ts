import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TENANT_FILE, startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// State survives restarts; reset returns to the tenant file with the same ids.
describe('persistence and reset', () => {
  let tb: TestTenantbox;
  beforeAll(async () => {
    tb = await startTestTenantbox({ tenantFile: EXAMPLE_TENANT_FILE });
  });
  afterAll(() => tb.cleanup());

  const addUser = async (upn: string) => {
    const snap = await tb.admin('GET', '/tenants/contoso.test/export');
    const template = snap.users.find((u: { userPrincipalName: string }) => u.userPrincipalName === 'megan@contoso.test');
    const user = { ...template, id: crypto.randomUUID(), userPrincipalName: upn, mail: upn, displayName: upn };
    await tb.admin('POST', '/tenants/import', { ...snap, users: [user], groups: [], applications: [], servicePrincipals: [], oauth2PermissionGrants: [], appRoleAssignments: [], mailboxPermissions: [], applicationAccessPolicies: [], teamsAccessPolicies: [], calendars: [], events: [] });
    return user.id as string;
  };
  const userIds = async () => (await tb.admin('GET', '/tenants/contoso.test/export')).users.map((u: { id: string }) => u.id).sort();

  it('keeps all state, ids and the emulated clock across a restart', async () => {
    const tenantId = tb.tenants[0]!.id;
    const appIds = tb.tenants[0]!.apps.map((a) => a.appId).sort();
    const newId = await addUser('nestor@contoso.test');
    await tb.admin('POST', '/clock', { advance: '3d' });
    const offset = tb.clock.offsetMs();
    const before = await userIds();

    tb = await tb.restart();
    expect(tb.tenants[0]!.id).toBe(tenantId);
    expect(tb.tenants[0]!.apps.map((a) => a.appId).sort()).toEqual(appIds);
    expect(await userIds()).toEqual(before);
    expect(before).toContain(newId);
    expect(tb.clock.offsetMs()).toBe(offset);
  });

  it('reset returns to the tenant file and keeps every generated id', async () => {
    const seeded = (await userIds()).length - 1; // minus nestor
    const tenantId = tb.tenants[0]!.id;
    const appIds = tb.tenants[0]!.apps.map((a) => a.appId).sort();
    const megan = (await tb.admin('GET', '/tenants/contoso.test/export')).users.find((u: { userPrincipalName: string }) => u.userPrincipalName === 'megan@contoso.test').id;

    await tb.admin('POST', '/reset');
    const after = await tb.admin('GET', '/tenants/contoso.test/export');
    expect(after.users).toHaveLength(seeded);
    expect(after.users.find((u: { userPrincipalName: string }) => u.userPrincipalName === 'nestor@contoso.test')).toBeUndefined();
    expect(after.users.find((u: { userPrincipalName: string }) => u.userPrincipalName === 'megan@contoso.test').id).toBe(megan);
    expect(after.tenant.id).toBe(tenantId);
    expect(tb.tenants[0]!.apps.map((a) => a.appId).sort()).toEqual(appIds);
  });
});
