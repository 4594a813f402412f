import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsentRequest } from '../../src/identity/consent/admin-consent-workflow.js';
import { systemIds } from '../../src/shared/ids.js';
import { TenantFileError } from '../../src/tenant-file/errors.js';
import { parseTenantFile } from '../../src/tenant-file/load.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { postToken } from './token-client.js';

// The admin consent workflow without a browser: the tenant-file setting and its checks, the Graph
// endpoints (graph-docs appconsentrequest, userconsentrequest, adminconsentrequestpolicy) with and
// without ConsentRequest.Read.All, completion by tenant-wide admin consent, and a restart.

const TID = '5eed0000-0000-4000-8000-0000000ac0a1';
const now = new Date('2026-03-02T09:00:00Z');

const YAML = `
tenant:
  id: ${TID}
  domain: contoso.test
  displayName: Contoso
  userConsent: none
  adminConsentWorkflow: { reviewers: [adele@contoso.test], requestDurationInDays: 7, reminders: false }
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "Passw0rd!", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!" }
apps:
  - displayName: Consent Auditor
    secrets: ["auditor-secret"]
    requiredResourceAccess: { graph: { application: [ConsentRequest.Read.All, Policy.Read.All] } }
  - displayName: User Sync
    secrets: ["sync-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All] } }
  - displayName: Notes
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.Read] } }
consents:
  - { app: Consent Auditor, adminConsent: true }
  - { app: User Sync, adminConsent: true }
`;

describe('tenant file: tenant.adminConsentWorkflow', () => {
  const parse = (workflow: string) =>
    parseTenantFile(`tenant:\n  domain: contoso.test\n  adminConsentWorkflow: ${workflow}\nusers:\n  - { upn: adele@contoso.test, displayName: Adele }\n`, 'acw.yaml', { now });

  it('fills in the defaults', () => {
    const [t] = parse('{ reviewers: [Adele@Contoso.test] }').tenants;
    expect(t!.adminConsentWorkflow).toMatchObject({ enabled: true, reviewers: ['adele@contoso.test'], notifyReviewers: true, remindersEnabled: true, requestDurationInDays: 30 });
  });

  const problems = (workflow: string): string[] => {
    try {
      parse(workflow);
    } catch (e) {
      if (e instanceof TenantFileError) return e.problems.map((p) => `${p.file}:${p.line} ${p.path} ${p.message}`);
      throw e;
    }
    return [];
  };

  it('names file:line for a reviewer who is not a user, an enabled workflow without reviewers, bad values and unknown keys', () => {
    expect(problems('{ reviewers: [nobody@contoso.test] }')).toEqual([expect.stringMatching(/^acw\.yaml:3 tenant\.adminConsentWorkflow\.reviewers\[0\] reviewer 'nobody@contoso\.test' is not a user/)]);
    expect(problems('{ enabled: true }')).toEqual([expect.stringMatching(/^acw\.yaml:3 tenant\.adminConsentWorkflow\.enabled .*at least one reviewer/)]);
    expect(problems('{ reviewers: [adele@contoso.test], requestDurationInDays: 0 }')).toEqual([expect.stringMatching(/^acw\.yaml:3 tenant\.adminConsentWorkflow\.requestDurationInDays /)]);
    expect(problems('{ reviewers: [adele@contoso.test], reviewer: x }')).toEqual([expect.stringMatching(/^acw\.yaml:3 tenant\.adminConsentWorkflow/)]);
    // Disabled without reviewers is fine (the setting written down, switched off).
    expect(problems('{ enabled: false }')).toEqual([]);
  });
});

