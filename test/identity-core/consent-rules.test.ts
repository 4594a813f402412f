import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateConsent, type ConsentEvaluation, type ConsentRefusal } from '../../src/identity/consent/evaluate.js';
import { grantAdminConsent, recordConsent } from '../../src/identity/consent/record.js';
import { GRAPH_RESOURCE } from '../../src/identity/consent/resources.js';
import type { Services } from '../../src/shared/services.js';
import { GRAPH_APP_ID } from '../../src/store/types.js';
import type { UserConsentSetting } from '../../src/tenant-file/types.js';
import { appRecord, graphAccess, memoryServices, OTHER_TID, spRecord, TID, tenantRecord, userRecord } from './fixtures.js';

// permission-semantics §1.3 as a table: permission × admin flag × tenant user-consent setting × user
// role → who may consent, or the exact refusal page.

type Outcome = 'user' | 'admin' | ConsentRefusal;

const CLIENT = 'c0000000-0000-4000-8000-000000000001';
const ROLES = { member: [], 'Global Administrator': ['Global Administrator'], 'Privileged Role Administrator': ['Privileged Role Administrator'], 'Cloud Application Administrator': ['Cloud Application Administrator'], 'Application Administrator': ['Application Administrator'] } as const;
type Role = keyof typeof ROLES;

// Delegated permissions: [name, admin-restricted?, low-impact?, excluded by microsoft-recommended?]
const PERMS = [
  ['User.Read', false, true, false],
  ['Contacts.Read', false, false, false],
  ['Calendars.ReadWrite', false, false, true],
  ['OnlineMeetings.ReadWrite', false, false, true],
  ['Mail.Send', false, false, true],
  ['User.Read.All', true, false, false],
  ['Group.Read.All', true, false, false],
] as const;
const SETTINGS: UserConsentSetting[] = ['none', 'low-impact', 'microsoft-recommended', 'all'];

function expected(perm: (typeof PERMS)[number], setting: UserConsentSetting, role: Role): Outcome {
  const [, admin, low, excluded] = perm;
  const policyAllows = !admin && (setting === 'all' || (setting === 'low-impact' && low) || (setting === 'microsoft-recommended' && !excluded));
  if (policyAllows) return 'user';
  if (role !== 'member') return 'admin';
  return admin ? 'AADSTS90094' : 'AADSTS90093';
}

function outcome(e: ConsentEvaluation): Outcome {
  if (e.userMayConsent) return 'user';
  if (e.userIsAdminConsenter) return 'admin';
  return e.refusal!;
}

let s: Services;
beforeAll(async () => {
  s = await memoryServices();
  for (const setting of SETTINGS) await s.stores.directory.putTenant(tenantRecord({ id: tidFor(setting), domain: `${setting}.test`, userConsent: setting }));
  await s.stores.directory.putTenant(tenantRecord());
});
afterAll(() => s.stores.close());

const tidFor = (setting: UserConsentSetting) => `5eed0000-0000-4000-8000-${String(SETTINGS.indexOf(setting) + 1).padStart(12, '0')}`;

describe('who may consent to a delegated permission (§1.3)', () => {
  const cases = PERMS.flatMap((perm) => SETTINGS.flatMap((setting) => (Object.keys(ROLES) as Role[]).map((role) => ({ perm, setting, role, want: expected(perm, setting, role) }))));
  it.each(cases)('$perm.0 (admin: $perm.1) · userConsent $setting · $role → $want', async ({ perm, setting, role, want }) => {
    const tenant = (await s.stores.directory.getTenant(tidFor(setting)))!;
    const e = await evaluateConsent(s, { tenant, user: userRecord('u-' + role, `${role.replace(/ /g, '')}@x.test`, [...ROLES[role]], { tenantId: tenant.id }), client: appRecord(CLIENT, { tenantId: tenant.id }), resource: GRAPH_RESOURCE, scopes: [perm[0]] });
    expect(e.toConsent.map((i) => i.scope)).toEqual([perm[0]]);
    expect(outcome(e)).toBe(want);
  });
});

