// Store interfaces, one per aggregate. Handlers speak only to these; the SQLite implementation
// (src/store/sqlite/) sits behind them and a PostgreSQL one can follow without touching handlers.
// Every method is async so a networked backend fits the same contract. Every record belongs to a
// tenant (the LocalStack "account" idea): ids are unique per tenant, lookups take the tenant id.
// Ids are lower-case GUIDs; lookups by upn/mail/domain are case-insensitive.
// Records a store returns are read-only: hot lookups come from a shared cache and are frozen, so
// build a new object (`{ ...u, displayName }`) and put it to change one.

import type { UserConsentSetting } from '../tenant-file/types.js';
import type { GoogleStores } from './google/types.js';
import type { MailStore, SensitivityLabelStore } from './mail/types.js';
import type { OnlineMeetingStore } from './meetings/types.js';
import type { SubscriptionStore } from './subscriptions/types.js';
import type { TeamsStore } from './teams/types.js';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface TenantRecord {
  id: string;
  domain: string;
  displayName: string;
  userConsent: UserConsentSetting;
  timeZone: string;
  throttling: { enabled: boolean; requestsPer10Minutes: number; concurrentRequests: number };
  createdDateTime: string;
}

export type DirectoryKind = 'user' | 'room';

export interface RoomInfo {
  capacity?: number;
  building?: string;
  floor?: number | string;
  roomListEmail?: string;
  bookingType?: string;
  isWheelChairAccessible?: boolean;
  audioDeviceName?: string;
  videoDeviceName?: string;
  displayDeviceName?: string;
  tags?: string[];
  autoAccept: boolean;
  addOrganizerToSubject: boolean;
  deleteSubject: boolean;
}

export interface UserRecord {
  tenantId: string;
  id: string;
  kind: DirectoryKind;
  userPrincipalName: string; // lower-case
  mail: string | null; // lower-case
  displayName: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  managerId: string | null;
  /** scrypt hash; null = cannot sign in with a password. */
  passwordHash: string | null;
  /** Entra role template ids (the `wids` claim). */
  roles: string[];
  accountEnabled: boolean;
  /** Has an Exchange mailbox (licensed). */
  mailbox: boolean;
  userType: 'Member' | 'Guest';
  /** Refresh tokens and sessions issued before this instant are invalid (revokeSignInSessions). */
  signInSessionsValidFromDateTime: string | null;
  room: RoomInfo | null;
  createdDateTime: string;
}

export interface GroupRecord {
  tenantId: string;
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailNickname: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  /** A room list (places API) rather than a group. */
  isRoomList: boolean;
  createdDateTime: string;
  /** Sensitivity labels set through Graph (`assignedLabels`, Microsoft 365 groups only). */
  assignedLabels?: { labelId: string; displayName: string }[];
}

export type MemberType = 'user' | 'group';

export interface DirectoryStore {
  getTenant(tenantIdOrDomain: string): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;
  putTenant(t: TenantRecord): Promise<void>;

  getUser(tenantId: string, idOrUpnOrMail: string): Promise<UserRecord | undefined>;
  listUsers(tenantId: string, opts?: { kind?: DirectoryKind }): Promise<UserRecord[]>;
  putUser(u: UserRecord): Promise<void>;
  deleteUser(tenantId: string, id: string): Promise<boolean>;

  getGroup(tenantId: string, idOrMail: string): Promise<GroupRecord | undefined>;
  listGroups(tenantId: string): Promise<GroupRecord[]>;
  putGroup(g: GroupRecord): Promise<void>;
  deleteGroup(tenantId: string, id: string): Promise<boolean>;

  addMember(tenantId: string, groupId: string, memberId: string, memberType: MemberType, relation?: 'member' | 'owner'): Promise<void>;
  removeMember(tenantId: string, groupId: string, memberId: string, relation?: 'member' | 'owner'): Promise<boolean>;
  listMembers(tenantId: string, groupId: string, relation?: 'member' | 'owner'): Promise<{ id: string; type: MemberType }[]>;
  /** Groups the object is a direct member of. */
  listMemberOf(tenantId: string, memberId: string): Promise<string[]>;
  /** Transitive membership: is `memberId` in `groupId`, following nested groups (Exchange AAP follows nesting). */
  isTransitiveMember(tenantId: string, groupId: string, memberId: string): Promise<boolean>;
}

export interface PasswordCredential {
  keyId: string;
  hash: string; // sha256 base64url of the secret
  hint: string; // first three characters, as Entra shows
  displayName: string | null;
  endDateTime: string | null;
}

