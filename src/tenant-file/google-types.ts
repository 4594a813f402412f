import type { SourceRef } from './types.js';

// The normalized `google:` section of a tenant (see docs/tenant-file.md#google). Every reference
// is resolved: calendars by id, users and groups by lower-case email, service accounts and OAuth
// clients by client id. Ids the file leaves out are derived from natural keys (google-ids.ts).

export type GoogleCalendarRoleName = 'none' | 'freeBusyReader' | 'reader' | 'writerWithoutPrivateAccess' | 'writer' | 'owner';

export interface GoogleSpec {
  customerId: string;
  domain: string;
  /** Domain-wide default sharing of new calendars (a `domain:` ACL rule on each). */
  sharing: { primaryCalendars: GoogleCalendarRoleName; resources: GoogleCalendarRoleName };
  users: GoogleUserSpec[];
  groups: GoogleGroupSpec[];
  buildings: GoogleBuildingSpec[];
  resources: GoogleResourceSpec[];
  calendars: GoogleSecondaryCalendarSpec[];
  serviceAccounts: GoogleServiceAccountSpec[];
  oauthClients: GoogleOAuthClientSpec[];
  domainWideDelegation: GoogleDwdSpec[];
  acl: GoogleAclSpec[];
  events: GoogleEventSpec[];
  source: SourceRef;
}

export interface GoogleUserSpec {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  fullName: string;
  /** Super admin. */
  admin: boolean;
  suspended: boolean;
  /** For the user OAuth flow's sign-in page; taken from the Microsoft user of the same address if not given. */
  password?: string;
  /** True when the address is also a Microsoft user of the tenant (names and password came from it). */
  microsoftUser: boolean;
  source: SourceRef;
}

export interface GoogleGroupSpec {
  id: string;
  email: string;
  name: string;
  description?: string;
  members: { email: string; role: 'OWNER' | 'MANAGER' | 'MEMBER'; type: 'USER' | 'GROUP' | 'SERVICE_ACCOUNT' | 'EXTERNAL' }[];
  source: SourceRef;
}

export interface GoogleBuildingSpec {
  id: string;
  name: string;
  description?: string;
  floors: string[];
  address?: { addressLines: string[]; locality?: string; postalCode?: string; regionCode?: string };
  source: SourceRef;
}

export interface GoogleResourceSpec {
  id: string;
  name: string;
  email: string;
  building?: string; // building id
  floor?: string;
  section?: string;
  capacity?: number;
  features: string[];
  type?: string;
  description?: string;
  userVisibleDescription?: string;
  category: 'CONFERENCE_ROOM' | 'OTHER';
  autoAccept: boolean;
  source: SourceRef;
}

export interface GoogleSecondaryCalendarSpec {
  id: string;
  name: string;
  owner: string; // user or service-account email
  description?: string;
  timeZone: string;
  source: SourceRef;
}

export interface GoogleServiceAccountSpec {
  name: string;
  projectId: string;
  email: string;
  clientId: string;
  displayName: string;
  source: SourceRef;
}

export interface GoogleOAuthClientSpec {
  name: string;
  clientId: string;
  secret: string;
  redirectUris: string[];
  source: SourceRef;
}

export interface GoogleDwdSpec {
  clientId: string;
  /** As written in the file (a service account or OAuth client name, email or client id). */
  client: string;
  scopes: string[];
  source: SourceRef;
}

export interface GoogleAclSpec {
  calendar: string; // calendar id
  scope: { type: 'default' } | { type: 'user' | 'group' | 'domain'; value: string };
  role: GoogleCalendarRoleName;
  source: SourceRef;
}

export interface GoogleEventSpec {
  id?: string;
  /** Calendar the event is written to: the organizer's primary, or the calendar itself. */
  calendar: string;
  /** A user or service account; absent = the calendar itself organizes (an event put straight into a room or secondary calendar). */
  organizer?: string;
  summary: string;
  /** ISO instants; for all-day events, YYYY-MM-DD dates (end exclusive). */
  start: string;
  end: string;
  allDay: boolean;
  timeZone: string;
  attendees: { email: string; optional: boolean; resource: boolean }[];
  description?: string;
  location?: string;
  visibility: 'default' | 'public' | 'private' | 'confidential';
  transparency: 'opaque' | 'transparent';
  recurrence?: string[];
  source: SourceRef;
}
