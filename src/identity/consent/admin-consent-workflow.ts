import type { Services } from '../../shared/services.js';
import type { AdminConsentRequestPolicyRecord, AppConsentType, UserConsentRequestRecord } from '../../store/consent-requests/types.js';
import type { ApplicationRecord, TenantRecord, UserRecord } from '../../store/types.js';

// The admin consent workflow (entra-docs configure-admin-consent-workflow, admin-consent-workflow-
// overview, review-admin-consent-requests): with the tenant's adminConsentRequestPolicy enabled, a
// user who may not consent is offered "Approval required" (AADSTS90095) and can send a request with
// a justification; a reviewer approves it by granting tenant-wide admin consent to the app, which
// marks the requests Completed. Requests expire after requestDurationInDays (derived on read).

type S = Pick<Services, 'stores' | 'clock' | 'ids'>;

const DAY_MS = 86_400_000;

/** The tenant's policy when the workflow is on, else undefined. */
export async function enabledWorkflow(s: S, tenantId: string): Promise<AdminConsentRequestPolicyRecord | undefined> {
  const p = await s.stores.consentRequests.getPolicy(tenantId);
  return p?.isEnabled ? p : undefined;
}

/** `Expired` once past expiresMs while still in progress (nothing sweeps the table). */
export function effectiveStatus(r: UserConsentRequestRecord, nowMs: number): 'InProgress' | 'Completed' | 'Expired' {
  return r.status === 'InProgress' && nowMs >= r.expiresMs ? 'Expired' : r.status;
}

/** This user's request for this app that still waits for a reviewer, if any. */
export async function pendingRequestOf(s: S, tenantId: string, appId: string, userId: string): Promise<UserConsentRequestRecord | undefined> {
  const now = s.clock.now();
  return (await s.stores.consentRequests.listUserRequestsForApp(tenantId, appId)).find((r) => r.userId === userId && effectiveStatus(r, now) === 'InProgress');
}

export interface SubmitInput {
  tenant: TenantRecord;
  client: ApplicationRecord;
  user: UserRecord;
  consentType: AppConsentType;
  scopes: readonly string[];
  reason: string;
}

/** Stores the user's request (one appConsentRequest per app and consent type, created on first ask). */
export async function submitConsentRequest(s: S, input: SubmitInput, policy: AdminConsentRequestPolicyRecord): Promise<UserConsentRequestRecord> {
  const { tenant, client, user } = input;
  const store = s.stores.consentRequests;
  return s.stores.transaction(async () => {
    const now = s.clock.now();
    let app = await store.findAppRequest(tenant.id, client.appId, input.consentType);
    if (!app) {
      app = { tenantId: tenant.id, id: s.ids.uuid(), appId: client.appId, appDisplayName: client.displayName, consentType: input.consentType, createdMs: now };
      await store.putAppRequest(app);
    }
    const seen = new Set<string>();
    const scopes = input.scopes.filter((v) => (seen.has(v.toLowerCase()) ? false : (seen.add(v.toLowerCase()), true)));
    const r: UserConsentRequestRecord = {
      tenantId: tenant.id,
      id: s.ids.uuid(),
      appConsentRequestId: app.id,
      appId: client.appId,
      userId: user.id,
      createdBy: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, mail: user.mail },
      reason: input.reason,
      scopes,
      status: 'InProgress',
      createdMs: now,
      expiresMs: now + policy.requestDurationInDays * DAY_MS,
      completedMs: null,
      reviewedBy: null,
    };
    await store.putUserRequest(r);
    return r;
  });
}

/**
 * Tenant-wide admin consent to the app approves its requests in progress ("To approve a request,
 * grant admin consent to the application": review-admin-consent-requests). Expired ones stay expired.
 */
export async function completeConsentRequests(s: S, tenantId: string, appId: string, admin: UserRecord | undefined): Promise<number> {
  const now = s.clock.now();
  let n = 0;
  for (const r of await s.stores.consentRequests.listUserRequestsForApp(tenantId, appId)) {
    if (effectiveStatus(r, now) !== 'InProgress') continue;
    await s.stores.consentRequests.putUserRequest({
      ...r,
      status: 'Completed',
      completedMs: now,
      reviewedBy: admin ? { id: admin.id, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName } : null,
    });
    n++;
  }
  return n;
}