export interface KeyCredential {
  keyId: string;
  pem: string;
  thumbprintSha1: string; // base64url, matches `x5t`
  thumbprintSha256: string; // base64url, matches `x5t#S256`
  startDateTime: string;
  endDateTime: string;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

export interface ExposedScope {
  id: string;
  value: string;
  type: 'User' | 'Admin';
  adminConsentDisplayName: string;
  userConsentDisplayName: string;
  isEnabled: boolean;
}

export interface ApplicationRecord {
  /** Home tenant. */
  tenantId: string;
  id: string; // object id
  appId: string;
  displayName: string;
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  isFallbackPublicClient: boolean;
  redirectUris: { web: string[]; spa: string[]; publicClient: string[] };
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  requiredResourceAccess: RequiredResourceAccess[];
  identifierUris: string[];
  api: { oauth2PermissionScopes: ExposedScope[]; knownClientApplications: string[]; preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[] };
  verifiedPublisher: boolean;
  createdDateTime: string;
}

export interface ServicePrincipalRecord {
  tenantId: string;
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  appOwnerOrganizationId: string | null;
  servicePrincipalType: 'Application';
  servicePrincipalNames: string[];
  createdDateTime: string;
}

export interface AppStore {
  getApplication(tenantId: string, idOrAppId: string): Promise<ApplicationRecord | undefined>;
  /** Any tenant: an app registration is global by appId (multi-tenant apps are consented elsewhere). */
  findApplicationByAppId(appId: string): Promise<ApplicationRecord | undefined>;
  findApplicationByIdentifierUri(uri: string): Promise<ApplicationRecord | undefined>;
  listApplications(tenantId: string): Promise<ApplicationRecord[]>;
  putApplication(a: ApplicationRecord): Promise<void>;
  deleteApplication(tenantId: string, id: string): Promise<boolean>;

  getServicePrincipal(tenantId: string, idOrAppId: string): Promise<ServicePrincipalRecord | undefined>;
  listServicePrincipals(tenantId: string): Promise<ServicePrincipalRecord[]>;
  putServicePrincipal(sp: ServicePrincipalRecord): Promise<void>;
  deleteServicePrincipal(tenantId: string, id: string): Promise<boolean>;
}

export interface OAuth2PermissionGrantRecord {
  tenantId: string;
  id: string;
  clientId: string; // client service principal object id
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string; // resource service principal object id
  scope: string; // space-separated scope values
}

export interface AppRoleAssignmentRecord {
  tenantId: string;
  id: string;
  principalId: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  appRoleId: string;
  createdDateTime: string;
}

export interface GrantStore {
  listDelegatedGrants(tenantId: string, filter?: { clientId?: string; resourceId?: string; principalId?: string | null }): Promise<OAuth2PermissionGrantRecord[]>;
  getDelegatedGrant(tenantId: string, id: string): Promise<OAuth2PermissionGrantRecord | undefined>;
  putDelegatedGrant(g: OAuth2PermissionGrantRecord): Promise<void>;
  deleteDelegatedGrant(tenantId: string, id: string): Promise<boolean>;

  listAppRoleAssignments(tenantId: string, filter?: { principalId?: string; resourceId?: string }): Promise<AppRoleAssignmentRecord[]>;
  getAppRoleAssignment(tenantId: string, id: string): Promise<AppRoleAssignmentRecord | undefined>;
  putAppRoleAssignment(a: AppRoleAssignmentRecord): Promise<void>;
  deleteAppRoleAssignment(tenantId: string, id: string): Promise<boolean>;
}

export type FolderRights = 'AvailabilityOnly' | 'LimitedDetails' | 'Reviewer' | 'Editor' | 'Author' | 'PublishingEditor' | 'Owner';

export interface MailboxPermissionRecord {
  tenantId: string;
  id: string;
  mailboxId: string;
  granteeId: string;
  /** 'mailbox' = Add-MailboxPermission (FullAccess); 'calendar' = Add-MailboxFolderPermission on Calendar. */
  scope: 'mailbox' | 'calendar';
  rights: 'FullAccess' | FolderRights;
  sharingPermissionFlags: ('Delegate' | 'CanViewPrivateItems')[];
}

export interface ApplicationAccessPolicyRecord {
  tenantId: string;
  id: string;
  appId: string; // or '*'
  accessRight: 'RestrictAccess' | 'DenyAccess';
  scopeGroupId: string; // group or user object id
  scopeName: string; // mail, as Exchange shows it
  description: string | null;
}

export interface TeamsAccessPolicyRecord {
  tenantId: string;
  id: string;
  name: string;
  appIds: string[];
  /** User object ids the policy is granted to. */
  grantedTo: string[];
  global: boolean;
}

export interface PolicyStore {
  listMailboxPermissions(tenantId: string, filter?: { mailboxId?: string; granteeId?: string }): Promise<MailboxPermissionRecord[]>;
  putMailboxPermission(p: MailboxPermissionRecord): Promise<void>;
  deleteMailboxPermission(tenantId: string, id: string): Promise<boolean>;

