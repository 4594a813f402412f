import { z } from 'zod';
import { ALLOWED_KEYS_MARKER } from './schema.js';

// The `google:` section as written. Strict mappings, like the rest of the file (schema.ts): an
// unknown key is reported with the keys that are allowed.

function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? ALLOWED_KEYS_MARKER + keys.join(',') : undefined),
  });
}

const EMAIL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const text = z.string().trim().min(1);
const address = z.string().trim().toLowerCase().regex(EMAIL_RE, { error: 'expected an email address such as megan@contoso.test' });
const domain = z.string().trim().toLowerCase().regex(DOMAIN_RE, { error: 'expected a DNS domain such as contoso.test' });
const list = <T extends z.ZodType>(item: T) => z.array(item);
const section = z.array(z.unknown()).default([]);
const label = z.union([z.number().int(), text], { error: 'expected a number or a label' }).transform((v) => String(v));

export const GOOGLE_ROLES = ['none', 'freeBusyReader', 'reader', 'writerWithoutPrivateAccess', 'writer', 'owner'] as const;
const role = z.enum(GOOGLE_ROLES);

export const GoogleSection = obj({
  customerId: z.string().trim().regex(/^C[0-9a-z]{6,12}$/i, { error: "expected a customer id such as 'C03az79cb'" }).optional(),
  domain: domain.optional(),
  sharing: obj({ primaryCalendars: role.default('freeBusyReader'), resources: role.default('freeBusyReader') }).optional(),
  users: section,
  groups: section,
  buildings: section,
  resources: section,
  calendars: section,
  serviceAccounts: section,
  oauthClients: section,
  domainWideDelegation: section,
  acl: section,
  events: section,
});

export const GoogleUser = obj({
  email: address,
  id: z.string().trim().regex(/^\d{6,30}$/, { error: 'expected a numeric user id' }).optional(),
  name: text.optional(),
  givenName: text.optional(),
  familyName: text.optional(),
  admin: z.boolean().default(false),
  suspended: z.boolean().optional(),
  password: z.string().min(1).optional(),
});

const Member = z.union([address, obj({ email: address, role: z.enum(['OWNER', 'MANAGER', 'MEMBER']).default('MEMBER') })], {
  error: 'expected an email address or { email, role }',
});

export const GoogleGroup = obj({
  email: address,
  name: text,
  id: z.string().trim().min(1).optional(),
  description: text.optional(),
  members: list(Member).default([]),
});

// Google's rule for building ids: letters, digits, '-' and '_'.
export const GoogleBuilding = obj({
  id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "expected a building id of letters, digits, '-' or '_'" }),
  name: text,
  description: text.optional(),
  floors: list(label).default([]),
  address: obj({ lines: list(text).min(1), locality: text.optional(), postalCode: text.optional(), regionCode: text.optional() }).optional(),
});

export const GoogleResource = obj({
  name: text,
  id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "expected a resource id of letters, digits, '-' or '_'" }).optional(),
  email: address.optional(),
  building: text.optional(),
  floor: label.optional(),
  section: text.optional(),
  capacity: z.number().int().min(0).optional(),
  features: list(text).default([]),
  type: text.optional(),
  description: text.optional(),
  userVisibleDescription: text.optional(),
  category: z.enum(['CONFERENCE_ROOM', 'OTHER']).default('CONFERENCE_ROOM'),
  autoAccept: z.boolean().default(true),
});

export const GoogleCalendar = obj({
  name: text,
  owner: address,
  id: address.optional(),
  description: text.optional(),
  timeZone: text.optional(),
});

// Google's rule for service-account ids and project ids: 6-30 characters, lower-case letters,
// digits and hyphens, starting with a letter, not ending with a hyphen.
const gcpId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: `expected a ${what} of 6-30 lower-case letters, digits or hyphens, starting with a letter` });

export const GoogleServiceAccount = obj({
  name: gcpId('service account id'),
  project: gcpId('project id').optional(),
  displayName: text.optional(),
  clientId: z.string().trim().regex(/^\d{21}$/, { error: 'expected a 21-digit client id' }).optional(),
});

export const GoogleOAuthClient = obj({
  name: text,
  clientId: text.optional(),
  secret: text,
  redirectUris: list(text).min(1),
});

export const GoogleDwd = obj({
  client: text,
  scopes: list(text).min(1),
});

export const GoogleAcl = obj({
  calendar: text,
  role,
  user: address.optional(),
  group: address.optional(),
  domain: domain.optional(),
  default: z.literal(true, { error: "expected 'true' (a rule for everyone)" }).optional(),
});

const Attendee = z.union([text, obj({ email: text, optional: z.boolean().default(false) })], {
  error: 'expected an email address, a resource name, or { email, optional }',
});

export const GoogleEvent = obj({
  id: z.string().trim().regex(/^[a-v0-9]{5,1024}$/, { error: 'expected an event id of 5-1024 characters a-v and 0-9 (base32hex), as Google requires' }).optional(),
  calendar: text.optional(),
  organizer: address.optional(),
  summary: text,
  start: text,
  end: text.optional(),
  duration: text.optional(),
  allDay: z.boolean().default(false),
  attendees: list(Attendee).default([]),
  description: z.string().optional(),
  location: text.optional(),
  visibility: z.enum(['default', 'public', 'private', 'confidential']).default('default'),
  transparency: z.enum(['opaque', 'transparent']).default('opaque'),
  recurrence: list(text).min(1).optional(),
});

export type RawGoogleSection = z.output<typeof GoogleSection>;
export type RawGoogleUser = z.output<typeof GoogleUser>;
export type RawGoogleEvent = z.output<typeof GoogleEvent>;
