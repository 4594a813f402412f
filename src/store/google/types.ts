// Store interfaces for the Google Workspace half of a tenant. Like ../types.ts: handlers speak only
// to these, the SQLite implementation (./sqlite-*.ts) sits behind them, every method is async.
// Google state belongs to the tenant (Microsoft tenant id) whose tenant file declares `google:`,
// so `tenantbox reset` clears it with the rest; service-account key material is the exception
// (kept, so key files handed to apps stay valid across resets).

export type CalendarRole = 'none' | 'freeBusyReader' | 'reader' | 'writerWithoutPrivateAccess' | 'writer' | 'owner';

export const CALENDAR_ROLES: readonly CalendarRole[] = ['none', 'freeBusyReader', 'reader', 'writerWithoutPrivateAccess', 'writer', 'owner'];

export interface GoogleCustomerRecord {
  tenantId: string;
  customerId: string; // e.g. C03az79cb
  domain: string; // primary domain, lower-case
  /** The tenant's zone: new resource calendars and primary calendars use it. */
  timeZone: string;
  /** Domain-wide default sharing given to new calendars (a `domain:` ACL rule). */
  sharing: { primaryCalendars: CalendarRole; resources: CalendarRole };
  creationTime: string;
}

export interface GoogleUserRecord {
  tenantId: string;
  id: string; // 21-digit numeric string, as Google's user ids
  primaryEmail: string; // lower-case
  givenName: string;
  familyName: string;
  fullName: string;
  /** Super admin: Admin SDK access, implicit owner of resource calendars. */
  isAdmin: boolean;
  suspended: boolean;
  /** scrypt hash for the user OAuth flow's sign-in page; null = cannot sign in. */
  passwordHash: string | null;
  creationTime: string;
}

export interface GoogleGroupMember {
  email: string; // lower-case
  role: 'OWNER' | 'MANAGER' | 'MEMBER';
  type: 'USER' | 'GROUP' | 'SERVICE_ACCOUNT' | 'EXTERNAL';
}

export interface GoogleGroupRecord {
  tenantId: string;
  id: string;
  email: string;
  name: string;
  description: string;
  members: GoogleGroupMember[];
  creationTime: string;
}

export interface GoogleBuildingRecord {
  tenantId: string;
  buildingId: string;
  buildingName: string;
  description: string;
  floorNames: string[];
  address?: { addressLines: string[]; locality?: string; postalCode?: string; regionCode?: string };
}

export interface GoogleResourceRecord {
  tenantId: string;
  resourceId: string;
  resourceName: string;
  resourceEmail: string; // lower-case, ...@resource.calendar.google.com
  resourceType?: string;
  resourceDescription?: string;
  userVisibleDescription?: string;
  resourceCategory: 'CONFERENCE_ROOM' | 'OTHER' | 'CATEGORY_UNKNOWN';
  capacity?: number;
  buildingId?: string;
  floorName?: string;
  floorSection?: string;
  features: string[];
  /** Accept invitations when free (Google's default for rooms); false: leave them needsAction. */
  autoAccept: boolean;
  etagSeq: number;
}

export interface GoogleServiceAccountRecord {
  tenantId: string;
  name: string; // local part of client_email and the key file name
  clientEmail: string; // lower-case
  clientId: string; // 21-digit numeric string
  projectId: string;
  displayName: string;
  keyFile: string; // absolute path of the JSON key file written for it
}

export interface GoogleDwdRecord {
  tenantId: string;
  clientId: string;
  scopes: string[]; // full scope URLs, as authorized in the admin console
}

export interface GoogleOAuthClientRecord {
  tenantId: string;
  clientId: string;
  name: string;
  secretHash: string; // sha256 base64url
  redirectUris: string[];
}

/** Scopes a user has granted an OAuth client on the consent page (so the next authorize skips it). */
export interface GoogleGrantRecord {
  tenantId: string;
  clientId: string;
  userEmail: string;
  scopes: string[];
}

export interface GoogleCalendarRecord {
  tenantId: string;
  id: string; // an email: a user's primary, a resource's, or ...@group.calendar.google.com
  kind: 'primary' | 'resource' | 'secondary';
  /** The principal that owns it (user or service account email); for resources, the resource email. */
  ownerEmail: string;
  summary: string;
  description?: string;
  location?: string;
  timeZone: string;
  /** OAuth client id (or service-account client id) that created it; the `calendar.app.created` scope reaches only these. */
  createdByClientId: string | null;
  etagSeq: number;
}