describe('consent rules beyond the flags', () => {
  it('low-impact: a multi-tenant app from an unverified publisher needs an admin even for User.Read', async () => {
    const tenant = (await s.stores.directory.getTenant(tidFor('low-impact')))!;
    const foreign = appRecord('c0000000-0000-4000-8000-00000000000f', { tenantId: OTHER_TID, signInAudience: 'AzureADMultipleOrgs' });
    const user = userRecord('u1', 'a@x.test', [], { tenantId: tenant.id });
    expect((await evaluateConsent(s, { tenant, user, client: foreign, resource: GRAPH_RESOURCE, scopes: ['User.Read'] })).refusal).toBe('AADSTS90093');
    const verified = { ...foreign, verifiedPublisher: true };
    expect((await evaluateConsent(s, { tenant, user, client: verified, resource: GRAPH_RESOURCE, scopes: ['User.Read'] })).userMayConsent).toBe(true);
  });

  it('assignment required on the client: users never consent (90094), admins may', async () => {
    const tenant = (await s.stores.directory.getTenant(tidFor('all')))!;
    const appId = 'c0000000-0000-4000-8000-0000000000a1';
    await s.stores.apps.putServicePrincipal(spRecord(tenant.id, appId, { appRoleAssignmentRequired: true }));
    const client = appRecord(appId, { tenantId: tenant.id });
    const member = await evaluateConsent(s, { tenant, user: userRecord('u2', 'b@x.test', [], { tenantId: tenant.id }), client, resource: GRAPH_RESOURCE, scopes: ['User.Read'] });
    expect(member.refusal).toBe('AADSTS90094');
    expect(member.toConsent[0]!.reason).toBe('assignment-required');
    const admin = await evaluateConsent(s, { tenant, user: userRecord('u3', 'c@x.test', ['Global Administrator'], { tenantId: tenant.id }), client, resource: GRAPH_RESOURCE, scopes: ['User.Read'] });
    expect(admin.userIsAdminConsenter).toBe(true);
  });

  it('.default: application permissions are listed for admins only; app admins may not grant Graph app roles', async () => {
    const tenant = (await s.stores.directory.getTenant(TID))!;
    const client = appRecord('c0000000-0000-4000-8000-0000000000d1', { requiredResourceAccess: [graphAccess(['User.Read'], ['Calendars.ReadWrite'])] });
    const member = await evaluateConsent(s, { tenant, user: userRecord('m', 'm@x.test'), client, resource: GRAPH_RESOURCE, scopes: '.default' });
    expect(member.toConsent.map((i) => `${i.kind}:${i.scope}`)).toEqual(['delegated:User.Read']);
    expect(member.userMayConsent).toBe(true);
    const ga = await evaluateConsent(s, { tenant, user: userRecord('g', 'g@x.test', ['Global Administrator']), client, resource: GRAPH_RESOURCE, scopes: '.default' });
    expect(ga.toConsent.map((i) => `${i.kind}:${i.scope}`)).toEqual(['delegated:User.Read', 'application:Calendars.ReadWrite']);
    expect(ga.userIsAdminConsenter).toBe(true);
    const appAdmin = await evaluateConsent(s, { tenant, user: userRecord('aa', 'aa@x.test', ['Application Administrator']), client, resource: GRAPH_RESOURCE, scopes: '.default' });
    expect(appAdmin.userIsAdminConsenter).toBe(false);
    await expect(grantAdminConsent(s, { tenant, client, admin: userRecord('aa', 'aa@x.test', ['Application Administrator']), scopes: '.default' })).rejects.toMatchObject({ aadsts: 90094 });
  });

  it('.default: any existing grant on the resource means no prompt (§1.4.2)', async () => {
    const tenant = (await s.stores.directory.getTenant(TID))!;
    const client = appRecord('c0000000-0000-4000-8000-0000000000d2', { requiredResourceAccess: [graphAccess(['User.Read', 'Calendars.ReadWrite'])] });
    const user = userRecord('u-d2', 'd2@x.test');
    await recordConsent(s, { tenant, client, user, forOrganization: false, resource: GRAPH_RESOURCE, scopes: ['User.Read'] });
    const e = await evaluateConsent(s, { tenant, user, client, resource: GRAPH_RESOURCE, scopes: '.default' });
    expect(e.toConsent).toEqual([]);
    expect(e.alreadyGranted).toEqual(['User.Read']);
  });

  it('incremental consent extends the one Principal grant; admin consent writes AllPrincipals and app role assignments', async () => {
    const tenant = (await s.stores.directory.getTenant(TID))!;
    const client = appRecord('c0000000-0000-4000-8000-0000000000e1', { requiredResourceAccess: [graphAccess(['User.Read'], ['Calendars.Read'])] });
    const user = userRecord('u-e1', 'e1@x.test');
    await recordConsent(s, { tenant, client, user, forOrganization: false, resource: GRAPH_RESOURCE, scopes: ['User.Read'] });
    await recordConsent(s, { tenant, client, user, forOrganization: false, resource: GRAPH_RESOURCE, scopes: ['Calendars.ReadWrite', 'user.read'] });
    const sp = (await s.stores.apps.getServicePrincipal(TID, client.appId))!;
    const graphSp = (await s.stores.apps.getServicePrincipal(TID, GRAPH_APP_ID))!;
    const mine = await s.stores.grants.listDelegatedGrants(TID, { clientId: sp.id });
    expect(mine).toEqual([expect.objectContaining({ consentType: 'Principal', principalId: 'u-e1', resourceId: graphSp.id, scope: 'User.Read Calendars.ReadWrite' })]);
    const admin = await grantAdminConsent(s, { tenant, client, admin: userRecord('ga', 'ga@x.test', ['Global Administrator']), scopes: '.default' });
    expect(admin.delegatedGrants).toEqual([expect.objectContaining({ consentType: 'AllPrincipals', principalId: null, scope: 'User.Read' })]);
    expect(admin.appRoleAssignments).toEqual([expect.objectContaining({ principalId: sp.id, principalType: 'ServicePrincipal', resourceId: graphSp.id, appRoleId: s.catalog.permission('Calendars.Read')!.application!.id })]);
    expect(await s.stores.grants.listDelegatedGrants(TID, { clientId: sp.id })).toHaveLength(2);
  });

  it('a multi-tenant app from another tenant gets a service principal on first consent', async () => {
    const tenant = (await s.stores.directory.getTenant(TID))!;
    const client = appRecord('c0000000-0000-4000-8000-0000000000f2', { tenantId: OTHER_TID, signInAudience: 'AzureADMultipleOrgs' });
    expect(await s.stores.apps.getServicePrincipal(TID, client.appId)).toBeUndefined();
    const r = await recordConsent(s, { tenant, client, user: userRecord('u-f2', 'f2@x.test'), forOrganization: false, resource: GRAPH_RESOURCE, scopes: ['User.Read'] });
    expect(r.clientServicePrincipal).toMatchObject({ tenantId: TID, appId: client.appId, appOwnerOrganizationId: OTHER_TID, accountEnabled: true });
  });
});
