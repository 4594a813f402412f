import { z } from 'zod';

// The shape of a tenant file as written (before defaults and cross-references). Every mapping is
// strict: an unknown key is an error, because a typo silently ignored is a tenant silently wrong.
// Each section item is validated on its own (see load.ts) so one bad user does not hide the rest.

/** Marker carried in unrecognized_keys messages so the issue mapper can list the allowed keys. */
export const ALLOWED_KEYS_MARKER = 'tenantbox-allowed-keys:';

function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? ALLOWED_KEYS_MARKER + keys.join(',') : undefined),
  });
}

const EMAIL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export function isGuid(value: string): boolean {
  return GUID_RE.test(value);
}

const text = z.string().trim().min(1);
const address = z
  .string()
  .trim()
  .toLowerCase()
  .regex(EMAIL_RE, { error: 'expected an email address such as megan@contoso.test' });
const guid = z.string().trim().toLowerCase().regex(GUID_RE, { error: 'expected a GUID such as 5eed0000-0000-4000-8000-000000000001' });
const list = <T extends z.ZodType>(item: T) => z.array(item);
/** A time expression, resolved later in the tenant's zone (see relative-time.ts). */
const time = text;

export const TenantHeader = obj({
  id: guid.optional(),
  domain: z.string().trim().toLowerCase().regex(DOMAIN_RE, { error: 'expected a DNS domain such as contoso.test' }),
  displayName: text.optional(),
  userConsent: z.enum(['none', 'low-impact', 'microsoft-recommended', 'all']).default('microsoft-recommended'),
  timeZone: text.default('UTC'),
  // The admin consent workflow (entra-docs configure-admin-consent-workflow): users who may not
  // consent can ask the reviewers for approval instead of being refused outright.
  adminConsentWorkflow: obj({
    enabled: z.boolean().default(true),
    reviewers: list(address).default([]),
    notify: z.boolean().default(true),
    reminders: z.boolean().default(true),
    requestDurationInDays: z.number().int().positive().default(30),
  }).optional(),
  throttling: obj({
    requestsPer10Minutes: z.number().int().positive().optional(),
    concurrentRequests: z.number().int().positive().optional(),
    enabled: z.boolean().optional(),
  }).optional(),
});

export const User = obj({
  id: guid.optional(),
  upn: address,
  displayName: text,
  password: z.string().min(1).optional(),
  roles: list(text).default([]),
  mail: address.optional(),
  givenName: text.optional(),
  surname: text.optional(),
  jobTitle: text.optional(),
  department: text.optional(),
  officeLocation: text.optional(),
  manager: address.optional(),
  accountEnabled: z.boolean().default(true),
  mailbox: z.boolean().default(true),
  userType: z.enum(['Member', 'Guest']).default('Member'),
  // Has a multifactor method registered (Conditional Access: 50076 when true, 50079 when false).
  mfaRegistered: z.boolean().default(true),
});

export const Room = obj({
  id: guid.optional(),
  email: address,
  displayName: text,
  password: z.string().min(1).optional(),
  accountEnabled: z.boolean().optional(),
  capacity: z.number().int().min(0).optional(),
  building: text.optional(),
  floor: z.union([z.number().int(), text], { error: 'expected a floor number or label' }).optional(),
  roomList: address.optional(),
  bookingType: z.enum(['standard', 'reserved']).optional(),
  isWheelChairAccessible: z.boolean().optional(),
  audioDeviceName: text.optional(),
  videoDeviceName: text.optional(),
  displayDeviceName: text.optional(),
  tags: list(text).optional(),
  autoAccept: z.boolean().default(true),
  addOrganizerToSubject: z.boolean().default(true),
  deleteSubject: z.boolean().default(true),
});

export const RoomList = obj({
  email: address,
  displayName: text,
});

const Channel = obj({
  displayName: text,
  description: text.optional(),
  membershipType: z.enum(['standard', 'private']).default('standard'),
});

export const Group = obj({
  id: guid.optional(),
  mail: address.optional(),
  displayName: text,
  description: text.optional(),
  mailEnabled: z.boolean().optional(),
  securityEnabled: z.boolean().optional(),
  // Dynamic membership rules are not emulated, so only Unified (Microsoft 365 group) is accepted.
  groupTypes: list(z.enum(['Unified'])).default([]),
  members: list(address).default([]),
  owners: list(address).default([]),
  team: obj({ channels: list(Channel).default([]) }).optional(),
});

export const MAILBOX_RIGHTS = ['FullAccess', 'AvailabilityOnly', 'LimitedDetails', 'Reviewer', 'Editor', 'Author', 'PublishingEditor', 'Owner'] as const;

export const MailboxPermission = obj({
  mailbox: address,
  grantee: address,
  folder: z.enum(['Calendar']).optional(),
  rights: z.enum(MAILBOX_RIGHTS),
  sharingPermissionFlags: list(z.enum(['Delegate', 'CanViewPrivateItems'])).optional(),
});

const Secret = z.union([text, obj({ value: text, expires: time.optional() })], {
  error: "expected a secret string or { value, expires }",
});

const Certificate = z.union([text, obj({ pem: text.optional(), path: text.optional(), expires: time.optional() })], {
  error: 'expected a PEM string, a path, or { pem | path, expires }',
});

