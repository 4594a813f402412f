// The normalized tenant model: what the tenant-file loader produces and the seeder consumes.
// Everything here is plain data (no ids generated yet, except those the file gives explicitly);
// the seeder assigns stable ids from the data dir for anything left out.

import type { GoogleSpec } from './google-types.js';

export type * from './google-types.js';

export type UserConsentSetting = 'none' | 'low-impact' | 'microsoft-recommended' | 'all';

/** Where a value came from in the tenant file, so later stages (the seeder) can report file:line too. */
export interface SourceRef {
  file: string;
  line: number;
  path: string; // field path, e.g. "users[2].upn"
}

export interface TenantSpec {
  /** Tenant id (GUID) if the file gives one; otherwise generated once and kept in the data dir. */
  id?: string;
  domain: string; // primary verified domain, lower-case
  displayName: string;
  userConsent: UserConsentSetting;
  /** The admin consent workflow (`tenant.adminConsentWorkflow`), if declared. */
  adminConsentWorkflow?: AdminConsentWorkflowSpec;
  /** IANA zone used to resolve relative times such as "today+1 09:00"; default UTC. */
  timeZone: string;
  /** Outlook throttling limits; defaults are Graph's documented Outlook limits. */
  throttling?: { requestsPer10Minutes?: number; concurrentRequests?: number; enabled?: boolean };
  users: UserSpec[];
  rooms: RoomSpec[];
  /**
   * Room lists: those declared under `roomLists:` plus one per distinct `roomList` address used by
   * rooms (displayName = the address's local part). Always filled by the loader.
   */
  roomLists?: RoomListSpec[];
  groups: GroupSpec[];
  mailboxPermissions: MailboxPermissionSpec[];
  apps: AppSpec[];
  consents: ConsentSpec[];
  policies: {
    applicationAccess: ApplicationAccessPolicySpec[];
    teamsApplicationAccess: TeamsApplicationAccessPolicySpec[];
  };
  events: EventSpec[];
  sensitivityLabels: SensitivityLabelSpec[];
  /** The Google Workspace side of the tenant (`google:`), if declared. */
  google?: GoogleSpec;
  /** `conditionalAccess:` policies, in file order (absent = none). */
  conditionalAccess?: ConditionalAccessPolicySpec[];
  source: SourceRef;
}

/**
 * One Conditional Access policy. Targets are lower-cased: users `all`, upns or group mail addresses;
 * apps `all`, app displayNames (as written, compared case-insensitively) or appIds.
 */
export interface ConditionalAccessPolicySpec {
  name: string;
  state: 'enabled' | 'disabled' | 'reportOnly';
  users: { include: string[]; exclude: string[] };
  apps: { include: string[]; exclude: string[] };
  grant: 'mfa' | 'block';
  source: SourceRef;
}

/** `tenant.adminConsentWorkflow`: Graph's adminConsentRequestPolicy, reviewers by upn. */
export interface AdminConsentWorkflowSpec {
  enabled: boolean;
  /** Reviewer upns (lower-case), each a user of the tenant. */
  reviewers: string[];
  notifyReviewers: boolean;
  remindersEnabled: boolean;
  requestDurationInDays: number;
  source: SourceRef;
}

export interface UserSpec {
  id?: string;
  upn: string; // lower-case
  displayName: string;
  password?: string;
  /** Entra directory role display names, e.g. "Global Administrator". */
  roles: string[];
  mail?: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
  manager?: string; // upn
  accountEnabled: boolean;
  /** false = unlicensed: no Exchange mailbox (Graph answers MailboxNotEnabledForRESTAPI). */
  mailbox: boolean;
  userType: 'Member' | 'Guest';
  /** A multifactor method is registered (default true); false turns an MFA requirement into 50079. */
  mfaRegistered?: boolean;
  source: SourceRef;
}

export interface RoomSpec {
  id?: string;
  email: string; // lower-case; the room mailbox address
  displayName: string;
  /** Room accounts may sign in (a room-display tablet signs in as its room); absent = cannot sign in. */
  password?: string;
  accountEnabled: boolean;
  capacity?: number;
  building?: string;
  floor?: number | string;
  roomList?: string; // room list email, lower-case
  bookingType?: 'standard' | 'reserved';
  isWheelChairAccessible?: boolean;
  audioDeviceName?: string;
  videoDeviceName?: string;
  displayDeviceName?: string;
  tags?: string[];
  /** Exchange calendar processing (Set-CalendarProcessing); defaults per Exchange Online. */
  autoAccept: boolean;
  addOrganizerToSubject: boolean;
  deleteSubject: boolean;
  source: SourceRef;
}

