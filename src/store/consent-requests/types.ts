// The admin consent workflow's state (entra-docs configure-admin-consent-workflow; graph-docs
// adminConsentRequestPolicy, appConsentRequest, userConsentRequest): the tenant's one policy, and
// the requests users send from the "Approval required" page. An appConsentRequest is one app and
// one consent type (Static for `.default`, Dynamic for named scopes: entra-docs
// admin-consent-workflow-faq, "two admin consent requests"); each user's ask is a userConsentRequest.

export interface AdminConsentRequestPolicyRecord {
  tenantId: string;
  isEnabled: boolean;
  notifyReviewers: boolean;
  remindersEnabled: boolean;
  requestDurationInDays: number;
  /** Reviewers as user object ids (Graph lists them as `/users/{id}` queries). */
  reviewerIds: string[];
  version: number;
}

export type AppConsentType = 'Static' | 'Dynamic';

export interface AppConsentRequestRecord {
  tenantId: string;
  id: string;
  appId: string;
  appDisplayName: string;
  consentType: AppConsentType;
  createdMs: number;
}

/** Stored statuses; `Expired` is derived on read from expiresMs (nothing sweeps requests). */
export type UserConsentRequestStatus = 'InProgress' | 'Completed';

export interface UserConsentRequestRecord {
  tenantId: string;
  id: string;
  appConsentRequestId: string;
  appId: string;
  userId: string;
  /** identitySet.user of createdBy, as it was when the request was made. */
  createdBy: { id: string; displayName: string; userPrincipalName: string; mail: string | null };
  /** The user's justification. */
  reason: string;
  /** The permission values the sign-in asked for (appConsentRequest.pendingScopes while in progress). */
  scopes: string[];
  status: UserConsentRequestStatus;
  createdMs: number;
  expiresMs: number;
  completedMs: number | null;
  /** The admin whose tenant-wide consent completed it (null: the admin API or the tenant file). */
  reviewedBy: { id: string; displayName: string; userPrincipalName: string } | null;
}

export interface ConsentRequestStore {
  getPolicy(tenantId: string): Promise<AdminConsentRequestPolicyRecord | undefined>;
  putPolicy(p: AdminConsentRequestPolicyRecord): Promise<void>;
  listAppRequests(tenantId: string): Promise<AppConsentRequestRecord[]>;
  getAppRequest(tenantId: string, id: string): Promise<AppConsentRequestRecord | undefined>;
  findAppRequest(tenantId: string, appId: string, consentType: AppConsentType): Promise<AppConsentRequestRecord | undefined>;
  putAppRequest(r: AppConsentRequestRecord): Promise<void>;
  /** A request's user requests, oldest first. */
  listUserRequests(tenantId: string, appConsentRequestId: string): Promise<UserConsentRequestRecord[]>;
  /** Every user request for an app (all consent types), oldest first. */
  listUserRequestsForApp(tenantId: string, appId: string): Promise<UserConsentRequestRecord[]>;
  putUserRequest(r: UserConsentRequestRecord): Promise<void>;
}