const uriList = list(text);
const RedirectUris = z.union([uriList, obj({ web: uriList.default([]), spa: uriList.default([]), publicClient: uriList.default([]) })], {
  error: 'expected a list of URIs or { web: [...], spa: [...], publicClient: [...] }',
});

const ResourceAccess = obj({
  delegated: list(text).default([]),
  application: list(text).default([]),
});

export const App = obj({
  appId: guid.optional(),
  displayName: text,
  secrets: list(Secret).default([]),
  certificates: list(Certificate).default([]),
  redirectUris: RedirectUris.optional(),
  publicClient: z.boolean().default(false),
  multiTenant: z.boolean().default(false),
  requiredResourceAccess: z.record(z.string().trim().min(1), ResourceAccess).default({}),
  api: obj({
    identifierUri: text.optional(),
    scopes: list(text).default([]),
    knownClientApplications: list(text).default([]),
  }).optional(),
  appRoleAssignmentRequired: z.boolean().default(false),
  verifiedPublisher: z.boolean().default(false),
});

export const Consent = obj({
  app: text,
  adminConsent: z.boolean().default(false),
  user: address.optional(),
  scopes: list(text).optional(),
});

export const ApplicationAccessPolicy = obj({
  app: text,
  accessRight: z.enum(['RestrictAccess', 'DenyAccess']),
  group: address,
  description: text.optional(),
});

export const TeamsApplicationAccessPolicy = obj({
  name: text,
  apps: list(text).min(1),
  grantTo: list(address).default([]),
  global: z.boolean().default(false),
});

export const Policies = obj({
  applicationAccess: z.array(z.unknown()).default([]),
  teamsApplicationAccess: z.array(z.unknown()).default([]),
});

const weekday = z.string().trim().toLowerCase().pipe(z.enum(WEEKDAY_NAMES));

const Attendee = z.union([address, obj({ address, type: z.enum(['required', 'optional', 'resource']).optional() })], {
  error: 'expected an email address or { address, type }',
});

export const Event = obj({
  calendar: address.optional(),
  organizer: address,
  subject: text,
  start: time,
  end: time.optional(),
  duration: text.optional(),
  attendees: list(Attendee).default([]),
  location: text.optional(),
  body: z.string().optional(),
  isPrivate: z.boolean().default(false),
  isOnlineMeeting: z.boolean().default(false),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere']).optional(),
  recurrence: obj({
    pattern: obj({
      type: z.enum(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly']),
      interval: z.number().int().min(1).default(1),
      daysOfWeek: list(weekday).min(1).optional(),
      dayOfMonth: z.number().int().min(1).max(31).optional(),
    }),
    range: obj({
      type: z.enum(['endDate', 'noEnd', 'numbered']).optional(),
      startDate: text.optional(),
      endDate: text.optional(),
      numberOfOccurrences: z.number().int().min(1).optional(),
    }).optional(),
  }).optional(),
});

export const SensitivityLabel = obj({
  id: guid.optional(),
  name: text,
  description: text.optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: "expected a colour such as '#d13438'" }).optional(),
  sensitivity: z.number().int().min(0).optional(),
});

// A Conditional Access policy, reduced to what tenantbox evaluates (docs/tenant-file.md#conditional-access).
const CaTargets = obj({ include: list(text).default([]), exclude: list(text).default([]) });
export const ConditionalAccessPolicy = obj({
  name: text,
  state: z.enum(['enabled', 'disabled', 'reportOnly']).default('enabled'),
  users: CaTargets,
  apps: CaTargets,
  grant: z.enum(['mfa', 'block']),
});

/** The top level of one tenant: sections are lists validated item by item afterwards. */
export const TenantDocument = obj({
  tenant: z.unknown().optional(), // presence is checked by the loader with a friendlier message
  users: z.array(z.unknown()).default([]),
  rooms: z.array(z.unknown()).default([]),
  roomLists: z.array(z.unknown()).default([]),
  groups: z.array(z.unknown()).default([]),
  mailboxPermissions: z.array(z.unknown()).default([]),
  apps: z.array(z.unknown()).default([]),
  consents: z.array(z.unknown()).default([]),
  policies: z.unknown().optional(),
  events: z.array(z.unknown()).default([]),
  sensitivityLabels: z.array(z.unknown()).default([]),
  conditionalAccess: z.array(z.unknown()).default([]),
  google: z.unknown().optional(), // validated by normalize-google.ts
});

export type RawHeader = z.output<typeof TenantHeader>;
export type RawUser = z.output<typeof User>;
export type RawRoom = z.output<typeof Room>;
export type RawRoomList = z.output<typeof RoomList>;
export type RawGroup = z.output<typeof Group>;
export type RawMailboxPermission = z.output<typeof MailboxPermission>;
export type RawApp = z.output<typeof App>;
export type RawConsent = z.output<typeof Consent>;
export type RawApplicationAccessPolicy = z.output<typeof ApplicationAccessPolicy>;
export type RawTeamsApplicationAccessPolicy = z.output<typeof TeamsApplicationAccessPolicy>;
export type RawEvent = z.output<typeof Event>;
export type RawConditionalAccessPolicy = z.output<typeof ConditionalAccessPolicy>;
export type RawSensitivityLabel = z.output<typeof SensitivityLabel>;