export interface GoogleAclRecord {
  tenantId: string;
  calendarId: string;
  ruleId: string; // "user:a@b", "group:g@b", "domain:b", "default"
  scopeType: 'default' | 'user' | 'group' | 'domain';
  scopeValue?: string;
  role: CalendarRole;
  etagSeq: number;
}

export interface GoogleCalendarListRecord {
  tenantId: string;
  principal: string; // whose list, lower-case email
  calendarId: string;
  primary?: boolean;
  hidden?: boolean;
  selected?: boolean;
  summaryOverride?: string;
  colorId?: string;
  backgroundColor?: string;
  foregroundColor?: string;
  defaultReminders: { method: string; minutes: number }[];
  etagSeq: number;
}

/**
 * One event in one calendar. An event with attendees has a copy in each attendee calendar tenantbox
 * holds (same id and iCalUID), as Google does. `body` is the Google event resource minus what
 * depends on the viewer (self flags, accessRole). A recurring master spans its whole series
 * (endMs = end of the last instance, or MAX_SAFE_INTEGER); exceptions carry recurringEventId.
 * Deleted events stay as `cancelled` rows so incremental sync can report them.
 */
export interface GoogleEventRecord {
  tenantId: string;
  calendarId: string;
  id: string;
  /** Change sequence for syncToken; assigned by the store on every put. */
  seq: number;
  status: 'confirmed' | 'tentative' | 'cancelled';
  startMs: number;
  endMs: number;
  recurringEventId: string | null;
  iCalUID: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Google event resource, read field by field
  body: Record<string, any>;
}

export interface GoogleTokenRecord {
  hash: string;
  kind: 'access' | 'refresh' | 'code' | 'flow';
  tenantId: string;
  clientId: string;
  /** Email of the user (impersonated or signed in) or of the service account acting as itself. */
  subject: string | null;
  subjectKind: 'user' | 'serviceAccount' | null;
  scopes: string[];
  createdAt: number; // emulated clock, ms
  expiresAt: number;
  consumedAt: number | null;
  data: Record<string, unknown>;
}

/** The RSA key behind a service account's JSON key file (kept across resets). */
export interface GoogleKeyRecord {
  clientEmail: string;
  privateKeyId: string; // 40 hex
  privateKeyPem: string; // PKCS#8
  createdTime: string;
}

export interface GoogleDirectoryStore {
  getCustomer(tenantId: string): Promise<GoogleCustomerRecord | undefined>;
  putCustomer(c: GoogleCustomerRecord): Promise<void>;
  /** Tenants that have a Google side. */
  listCustomers(): Promise<GoogleCustomerRecord[]>;

  getUser(tenantId: string, idOrEmail: string): Promise<GoogleUserRecord | undefined>;
  listUsers(tenantId: string): Promise<GoogleUserRecord[]>;
  putUser(u: GoogleUserRecord): Promise<void>;

  getGroup(tenantId: string, idOrEmail: string): Promise<GoogleGroupRecord | undefined>;
  listGroups(tenantId: string): Promise<GoogleGroupRecord[]>;
  putGroup(g: GoogleGroupRecord): Promise<void>;
  /** Groups (emails) `email` belongs to, directly or through nested groups. */
  groupsOf(tenantId: string, email: string): Promise<string[]>;

  getBuilding(tenantId: string, buildingId: string): Promise<GoogleBuildingRecord | undefined>;
  listBuildings(tenantId: string): Promise<GoogleBuildingRecord[]>;
  putBuilding(b: GoogleBuildingRecord): Promise<void>;
  deleteBuilding(tenantId: string, buildingId: string): Promise<boolean>;

  getResource(tenantId: string, idOrEmail: string): Promise<GoogleResourceRecord | undefined>;
  listResources(tenantId: string): Promise<GoogleResourceRecord[]>;
  putResource(r: GoogleResourceRecord): Promise<void>;
  deleteResource(tenantId: string, resourceId: string): Promise<boolean>;

  /** Any tenant: the token endpoint knows a service account only by its email (the JWT's iss). */
  findServiceAccount(clientEmailOrId: string): Promise<GoogleServiceAccountRecord | undefined>;
  listServiceAccounts(tenantId: string): Promise<GoogleServiceAccountRecord[]>;
  putServiceAccount(sa: GoogleServiceAccountRecord): Promise<void>;

