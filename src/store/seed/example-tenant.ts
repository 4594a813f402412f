import type { AppSpec, EventSpec, LoadedTenantFile, RoomSpec, SourceRef, TenantSpec, UserSpec } from '../../tenant-file/types.js';
import { createClock } from '../../shared/clock.js';
import { createSeededIds } from '../../shared/ids.js';
import type { SeedDeps } from './context.js';

// The example tenant, built by hand as the loader would produce it (for the seeder's and
// the stores' tests), and seeder dependencies with a small stand-in for the permission catalog.

export const src = (path: string, line = 1): SourceRef => ({ file: 'tenant.yaml', line, path });

/** Real Microsoft Graph permission ids, for the few permissions the tests use. */
export const GRAPH_PERMISSION_IDS: Record<'delegated' | 'application', Record<string, string>> = {
  application: {
    'Calendars.ReadWrite': 'ef54d2bf-783f-4e0f-bca1-3210c0444d99',
    'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
    'Place.Read.All': '913b9306-0ce1-42b8-9137-6a7df690a760',
    'OnlineMeetings.ReadWrite.All': 'b8bb2037-6e08-44ac-a4ea-4674e010e2a4',
  },
  delegated: {
    'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    'Calendars.ReadWrite': '1ec239c2-d7c9-4623-a91a-a9775856bb36',
    offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
    'Calendars.Read.Shared': '2b9c4092-424d-4249-948d-b43879977640',
  },
};

export function seedDeps(seed = 'tests'): SeedDeps {
  return {
    clock: createClock({ real: () => Date.UTC(2026, 0, 5, 8, 0, 0) }),
    ids: createSeededIds(seed),
    permissionId: (_resource, scheme, name) => GRAPH_PERMISSION_IDS[scheme][name],
  };
}

export const user = (upn: string, displayName: string, over: Partial<UserSpec> = {}): UserSpec => ({
  upn,
  displayName,
  password: 'Passw0rd!',
  roles: [],
  accountEnabled: true,
  mailbox: true,
  userType: 'Member',
  source: src(`users[${upn}]`),
  ...over,
});

export const room = (email: string, displayName: string, over: Partial<RoomSpec> = {}): RoomSpec => ({
  email,
  displayName,
  accountEnabled: false,
  autoAccept: true,
  addOrganizerToSubject: true,
  deleteSubject: true,
  source: src(`rooms[${email}]`),
  ...over,
});

export const app = (displayName: string, over: Partial<AppSpec> = {}): AppSpec => ({
  displayName,
  secrets: [],
  certificates: [],
  redirectUris: { web: [], spa: [], publicClient: [] },
  publicClient: false,
  multiTenant: false,
  requiredResourceAccess: {},
  appRoleAssignmentRequired: false,
  verifiedPublisher: false,
  source: src(`apps[${displayName}]`),
  ...over,
});

export const EVENT_START = '2026-01-06T09:00:00.000Z';

export const event = (over: Partial<EventSpec> = {}): EventSpec => ({
  calendar: 'orion@contoso.test',
  organizer: 'megan@contoso.test',
  subject: 'Weekly sync',
  start: EVENT_START,
  end: '2026-01-06T09:30:00.000Z',
  attendees: [],
  isPrivate: false,
  isOnlineMeeting: false,
  source: src('events[0]'),
  ...over,
});

/** contoso.test as in the issue: adele (Global Administrator), megan, svc-signage, room orion… */
export function contoso(over: Partial<TenantSpec> = {}): TenantSpec {
  return {
    domain: 'contoso.test',
    displayName: 'Contoso',
    userConsent: 'microsoft-recommended',
    timeZone: 'UTC',
    users: [
      user('adele@contoso.test', 'Adele Vance', { roles: ['Global Administrator'] }),
      user('megan@contoso.test', 'Megan Bowen'),
      user('svc-signage@contoso.test', 'Signage service'),
    ],
    rooms: [room('orion@contoso.test', 'Orion', { capacity: 8, building: 'HQ', floor: 2, roomList: 'hq-rooms@contoso.test' })],
    groups: [
      {
        mail: 'signage-rooms@contoso.test',
        displayName: 'Signage rooms',
        mailEnabled: true,
        securityEnabled: true,
        groupTypes: [],
        members: ['orion@contoso.test'],
        owners: [],
        source: src('groups[0]'),
      },
    ],
    mailboxPermissions: [
      { mailbox: 'orion@contoso.test', grantee: 'svc-signage@contoso.test', rights: 'FullAccess', source: src('mailboxPermissions[0]') },
      { mailbox: 'megan@contoso.test', grantee: 'adele@contoso.test', folder: 'Calendar', rights: 'Reviewer', source: src('mailboxPermissions[1]') },
    ],
    apps: [
      app('Room Signage', {
        secrets: [{ value: 'signage-secret-1' }],
        requiredResourceAccess: { graph: { delegated: [], application: ['Calendars.ReadWrite', 'User.Read.All', 'Place.Read.All'] } },
      }),
      app('Room Display', {
        publicClient: true,
        redirectUris: { web: [], spa: [], publicClient: ['http://localhost:3000/auth'] },
        requiredResourceAccess: { graph: { delegated: ['User.Read', 'Calendars.ReadWrite', 'offline_access'], application: [] } },
      }),
    ],
    consents: [{ app: 'Room Signage', adminConsent: true, source: src('consents[0]') }],
    policies: {
      applicationAccess: [{ app: 'Room Signage', accessRight: 'RestrictAccess', group: 'signage-rooms@contoso.test', source: src('policies.applicationAccess[0]') }],
      teamsApplicationAccess: [],
    },
    events: [event()],
    sensitivityLabels: [],
    source: src('tenant'),
    ...over,
  };
}

export function loaded(...tenants: TenantSpec[]): LoadedTenantFile {
  return { file: 'tenant.yaml', hash: 'test-hash', tenants: tenants.length ? tenants : [contoso()] };
}
