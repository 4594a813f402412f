import { effectiveStatus } from '../../identity/consent/admin-consent-workflow.js';
import type { AdminConsentRequestPolicyRecord, AppConsentRequestRecord, UserConsentRequestRecord } from '../../store/consent-requests/types.js';
import type { CollectionSpec, Resource } from '../odata/collection.js';

// Graph's shapes (graph-docs resources/appconsentrequest.md, userconsentrequest.md,
// appconsentrequestscope.md, adminconsentrequestpolicy.md, and the list examples).

/** pendingScopes: what the app's requests still waiting for a reviewer ask for. */
export function appConsentRequestView(r: AppConsentRequestRecord, users: readonly UserConsentRequestRecord[], nowMs: number): Resource {
  const seen = new Map<string, string>();
  for (const u of users) if (effectiveStatus(u, nowMs) === 'InProgress') for (const v of u.scopes) if (!seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return {
    id: r.id,
    appId: r.appId,
    appDisplayName: r.appDisplayName,
    consentType: r.consentType,
    pendingScopes: [...seen.values()].map((displayName) => ({ displayName })),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function userConsentRequestView(r: UserConsentRequestRecord, nowMs: number): Resource {
  return {
    id: r.id,
    status: effectiveStatus(r, nowMs),
    reason: r.reason,
    createdDateTime: iso(r.createdMs),
    completedDateTime: iso(r.completedMs),
    approvalId: r.id,
    customData: null,
    createdBy: { user: { ...r.createdBy } },
  };
}

/** The approval relationship: one stage (the process is single-stage: consentrequests-overview). */
export function approvalView(r: UserConsentRequestRecord, nowMs: number): Resource {
  const status = effectiveStatus(r, nowMs);
  const done = status === 'Completed';
  return {
    id: r.id,
    stages: [
      {
        id: r.id,
        displayName: null,
        reviewedDateTime: done ? iso(r.completedMs) : null,
        reviewResult: done ? 'Approve' : 'NotReviewed',
        status: status === 'InProgress' ? 'InProgress' : 'Completed',
        assignedToMe: false,
        justification: done ? 'Admin consent granted.' : null,
        reviewedBy: done && r.reviewedBy ? { ...r.reviewedBy, mail: null } : null,
      },
    ],
  };
}

/** A tenant without the setting answers as a new tenant does: disabled, no reviewers. */
export function policyView(p: AdminConsentRequestPolicyRecord | undefined): Resource {
  return {
    isEnabled: p?.isEnabled ?? false,
    notifyReviewers: p?.notifyReviewers ?? false,
    remindersEnabled: p?.remindersEnabled ?? false,
    requestDurationInDays: p?.requestDurationInDays ?? 0,
    version: p?.version ?? 0,
    reviewers: (p?.reviewerIds ?? []).map((id) => ({ query: `/users/${id}`, queryType: 'MicrosoftGraph', queryRoot: null })),
  };
}

const eqOrder = { filter: ['eq'] as const, orderby: 'basic' as const };

const base = { pageSize: 100, maxTop: 999, skip: true, count: true, search: false, directoryAdvancedQueries: false } as const;

export const APP_CONSENT_REQUEST_SPEC: CollectionSpec = {
  ...base,
  type: 'appConsentRequest',
  resourceName: 'AppConsentRequest',
  entitySet: 'identityGovernance/appConsent/appConsentRequests',
  properties: { id: {}, appId: eqOrder, appDisplayName: eqOrder, consentType: {}, pendingScopes: {} },
};

export const USER_CONSENT_REQUEST_SPEC: CollectionSpec = {
  ...base,
  type: 'userConsentRequest',
  resourceName: 'UserConsentRequest',
  entitySet: 'userConsentRequests',
  properties: { id: {}, status: eqOrder, reason: eqOrder, createdDateTime: eqOrder, completedDateTime: {}, approvalId: {}, customData: {}, createdBy: {} },
};

export const POLICY_SPEC: CollectionSpec = {
  ...base,
  type: 'adminConsentRequestPolicy',
  resourceName: 'AdminConsentRequestPolicy',
  entitySet: 'policies/adminConsentRequestPolicy',
  properties: { isEnabled: {}, notifyReviewers: {}, remindersEnabled: {}, requestDurationInDays: {}, version: {}, reviewers: {} },
};