  getDwd(tenantId: string, clientId: string): Promise<GoogleDwdRecord | undefined>;
  listDwd(tenantId: string): Promise<GoogleDwdRecord[]>;
  putDwd(d: GoogleDwdRecord): Promise<void>;

  /** Any tenant, by client id. */
  findOAuthClient(clientId: string): Promise<GoogleOAuthClientRecord | undefined>;
  putOAuthClient(c: GoogleOAuthClientRecord): Promise<void>;

  getGrant(tenantId: string, clientId: string, userEmail: string): Promise<GoogleGrantRecord | undefined>;
  putGrant(g: GoogleGrantRecord): Promise<void>;
}

export interface EventQuery {
  /** Overlap window [startMs, endMs); masters overlap over their whole series. */
  startMs?: number;
  endMs?: number;
  includeCancelled?: boolean;
}

export interface GoogleCalendarStore {
  getCalendar(tenantId: string, id: string): Promise<GoogleCalendarRecord | undefined>;
  listCalendars(tenantId: string): Promise<GoogleCalendarRecord[]>;
  putCalendar(c: GoogleCalendarRecord): Promise<void>;
  /** Deletes the calendar, its ACL, its events and every calendar-list entry pointing at it. */
  deleteCalendar(tenantId: string, id: string): Promise<boolean>;

  listAcl(tenantId: string, calendarId: string): Promise<GoogleAclRecord[]>;
  putAcl(r: GoogleAclRecord): Promise<void>;
  deleteAcl(tenantId: string, calendarId: string, ruleId: string): Promise<boolean>;

  listCalendarList(tenantId: string, principal: string): Promise<GoogleCalendarListRecord[]>;
  getCalendarListEntry(tenantId: string, principal: string, calendarId: string): Promise<GoogleCalendarListRecord | undefined>;
  putCalendarListEntry(e: GoogleCalendarListRecord): Promise<void>;
  deleteCalendarListEntry(tenantId: string, principal: string, calendarId: string): Promise<boolean>;

  getEvent(tenantId: string, calendarId: string, id: string): Promise<GoogleEventRecord | undefined>;
  /** Inserts or replaces; assigns and returns the record's new change sequence. */
  putEvent(e: Omit<GoogleEventRecord, 'seq'>): Promise<GoogleEventRecord>;
  /** Bulk insert for seeding; one statement loop, no per-row await. */
  putEvents(es: Omit<GoogleEventRecord, 'seq'>[]): Promise<void>;
  listEvents(tenantId: string, calendarId: string, q?: EventQuery): Promise<GoogleEventRecord[]>;
  /** Exceptions (modified or cancelled instances) of a recurring event in one calendar. */
  listExceptions(tenantId: string, calendarId: string, recurringEventId: string): Promise<GoogleEventRecord[]>;
  /** Rows changed after `seq` (cancelled ones included), for incremental sync. */
  listChangedSince(tenantId: string, calendarId: string, seq: number): Promise<GoogleEventRecord[]>;
  /** Every calendar's copy of an event (organizer's and attendees'). */
  listCopies(tenantId: string, eventId: string): Promise<GoogleEventRecord[]>;
  /** The highest change sequence handed out so far (the next sync token's position). */
  currentSeq(): Promise<number>;
}

export interface GoogleTokenStore {
  put(t: GoogleTokenRecord): Promise<void>;
  get(hash: string): Promise<GoogleTokenRecord | undefined>;
  /** Atomically marks consumed; false when it already was (code reuse). */
  consume(hash: string, at: number): Promise<boolean>;
  update(hash: string, patch: Partial<Pick<GoogleTokenRecord, 'data' | 'expiresAt' | 'subject' | 'subjectKind' | 'scopes'>>): Promise<void>;
  deleteExpired(before: number): Promise<number>;
}

export interface GoogleKeyStore {
  get(clientEmail: string): Promise<GoogleKeyRecord | undefined>;
  put(k: GoogleKeyRecord): Promise<void>;
}

export interface GoogleStores {
  directory: GoogleDirectoryStore;
  calendars: GoogleCalendarStore;
  tokens: GoogleTokenStore;
  keys: GoogleKeyStore;
  /** One transaction on the connection the Google tables live on (also serializes writers). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}