export interface RoomListSpec {
  email: string; // lower-case
  displayName: string;
  source: SourceRef;
}

export interface GroupSpec {
  id?: string;
  mail?: string; // lower-case
  displayName: string;
  description?: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  /** ["Unified"] for Microsoft 365 groups. */
  groupTypes: string[];
  /** Members by upn / email (users, rooms or other groups by mail). */
  members: string[];
  owners: string[];
  /** A Microsoft 365 group with a team. */
  team?: { channels: { displayName: string; description?: string; membershipType?: 'standard' | 'private' }[] };
  source: SourceRef;
}

export type MailboxRights =
  | 'FullAccess'
  | 'AvailabilityOnly'
  | 'LimitedDetails'
  | 'Reviewer'
  | 'Editor'
  | 'Author'
  | 'PublishingEditor'
  | 'Owner';

export interface MailboxPermissionSpec {
  mailbox: string; // lower-case address
  grantee: string; // lower-case upn
  /** Absent = mailbox-level permission (FullAccess); "Calendar" = calendar folder permission. */
  folder?: 'Calendar';
  rights: MailboxRights;
  /** Folder sharing flags for Editor: Delegate, CanViewPrivateItems. */
  sharingPermissionFlags?: ('Delegate' | 'CanViewPrivateItems')[];
  source: SourceRef;
}

export interface ResourceAccessSpec {
  delegated: string[];
  application: string[];
}

export interface AppSpec {
  appId?: string;
  displayName: string;
  /** Client secrets in clear (this is a local emulator); stored hashed. */
  secrets: { value: string; expires?: string }[];
  /** PEM certificates (or paths relative to the tenant file) for client assertions. */
  certificates: { pem: string; expires?: string }[];
  redirectUris: { web: string[]; spa: string[]; publicClient: string[] };
  publicClient: boolean;
  multiTenant: boolean;
  /** Keyed by resource: "graph" (Microsoft Graph) or a resource appId / identifier URI. */
  requiredResourceAccess: Record<string, ResourceAccessSpec>;
  /** Exposed API for on-behalf-of scenarios: identifier URI and scopes. */
  api?: { identifierUri?: string; scopes: string[]; knownClientApplications: string[] };
  appRoleAssignmentRequired: boolean;
  /** Verified publisher (matters for the low-impact consent policy). */
  verifiedPublisher: boolean;
  /** Home tenant domain when the file declares several tenants (multi-tenant apps are registered in one). */
  homeTenant?: string;
  source: SourceRef;
}

export interface ConsentSpec {
  app: string; // displayName or appId
  /** Admin consent: all static permissions (delegated AllPrincipals grant + app role assignments). */
  adminConsent: boolean;
  /** User consent for one user (Principal grant) with these delegated scopes. */
  user?: string;
  scopes?: string[];
  source: SourceRef;
}

export interface ApplicationAccessPolicySpec {
  app: string; // displayName or appId
  accessRight: 'RestrictAccess' | 'DenyAccess';
  group: string; // mail of a mail-enabled security group, or a user mailbox
  description?: string;
  source: SourceRef;
}

export interface TeamsApplicationAccessPolicySpec {
  name: string;
  apps: string[]; // displayName or appId
  /** Users the policy is granted to (upn), or global. */
  grantTo: string[];
  global: boolean;
  source: SourceRef;
}

export interface EventSpec {
  calendar: string; // owner mailbox address
  organizer: string; // upn / mailbox address
  subject: string;
  /** Absolute ISO 8601 UTC instants, resolved from relative expressions at load time. */
  start: string;
  end: string;
  attendees: { address: string; type: 'required' | 'optional' | 'resource' }[];
  location?: string;
  body?: string;
  isPrivate: boolean;
  isOnlineMeeting: boolean;
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';
  recurrence?: {
    pattern: { type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly'; interval: number; daysOfWeek?: string[]; dayOfMonth?: number };
    range: { type: 'endDate' | 'noEnd' | 'numbered'; startDate: string; endDate?: string; numberOfOccurrences?: number };
  };
  source: SourceRef;
}

export interface SensitivityLabelSpec {
  id?: string;
  name: string;
  description?: string;
  color?: string;
  sensitivity: number;
  source: SourceRef;
}

/** One problem in a tenant file: file:line, the field path, and what was expected. */
export interface TenantFileProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface LoadedTenantFile {
  file: string;
  /** sha256 of the file bytes; the data dir records which file it was seeded from. */
  hash: string;
  tenants: TenantSpec[];
}