  listApplicationAccessPolicies(tenantId: string): Promise<ApplicationAccessPolicyRecord[]>;
  putApplicationAccessPolicy(p: ApplicationAccessPolicyRecord): Promise<void>;
  deleteApplicationAccessPolicy(tenantId: string, id: string): Promise<boolean>;

  listTeamsAccessPolicies(tenantId: string): Promise<TeamsAccessPolicyRecord[]>;
  putTeamsAccessPolicy(p: TeamsAccessPolicyRecord): Promise<void>;
  deleteTeamsAccessPolicy(tenantId: string, id: string): Promise<boolean>;
}

export interface CalendarRecord {
  tenantId: string;
  id: string;
  ownerId: string; // mailbox (user or room) object id
  name: string;
  isDefault: boolean;
  color: string;
  changeKey: string;
}

/**
 * A Graph event as stored. `data` holds the Graph resource body (subject, body, attendees, organizer,
 * location, recurrence, showAs, responseStatus …); the indexed columns serve range queries
 * (calendarView, getSchedule) without parsing JSON. A series master spans its whole recurrence range.
 */
export interface EventRecord {
  tenantId: string;
  id: string;
  calendarId: string;
  ownerId: string;
  iCalUId: string;
  type: 'singleInstance' | 'seriesMaster' | 'exception' | 'occurrence';
  seriesMasterId: string | null;
  startMs: number; // UTC epoch ms
  endMs: number; // for a series master: end of its last occurrence (or Number.MAX_SAFE_INTEGER)
  data: Record<string, unknown>;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  /**
   * What a getSchedule item shows, kept in columns so a schedule over many calendars parses no event
   * bodies (on read, `data` is parsed only when first touched). The store derives it from `data` on
   * every write and sets it on every read: writers leave it out.
   */
  schedule?: EventScheduleFacts;
}

export interface EventScheduleFacts {
  showAs: string; // data.showAs, default 'busy'
  sensitivity: string; // data.sensitivity, default 'normal'
  subject: string;
  location: string; // data.location.displayName
  isCancelled: boolean;
}

/** An item as getSchedule sees it (EventStore.listEventScheduleInRange): no event body. */
export interface EventScheduleRow {
  calendarId: string;
  id: string;
  type: EventRecord['type'];
  seriesMasterId: string | null;
  startMs: number;
  endMs: number;
  schedule: EventScheduleFacts;
  /** An exception's original occurrence start (its Graph id encodes it); undefined otherwise. */
  originalStartMs?: number;
}

export interface EventStore {
  getCalendar(tenantId: string, id: string): Promise<CalendarRecord | undefined>;
  getDefaultCalendar(tenantId: string, ownerId: string): Promise<CalendarRecord | undefined>;
  listCalendars(tenantId: string, ownerId: string): Promise<CalendarRecord[]>;
  putCalendar(c: CalendarRecord): Promise<void>;
  deleteCalendar(tenantId: string, id: string): Promise<boolean>;

