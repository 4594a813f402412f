// How the consent pages describe a permission, in tenantbox's own words. Microsoft's display names
// and descriptions are never copied: a permission's name is read as family + action + suffix
// (Calendars.ReadWrite.Shared) and put into a short sentence from the tables below. A test checks
// that no sentence equals a Microsoft text.

export interface PermissionWords {
  /** One line, e.g. "Read and change your calendars". */
  title: string;
  /** What it means in practice, shown when the line is expanded. */
  detail: string;
}

export type PermissionKind = 'delegated' | 'application';

const OIDC: Record<string, PermissionWords> = {
  openid: { title: 'Confirm who you are when you sign in', detail: 'The app learns which account signed in, so it can recognise you next time.' },
  profile: { title: 'See your name and account details', detail: 'Your display name, user name and the organization your account belongs to.' },
  email: { title: 'See the email address of your account', detail: 'Only the address itself, not the contents of any mailbox.' },
  offline_access: {
    title: 'Keep working with what you allow here while you are away',
    detail: 'The app may refresh its access without asking you to sign in again, until you or an admin take the access back.',
  },
};

// Nouns for the families people meet most; the rest are spelled out from the family name.
const NOUNS: Record<string, string> = {
  User: 'profiles',
  Calendars: 'calendars',
  Mail: 'email',
  MailboxSettings: 'mailbox settings',
  MailboxFolder: 'mailbox folders',
  MailboxItem: 'mailbox items',
  Contacts: 'contacts',
  Files: 'files',
  Sites: 'SharePoint sites',
  Group: 'groups',
  GroupMember: 'group memberships',
  Directory: 'directory data',
  Place: 'rooms and workspaces',
  OnlineMeetings: 'online meetings',
  OnlineMeetingArtifact: 'meeting recordings and transcripts',
  Chat: 'chats',
  ChatMessage: 'chat messages',
  Channel: 'channels',
  ChannelMessage: 'channel messages',
  ChannelMember: 'channel members',
  Team: 'teams',
  TeamMember: 'team members',
  Tasks: 'tasks',
  People: 'people you work with',
  Presence: 'presence status',
  Notes: 'OneNote notebooks',
  Reports: 'usage reports',
  AuditLog: 'audit logs',
  Application: 'app registrations',
  AppRoleAssignment: 'app role assignments',
  DelegatedPermissionGrant: 'delegated permission grants',
  RoleManagement: 'role assignments',
  Policy: 'policies',
  Organization: 'organization details',
  Device: 'devices',
  Schedule: 'shift schedules',
  Bookings: 'Bookings businesses',
  Sensitivity: 'sensitivity labels',
  ProfilePhoto: 'profile photos',
  'User-Mail': 'user email addresses',
};

const VERBS: Record<string, string> = {
  Read: 'Read',
  ReadWrite: 'Read and change',
  ReadBasic: 'Read the basics of',
  ReadWriteBasic: 'Read and change the basics of',
  Write: 'Change',
  Create: 'Create',
  Manage: 'Manage',
  Delete: 'Delete',
  Send: 'Send',
  Remove: 'Remove',
  Export: 'Export',
  Upload: 'Upload',
};

/** Words for a permission of a resource tenantbox knows (Graph) or of an app's own exposed API. */
export function describePermission(value: string, kind: PermissionKind, opts: { exposedDisplayName?: string } = {}): PermissionWords {
  const oidc = OIDC[value.toLowerCase()];
  if (oidc && kind === 'delegated') return oidc;
  // An app's own API: its display name is written by whoever registered it (the tenant file), not Microsoft.
  if (opts.exposedDisplayName) return { title: opts.exposedDisplayName, detail: scopeOfAction(kind) };
  const special = SPECIAL[`${kind}:${value}`];
  if (special) return special;

  const [family = value, action = '', ...rest] = value.split('.');
  const suffix = rest.join('.');
  const noun = NOUNS[family] ?? spell(family);
  const verb = VERBS[action] ?? capitalize(spell(action) || 'Use');
  let object: string;
  if (action === 'Send' && suffix === 'Shared') object = `${noun} as you or for people who let you send for them`;
  else if (action === 'Send') object = kind === 'delegated' ? `${noun} under your name` : `${noun} under any user's name`;
  else if (suffix === 'All') object = kind === 'delegated' ? `${noun} you can reach across the organization` : `${noun} across the whole organization`;
  else if (suffix === 'Shared') object = `${noun} you own and ${noun} others share with you`;
  else if (suffix === 'OwnedBy') object = `${noun} this app owns`;
  else if (suffix === '') object = kind === 'delegated' ? `${noun} in your account` : `${noun} of every user`;
  else object = `${noun} (${spell(suffix)})`;
  return { title: `${verb} ${object}`, detail: scopeOfAction(kind) };
}

function scopeOfAction(kind: PermissionKind): string {
  return kind === 'delegated'
    ? 'The app acts as you: it never reaches more than your own account can.'
    : 'The app acts on its own, with no one signed in, for the whole organization.';
}

const SPECIAL: Record<string, PermissionWords> = {
  'delegated:User.Read': { title: 'See your profile', detail: 'Your name, job title, email address and other details of your account.' },
  'delegated:User.ReadBasic.All': {
    title: 'Read the basic profiles of people in your organization',
    detail: 'Names, email addresses and photos of your colleagues, for example to show who is in a meeting.',
  },
  'delegated:Calendars.Read': { title: 'See the events in your calendars', detail: 'Events in calendars your account owns, including their attendees and details.' },
  'delegated:Calendars.ReadWrite': {
    title: 'See, add and change events in your calendars',
    detail: 'The app can create, update and delete events in calendars your account owns.',
  },
  'application:Calendars.ReadWrite': {
    title: 'Read and change the calendar of every mailbox',
    detail: 'Events of all users and rooms in the organization, unless an Exchange policy narrows it.',
  },
  'application:Place.Read.All': { title: 'List the rooms and workspaces of the organization', detail: 'Room names, capacities, buildings and room lists.' },
};

function spell(camel: string): string {
  return camel
    .replace(/-/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