describe('Graph consent requests', () => {
  let tb: TestTenantbox;
  const ids = { auditor: '', sync: '', notes: '', megan: '', adele: '' };

  beforeAll(async () => {
    tb = await startTestTenantbox({ yaml: YAML });
    const t = tb.tenants.find((x) => x.id === TID)!;
    for (const a of t.apps) {
      if (a.displayName === 'Consent Auditor') ids.auditor = a.appId;
      if (a.displayName === 'User Sync') ids.sync = a.appId;
      if (a.displayName === 'Notes') ids.notes = a.appId;
    }
    ids.megan = (await tb.stores.directory.getUser(TID, 'megan@contoso.test'))!.id;
    ids.adele = (await tb.stores.directory.getUser(TID, 'adele@contoso.test'))!.id;
  });
  afterAll(() => tb?.cleanup());

  async function appToken(clientId: string, secret: string): Promise<string> {
    const a = await postToken(tb, TID, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' });
    expect(a.status).toBe(200);
    return a.body.access_token;
  }
  const get = (token: string, path: string) => tb.fetch(`/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });

  async function megansRequest(): Promise<void> {
    const s = { stores: tb.stores, clock: tb.clock, ids: systemIds };
    const tenant = (await tb.stores.directory.getTenant(TID))!;
    const client = (await tb.stores.apps.getApplication(TID, ids.notes))!;
    const user = (await tb.stores.directory.getUser(TID, ids.megan))!;
    const policy = (await tb.stores.consentRequests.getPolicy(TID))!;
    await submitConsentRequest(s, { tenant, client, user, consentType: 'Dynamic', scopes: ['openid', 'profile', 'User.Read', 'Calendars.Read'], reason: 'I plan my week with it' }, policy);
  }

  it('GET /policies/adminConsentRequestPolicy answers the seeded setting (Policy.Read.All)', async () => {
    const res = await get(await appToken(ids.auditor, 'auditor-secret'), '/policies/adminConsentRequestPolicy');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body['@odata.context']).toMatch(/\$metadata#policies\/adminConsentRequestPolicy\/\$entity$/);
    expect(body).toMatchObject({ isEnabled: true, notifyReviewers: true, remindersEnabled: false, requestDurationInDays: 7, version: 0 });
    expect(body.reviewers).toEqual([{ query: `/users/${ids.adele}`, queryType: 'MicrosoftGraph', queryRoot: null }]);
  });

  it('refuses a token without ConsentRequest.Read.All (403, the accepted permissions named)', async () => {
    const res = await get(await appToken(ids.sync, 'sync-secret'), '/identityGovernance/appConsent/appConsentRequests');
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('Authorization_RequestDenied');
    expect(JSON.stringify(body)).toContain('ConsentRequest.Read.All');
    expect((await get(await appToken(ids.sync, 'sync-secret'), '/policies/adminConsentRequestPolicy')).status).toBe(403);
  });

  it('lists app requests, their user requests and approval, and completes them on admin consent', async () => {
    const token = await appToken(ids.auditor, 'auditor-secret');
    expect((await (await get(token, '/identityGovernance/appConsent/appConsentRequests')).json()).value).toEqual([]);
    await megansRequest();

    const list = await (await get(token, '/identityGovernance/appConsent/appConsentRequests')).json();
    expect(list.value).toHaveLength(1);
    const app = list.value[0];
    expect(app).toMatchObject({ appId: ids.notes, appDisplayName: 'Notes', consentType: 'Dynamic' });
    expect(app.pendingScopes).toEqual(['openid', 'profile', 'User.Read', 'Calendars.Read'].map((displayName) => ({ displayName })));
    expect(await (await get(token, `/identityGovernance/appConsent/appConsentRequests?$filter=appId eq '${ids.notes}'`)).json()).toMatchObject({ value: [{ id: app.id }] });
    expect((await get(token, `/identityGovernance/appConsent/appConsentRequests/${app.id}`)).status).toBe(200);
    expect((await get(token, '/identityGovernance/appConsent/appConsentRequests/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const users = await (await get(token, `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests?$expand=approval`)).json();
    expect(users.value).toHaveLength(1);
    const u = users.value[0];
    expect(u).toMatchObject({ status: 'InProgress', reason: 'I plan my week with it', completedDateTime: null, approvalId: u.id, createdBy: { user: { id: ids.megan, userPrincipalName: 'megan@contoso.test', displayName: 'Megan Bowen' } } });
    expect(u.approval.stages[0]).toMatchObject({ status: 'InProgress', reviewResult: 'NotReviewed' });

    // A reviewer approves by granting tenant-wide admin consent (review-admin-consent-requests).
    await tb.admin('POST', `/tenants/${TID}/consents`, { app: ids.notes, organization: true, scopes: '.default' });
    const after = await (await get(token, `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests/${u.id}?$expand=approval`)).json();
    expect(after).toMatchObject({ id: u.id, status: 'Completed' });
    expect(after.completedDateTime).toEqual(expect.any(String));
    expect(after.approval.stages[0]).toMatchObject({ status: 'Completed', reviewResult: 'Approve' });
    const appAfter = await (await get(token, `/identityGovernance/appConsent/appConsentRequests/${app.id}`)).json();
    expect(appAfter.pendingScopes).toEqual([]);
  });

  it('keeps the policy and the requests across a restart', async () => {
    tb = await tb.restart();
    const token = await appToken(ids.auditor, 'auditor-secret');
    const list = await (await get(token, '/identityGovernance/appConsent/appConsentRequests?$expand=userConsentRequests')).json();
    expect(list.value).toHaveLength(1);
    expect(list.value[0].userConsentRequests).toMatchObject([{ status: 'Completed', reason: 'I plan my week with it' }]);
    expect(await (await get(token, '/policies/adminConsentRequestPolicy')).json()).toMatchObject({ isEnabled: true, requestDurationInDays: 7 });
  });

  it('an unanswered request expires after requestDurationInDays (the emulated clock)', async () => {
    await megansRequest();
    const [app] = (await (await get(await appToken(ids.auditor, 'auditor-secret'), '/identityGovernance/appConsent/appConsentRequests')).json()).value;
    // A fresh token each time: the clock jump outlives any access token.
    const inProgress = async () =>
      (await (await get(await appToken(ids.auditor, 'auditor-secret'), `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests?$filter=status eq 'InProgress'`)).json()).value.length;
    expect(await inProgress()).toBe(1);
    await tb.admin('POST', '/clock', { advance: 8 * 86400 });
    expect(await inProgress()).toBe(0);
    const statuses = (await (await get(await appToken(ids.auditor, 'auditor-secret'), `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests`)).json()).value.map((x: { status: string }) => x.status);
    expect(statuses).toEqual(['Completed', 'Expired']);
  });
  it('an organization-wide grant through the admin API completes requests with no reviewer (no signed-in admin)', async () => {
    await megansRequest();
    const token = await appToken(ids.auditor, 'auditor-secret');
    const [app] = (await (await get(token, '/identityGovernance/appConsent/appConsentRequests')).json()).value;
    const pending = `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests?$filter=status eq 'InProgress'&$expand=approval`;
    const [u] = (await (await get(token, pending)).json()).value;
    expect(u.approval.stages[0]).toMatchObject({ status: 'InProgress', reviewedBy: null });
    // Naming a user with organization: true is refused (docs/admin-api.md: one or the other), so
    // no user can be passed off as the reviewer, and nothing is completed.
    await expect(tb.admin('POST', `/tenants/${TID}/consents`, { app: ids.notes, organization: true, user: 'adele@contoso.test', scopes: ['User.Read'] })).rejects.toThrow(/→ 400: .*Name exactly one of/);
    expect((await (await get(token, pending)).json()).value).toHaveLength(1);
    // The admin API grants as no one: the request is approved with reviewedBy null, as
    // grantAdminConsent records it when there is no signed-in admin.
    await tb.admin('POST', `/tenants/${TID}/consents`, { app: ids.notes, organization: true, scopes: ['User.Read'] });
    const after = await (await get(token, `/identityGovernance/appConsent/appConsentRequests/${app.id}/userConsentRequests/${u.id}?$expand=approval`)).json();
    expect(after).toMatchObject({ status: 'Completed' });
    expect(after.approval.stages[0]).toMatchObject({ status: 'Completed', reviewResult: 'Approve', reviewedBy: null });
  });
});