  getEvent(tenantId: string, id: string): Promise<EventRecord | undefined>;
  putEvent(e: EventRecord): Promise<void>;
  /** Bulk insert for seeding large tenants; one transaction per call. */
  putEvents(es: EventRecord[]): Promise<void>;
  deleteEvent(tenantId: string, id: string): Promise<boolean>;
  /** Events (and series masters) of these calendars overlapping [startMs, endMs). */
  listEventsInRange(tenantId: string, calendarIds: string[], startMs: number, endMs: number): Promise<EventRecord[]>;
  /**
   * The schedule facts of these calendars' items overlapping [startMs, endMs), reading no event
   * bodies; per calendar in start order. Series masters are included as rows (type
   * 'seriesMaster'): expanding them needs the full record (getEvent).
   */
  listEventScheduleInRange(tenantId: string, calendarIds: string[], startMs: number, endMs: number): Promise<EventScheduleRow[]>;
  listEvents(tenantId: string, calendarId: string, opts?: { limit?: number; offset?: number }): Promise<EventRecord[]>;
  countEvents(tenantId: string): Promise<number>;
}

export interface SigningKeyRecord {
  tenantId: string;
  kid: string;
  /** JWK of the RSA private key. */
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  /** base64 DER of a self-signed certificate for the key (`x5c` in JWKS) and its SHA-1 thumbprint (`x5t`). */
  x5c: string;
  x5t: string;
  status: 'active' | 'previous' | 'retired';
  createdDateTime: string;
}

export interface KeyStore {
  listKeys(tenantId: string): Promise<SigningKeyRecord[]>;
  putKey(k: SigningKeyRecord): Promise<void>;
}

/** Short-lived and long-lived credentials the identity platform hands out, stored by hash. */
export interface TokenGrantRecord {
  hash: string;
  kind: 'refresh_token' | 'authorization_code' | 'device_code' | 'session';
  tenantId: string;
  clientId: string; // appId
  userId: string | null;
  /** Free-form data the grant needs (scopes, redirect URI, PKCE challenge, nonce, user code, status…). */
  data: Record<string, unknown>;
  createdAt: number; // epoch ms (emulated clock)
  expiresAt: number; // epoch ms
  consumedAt: number | null;
}

export interface TokenStore {
  put(t: TokenGrantRecord): Promise<void>;
  get(hash: string): Promise<TokenGrantRecord | undefined>;
  /** Atomically marks consumed; returns false when it was already consumed (code reuse). */
  consume(hash: string, at: number): Promise<boolean>;
  update(hash: string, patch: Partial<Pick<TokenGrantRecord, 'data' | 'expiresAt' | 'consumedAt'>>): Promise<void>;
  findByUserCode(userCode: string): Promise<TokenGrantRecord | undefined>;
  deleteExpired(before: number): Promise<number>;
}

export interface AuditRecord {
  seq?: number;
  time: string;
  service: 'identity' | 'graph' | 'google' | 'admin';
  tenantId: string | null;
  appId: string | null;
  appDisplayName?: string | null;
  userId: string | null;
  scheme: 'delegated' | 'application' | null;
  method: string;
  path: string;
  template: string | null;
  /** The permission that allowed the call. */
  permission: string | null;
  /** Permissions that would have allowed a refused call. */
  missing: string[];
  /** The resource policy that refused the call, if any. */
  policy: string | null;
  status: number;
  requestId: string;
  /** Scopes/roles the token held. */
  granted: string[];
  /**
   * Set when the call's content narrowed what its endpoint accepts (setting a group's
   * assignedLabels needs a group-wide write permission, not any PATCH /groups/{id} permission):
   * why, and the permissions that allow this call. The analyzer reports such calls apart.
   */
  narrowed?: { reason: string; accepted: string[] };
}

export interface AuditStore {
  /**
   * Queues a record (sets no `seq`); it is written with the others of this event-loop turn, then
   * `onWritten` runs (with the error if the write failed). Pipelines answer a request only after
   * its record is written, so an answered request is never missing from the log.
   */
  append(r: AuditRecord, onWritten?: (err: Error | null) => void): void;
  /** Writes whatever is queued; resolves once it is durable. */
  flush(): Promise<void>;
  query(filter: { appId?: string; tenantId?: string; since?: string; until?: string; afterSeq?: number; limit?: number }): Promise<AuditRecord[]>;
}

/** Key/value facts about the data dir: schema version, seeded tenant-file hash, clock offset. */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** Ids generated for things the tenant file does not give ids for, kept across resets. */
export interface StableIdStore {
  /** Returns the id kept for (scope, naturalKey), creating it with `make` the first time. */
  idFor(scope: string, naturalKey: string, make: () => string): Promise<string>;
}

export interface Stores {
  directory: DirectoryStore;
  apps: AppStore;
  grants: GrantStore;
  policies: PolicyStore;
  events: EventStore;
  keys: KeyStore;
  tokens: TokenStore;
  audit: AuditStore;
  meta: MetaStore;
  stableIds: StableIdStore;
  /** Google Workspace state (directory, resource calendars, events, ACLs, tokens, service-account keys). */
  google: GoogleStores;
  /** Teams: teams, channels, messages, installed apps, tabs, async operations. */
  teams: TeamsStore;
  /** Graph change-notification subscriptions. */
  subscriptions: SubscriptionStore;
  /** Mailboxes' messages and mail folders. */
  mail: MailStore;
  /** Sensitivity labels the tenant file defines. */
  sensitivityLabels: SensitivityLabelStore;
  /** Standalone online meetings (they never appear on a calendar). */
  onlineMeetings: OnlineMeetingStore;
  /** The admin consent workflow: its policy and the users' requests (src/store/consent-requests/). */
  consentRequests: import('./consent-requests/types.js').ConsentRequestStore;
  /** Conditional Access policies and users without an MFA method (src/store/conditional-access/). */
  conditionalAccess: import('./conditional-access/types.js').ConditionalAccessStore;
  /** Delta queries' sync states, every area's (src/store/sync-states/: directory users/groups delta, calendarView delta). */
  syncStates: import('./sync-states/types.js').SyncStateStore;
  /** Runs `fn` in one transaction (used by the seeder and multi-write operations). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Deletes tenant state (everything but stable ids, keys and meta) before re-seeding. */
  clearTenantState(): Promise<void>;
  close(): Promise<void>;
}
