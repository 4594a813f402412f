import type { TestTenantbox } from '../harness/tenantbox.js';

// The bad-input sweep's tenant, the good value of every route parameter, and the bad inputs each
// route gets (bad-input-sweep.test.ts sends them). One parameter, option or body is bad at a time;
// everything else in the request is valid, so the bad part reaches the handler's own code.

export const SWEEP_TENANT_YAML = `
tenant:
  id: 5eed5eed-0000-4000-8000-000000000001
  domain: sweep.test
  displayName: Sweep
  throttling: { enabled: false }
users:
  - { id: 5eed5eed-0000-4000-8000-0000000000a1, upn: ada@sweep.test, displayName: Ada Admin, password: "Passw0rd!", roles: [Global Administrator] }
  - { id: 5eed5eed-0000-4000-8000-0000000000b1, upn: bob@sweep.test, displayName: Bob Member, password: "Passw0rd!", manager: ada@sweep.test }
rooms:
  - { id: 5eed5eed-0000-4000-8000-0000000000c1, email: room1@sweep.test, displayName: Room One, capacity: 8, building: HQ, floor: 1, roomList: rooms@sweep.test }
groups:
  - id: 5eed5eed-0000-4000-8000-0000000000d1
    mail: team@sweep.test
    displayName: Sweep Team
    groupTypes: [Unified]
    owners: [ada@sweep.test]
    members: [ada@sweep.test, bob@sweep.test]
    team: { channels: [{ displayName: Private, membershipType: private }] }
apps:
  - displayName: Sweep App
    secrets: ["sweep-secret"]
    requiredResourceAccess:
      graph:
        application:
          - User.ReadWrite.All
          - Group.ReadWrite.All
          - Directory.ReadWrite.All
          - Application.ReadWrite.All
          - AppRoleAssignment.ReadWrite.All
          - DelegatedPermissionGrant.ReadWrite.All
          - Calendars.ReadWrite
          - Mail.Read
          - Mail.ReadWrite
          - Mail.Send
          - Group.Read.All
          - Organization.Read.All
          - Place.Read.All
          - OnlineMeetings.ReadWrite.All
          - Reports.Read.All
          - InformationProtectionPolicy.Read.All
          - Team.Create
          - TeamSettings.ReadWrite.All
          - Channel.Create
          - ChannelSettings.ReadWrite.All
          - ChannelMember.ReadWrite.All
          - TeamMember.ReadWrite.All
          - ChannelMessage.Read.All
          - TeamsTab.ReadWrite.All
          - TeamsAppInstallation.ReadWriteForTeam.All
          - AppCatalog.Read.All
  - displayName: Sweep Public
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess:
      graph:
        delegated:
          - User.ReadWrite.All
          - Group.ReadWrite.All
          - Directory.ReadWrite.All
          - Application.ReadWrite.All
          - AppRoleAssignment.ReadWrite.All
          - DelegatedPermissionGrant.ReadWrite.All
          - Calendars.ReadWrite.Shared
          - User.Read
          - User.Read.All
          - Mail.Read
          - Mail.Read.Shared
          - Mail.ReadWrite.Shared
          - Mail.Send.Shared
          - Place.Read.All
          - OnlineMeetings.ReadWrite
          - Reports.Read.All
          - InformationProtectionPolicy.Read
          - Team.Create
          - TeamSettings.ReadWrite.All
          - Channel.Create
          - ChannelSettings.ReadWrite.All
          - ChannelMember.ReadWrite.All
          - TeamMember.ReadWrite.All
          - ChannelMessage.Send
          - ChannelMessage.Read.All
          - TeamsTab.ReadWrite.All
          - TeamsAppInstallation.ReadWriteForTeam
          - AppCatalog.Read.All
          - Subscription.Read.All
          - openid
          - profile
          - offline_access
consents:
  - { app: Sweep App, adminConsent: true }
  - { app: Sweep Public, adminConsent: true }
policies:
  teamsApplicationAccess:
    - { name: sweep, apps: [Sweep App], global: true }
sensitivityLabels:
  - { name: General, color: "#0078d4" }
events:
  - { organizer: ada@sweep.test, subject: Sync, start: "today+1 09:00", duration: 30m, attendees: [bob@sweep.test, room1@sweep.test] }
  - { organizer: ada@sweep.test, subject: Daily, start: "today 08:00", duration: 15m, attendees: [bob@sweep.test], recurrence: { pattern: { type: daily }, range: { numberOfOccurrences: 5 } } }
google:
  users:
    - { email: ada@sweep.test, admin: true }
    - { email: bob@sweep.test }
  groups:
    - { email: crew@sweep.test, name: Crew, members: [bob@sweep.test] }
  buildings:
    - { id: hq, name: HQ, floors: [1, 2] }
  resources:
    - { name: Orion, id: hq-orion, building: hq, floor: 1, capacity: 8 }
  serviceAccounts:
    - { name: sweep-bot }
  domainWideDelegation:
    - client: sweep-bot
      scopes:
__GOOGLE_SCOPES__
  events:
    - { organizer: ada@sweep.test, summary: Sync, start: "today+1 09:00", duration: 1h, attendees: [Orion, bob@sweep.test], recurrence: ["RRULE:FREQ=DAILY;COUNT=3"] }
`;

export interface RouteDef {
  method: string;
  url: string;
}

export interface Probe {
  surface: 'graph' | 'google';
  method: string;
  /** The route as registered. */
  route: string;
  /** What is bad about this request. */
  input: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Changes state when its bad part is ignored (DELETE, actions): sent after the rest. */
  late: boolean;
}

export interface SweepTokens {
  appOnly: string;
  delegated: string;
  google: string;
}

const GRAPH_BODIES: [string, string][] = [
  ['malformed JSON', '{"displayName": '],
  ['JSON array', '[]'],
  ['JSON string', '"text"'],
  ['JSON number', '42'],
  ['JSON null', 'null'],
  ['empty object', '{}'],
  [
    'wrong-typed properties',
    JSON.stringify({
      displayName: 5, subject: [], start: 'x', end: 5, attendees: 'a', body: 1, members: 5, schedules: 'a', startTime: 1, endTime: [],
      recurrence: 'x', message: 'x', toRecipients: 'x', requests: {}, principalId: 5, resourceId: [], appRoleId: {}, '@odata.id': 5,
      'members@odata.bind': 'x', roles: 'owner', channels: 5, clientState: 5, changeType: 5, notificationUrl: 5, expirationDateTime: 'x',
      resource: 5, participants: 'x', startDateTime: 5, endDateTime: {}, userPrincipalName: 5, passwordProfile: 'x', accountEnabled: 'yes',
      mailNickname: 5, groupTypes: 'Unified', isRead: 'yes', flag: 'x', categories: 'x', role: 5, emailAddress: 'x', externalId: 5,
      membershipType: 5, configuration: 'x', 'teamsApp@odata.bind': 5, 'user@odata.bind': 5, assignedLabels: 'x', scope: 5, clientId: [],
      consentType: 5, appId: 5, timeConstraint: 'x', locationConstraint: 5, meetingDuration: 5, availabilityViewInterval: 'x',
      sendResponse: 'no', comment: 5, saveToSentItems: 'x', emailAddresses: 5, isOnlineMeeting: 'x', location: 5, sensitivity: 5,
      showAs: 5, importance: 5, memberSettings: 'x', guestSettings: 5, visibility: 5, template: 5, 'template@odata.bind': 5,
    }),
  ],
  [
    'null properties',
    JSON.stringify({
      displayName: null, subject: null, start: null, end: null, attendees: null, body: null, members: null, schedules: null, startTime: null,
      endTime: null, recurrence: null, message: null, toRecipients: null, requests: null, principalId: null, resourceId: null, appRoleId: null,
      '@odata.id': null, roles: null, clientState: null, changeType: null, notificationUrl: null, expirationDateTime: null, resource: null,
      participants: null, startDateTime: null, endDateTime: null, userPrincipalName: null, passwordProfile: null, mailNickname: null,
      emailAddress: null, externalId: null, configuration: null, 'teamsApp@odata.bind': null, 'user@odata.bind': null, assignedLabels: null,
      timeConstraint: null, locationConstraint: null, location: null, memberSettings: null, 'template@odata.bind': null, scope: null,
    }),
  ],
  [
    'wrong-typed nested properties',
    JSON.stringify({
      start: { dateTime: 5, timeZone: 7 }, end: { dateTime: [], timeZone: {} }, body: { content: 5, contentType: 'nope' },
      attendees: [5, null, 'x', { emailAddress: 5 }, { emailAddress: { address: 5 }, type: 7 }], toRecipients: [null, { emailAddress: null }],
      message: { toRecipients: 'x', body: 5, subject: [] }, schedules: [5, null], members: [5, null, { '@odata.type': 5 }],
      requests: [5, null, { id: 5, method: 7, url: [] }], recurrence: { pattern: 5, range: 'x' }, location: { displayName: 5 },
      participants: { attendees: 'x', organizer: 5 }, timeConstraint: { timeslots: 'x' }, locationConstraint: { locations: 5 },
      channels: [5, null], assignedLabels: [5, null, { labelId: 5 }], memberSettings: { allowCreateUpdateChannels: 'x' },
      'members@odata.bind': [5, null], roles: [5], emailAddress: { address: [] }, passwordProfile: { password: 5 },
    }),
  ],
];

// One property wrong at a time (in a many-property body the first check that refuses hides the rest).
const SINGLE_PROPERTIES: [string, unknown][] = [
  ['attendees', [null]], ['attendees', [{ emailAddress: null }]], ['attendees', [{ email: null }]], ['attendees', 'x'],
  ['start', { dateTime: null, timeZone: 'UTC' }], ['start', { dateTime: '2030-01-01T10:00:00', timeZone: null }], ['end', 5], ['start', []],
  ['body', null], ['body', { content: null }], ['toRecipients', [null]], ['message', { toRecipients: [{ emailAddress: null }] }],
  ['schedules', [null]], ['schedules', 'x'], ['requests', [null]], ['requests', [{ id: '1', method: 'GET', url: null }]],
  ['members', [null]], ['members@odata.bind', [null]], ['recurrence', { pattern: null, range: null }], ['recurrence', { pattern: { type: 'daily' }, range: null }],
  ['location', null], ['locations', [null]], ['participants', { attendees: [null] }], ['channels', [null]], ['assignedLabels', [null]],
  ['roles', [null]], ['emailAddress', null], ['displayName', null], ['displayName', { x: 1 }], ['recurrence', [null]], ['items', [null]],
  ['scope', null], ['scope', { type: null }], ['start', { date: 5 }], ['end', { dateTime: 'garbage' }], ['reminders', { overrides: [null] }],
  ['featureInstances', [null]], ['floorNames', [null]], ['address', { addressLines: [null] }], ['timeConstraint', { timeSlots: [null] }],
];

const GOOGLE_BODIES: [string, string][] = [
  ['malformed JSON', '{"summary": '],
  ['JSON array', '[]'],
  ['JSON string', '"text"'],
  ['JSON number', '42'],
  ['JSON null', 'null'],
  ['empty object', '{}'],
  [
    'wrong-typed properties',
    JSON.stringify({
      summary: 5, description: [], start: 'x', end: 5, attendees: 'a', recurrence: 'RRULE', scope: 1, role: [], items: 5, timeMin: {},
      timeMax: 5, timeZone: 5, capacity: 'x', floorNames: 'x', resourceName: 5, buildingId: 5, id: 5, location: 5, visibility: 5,
      transparency: 5, status: 5, colorId: 5, hidden: 'x', selected: 'x', defaultReminders: 'x', notificationSettings: 5,
      featureInstances: 'x', coordinates: 'x', address: 5, buildingName: 5, resourceEmail: 5, resourceCategory: 5,
    }),
  ],
  [
    'null properties',
    JSON.stringify({
      summary: null, start: null, end: null, attendees: null, recurrence: null, scope: null, role: null, items: null, timeMin: null,
      timeMax: null, timeZone: null, resourceName: null, buildingId: null, id: null, floorNames: null, address: null,
    }),
  ],
  [
    'wrong-typed nested properties',
    JSON.stringify({
      start: { dateTime: 5, timeZone: 7 }, end: { date: [], dateTime: {} }, attendees: [5, null, 'x', { email: 5 }, { email: [], resource: 'x' }],
      recurrence: [5, null, {}], scope: { type: 5, value: [] }, items: [5, null, { id: 5 }], reminders: { overrides: 'x' },
      featureInstances: [5, null, { feature: 5 }], coordinates: { latitude: 'x' }, address: { addressLines: 5 }, organizer: { email: 5 },
      defaultReminders: [5, null], notificationSettings: { notifications: 'x' },
    }),
  ],
];

const BAD_IDS: [string, string][] = [
  ['quote', "'"],
  ['%00', '%00'],
  ['2000 chars', 'a'.repeat(2000)],
  ['unicode', encodeURIComponent('ü日本🙂\u202e')],
  ['malformed percent-encoding', '%E0%A4%A'],
  ['encoded slash', 'a%2F..%2Fb'],
  ['parentheses', encodeURIComponent("x')/(y")],
];

const GRAPH_QUERIES: [string, string, Record<string, string>?][] = [
  ['$top=-1', '$top=-1'],
  ['$top=abc', '$top=abc'],
  ['$top huge', '$top=99999999999999999999'],
  ['$filter=(', '$filter=('],
  ['$filter bad literal', "$filter=displayName eq 'x"],
  ['$select=,', '$select=,'],
  ['$orderby=nope desc desc', '$orderby=nope desc desc'],
  ['$skiptoken=garbage', '$skiptoken=garbage'],
  ['$deltatoken=garbage', '$deltatoken=garbage'],
  ['$skip=-1', '$skip=-1'],
  ['$count=maybe', '$count=maybe'],
  ['$expand=(', '$expand=('],
  ['$search unbalanced', '$search="displayName:'],
  ['unknown $foo', '$foo=1'],
  ['repeated $top', '$top=1&$top=2'],
  ['bad calendar window', 'startDateTime=nope&endDateTime=2020-13-45T99:00:00'],
  ['Prefer bad zone', '', { prefer: 'outlook.timezone="Nowhere/Zone"' }],
  ['Prefer bad page size', '', { prefer: 'odata.maxpagesize=-1' }],
  ['ConsistencyLevel with $count', '$count=true&$orderby=nope', { consistencylevel: 'eventual' }],
];

const GOOGLE_QUERIES: [string, string][] = [
  ['timeMin=garbage', 'timeMin=garbage'],
  ['timeMax before timeMin', 'timeMin=2030-01-02T00:00:00Z&timeMax=2030-01-01T00:00:00Z'],
  ['timeMax no offset', 'timeMax=2030-01-01T00:00:00'],
  ['maxResults=0', 'maxResults=0'],
  ['maxResults=-1', 'maxResults=-1'],
  ['maxResults=abc', 'maxResults=abc'],
  ['maxResults huge', 'maxResults=99999999999999999999'],
  ['pageToken=garbage', 'pageToken=garbage'],
  ['syncToken=garbage', 'syncToken=garbage'],
  ['syncToken with timeMin', 'syncToken=garbage&timeMin=2030-01-01T00:00:00Z'],
  ['orderBy=nope', 'orderBy=nope'],
  ['updatedMin=garbage', 'updatedMin=garbage'],
  ['timeZone=Nowhere', 'timeZone=Nowhere/Zone'],
  ['singleEvents=maybe', 'singleEvents=maybe'],
  ['maxAttendees=-1', 'maxAttendees=-1'],
  ['query unbalanced', 'query=capacity>=abc&customer=%00'],
  ['repeated maxResults', 'maxResults=1&maxResults=2'],
];

const CONTENT_TYPES: [string, string, string][] = [
  ['text/plain', 'text/plain', '{}'],
  ['application/xml', 'application/xml', '<a/>'],
  ['form-urlencoded', 'application/x-www-form-urlencoded', 'a=1&displayName[x]=2'],
  ['json, bad charset', 'application/json; charset=ebcdic', '{}'],
];

/** The good value for each route parameter, from the sweep tenant (looked up once). */
async function goodValues(tb: TestTenantbox, t: SweepTokens): Promise<(url: string, param: string) => string> {
  const graph = async (token: string, method: string, path: string, body?: unknown): Promise<any> => {
    const res = await tb.fetch(`/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sweep setup: ${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const google = async (path: string): Promise<any> => {
    const res = await tb.fetch(path, { headers: { authorization: `Bearer ${t.google}` } });
    if (!res.ok) throw new Error(`sweep setup: GET ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const a = t.appOnly;
  const appId = (await graph(a, 'GET', '/applications?$top=1')).value[0].id as string;
  const sp = (await graph(a, 'GET', '/servicePrincipals?$top=1')).value[0].id as string;
  const grant = (await graph(a, 'GET', '/oauth2PermissionGrants')).value[0].id as string;
  const calendar = (await graph(a, 'GET', '/users/ada@sweep.test/calendars')).value[0].id as string;
  const event = (await graph(a, 'GET', '/users/ada@sweep.test/events')).value[0].id as string;
  const permission = (await graph(a, 'GET', '/users/ada@sweep.test/calendar/calendarPermissions')).value[0].id as string;
  const message = (await graph(a, 'POST', '/users/ada@sweep.test/messages', { subject: 'draft' })).id as string;
  const meeting = (await graph(t.delegated, 'POST', '/me/onlineMeetings', { subject: 'm' })).id as string;
  const label = ((await (await tb.fetch('/beta/security/informationProtection/sensitivityLabels', { headers: { authorization: `Bearer ${a}` } })).json()) as any).value[0].id as string;
  const team = '5eed5eed-0000-4000-8000-0000000000d1';
  const channel = (await graph(a, 'GET', `/teams/${team}/channels`)).value[0].id as string;
  const teamMember = (await graph(a, 'GET', `/teams/${team}/members`)).value[0].id as string;
  const post = (await graph(t.delegated, 'POST', `/teams/${team}/channels/${channel}/messages`, { body: { content: 'hi' } })).id as string;
  const gEvent = (await google('/calendar/v3/calendars/primary/events')).items[0].id as string;
  const rule = (await google('/calendar/v3/calendars/primary/acl')).items[0].id as string;

  const byName: Record<string, string> = {
    cid: calendar, eid: event, pid: permission, messageId: message, folderId: 'inbox', meetingId: meeting, labelId: label,
    fn: "getOffice365ActiveUserDetail(period='D7')", teamId: team, channelId: channel, replyId: post, opId: '5eed5eed-0000-4000-8000-00000000ffff',
    appInstallationId: 'x', tabId: 'x', assignmentId: 'x', list: 'rooms@sweep.test', calendarId: 'primary', eventId: gEvent, ruleId: rule,
    customer: 'my_customer', buildingId: 'hq', userKey: 'bob@sweep.test', groupKey: 'crew@sweep.test',
    // Admin consent requests: the sweep tenant has none, so these exercise the 404 path.
    uid: '5eed5eed-0000-4000-8000-00000000cccc',
  };
  return (url, param) => {
    const before = url.slice(0, url.indexOf(`:${param}`));
    if (param === 'id') {
      if (/\/groups\/$/i.test(before)) return team;
      if (/\/applications\/$/i.test(before)) return appId;
      if (/\/servicePrincipals\/$/i.test(before)) return sp;
      if (/\/oauth2PermissionGrants\/$/i.test(before)) return grant;
      if (/\/organization\/$/i.test(before)) return '5eed5eed-0000-4000-8000-000000000001';
      if (/\/places\/$/i.test(before)) return /roomList/i.test(url) ? 'rooms@sweep.test' : 'room1@sweep.test';
      if (/\/subscriptions\/$/i.test(before)) return '5eed5eed-0000-4000-8000-00000000eeee';
      if (/\/resources\/calendars\/$/i.test(before)) return 'hq-orion';
      if (/\/appConsentRequests\/$/i.test(before)) return '5eed5eed-0000-4000-8000-00000000cccc';
      return 'ada@sweep.test';
    }
    if (param === 'memberId') return /\/teams\//i.test(url) ? teamMember : '5eed5eed-0000-4000-8000-0000000000b1';
    if (param === 'messageId' && /\/channels\//i.test(url)) return post;
    const v = byName[param];
    if (v === undefined) throw new Error(`bad-input sweep: no good value for :${param} in ${url}; add one`);
    return v;
  };
}

const PARAM = /:([A-Za-z]+)(\([^)]*\)\)?)?/g;

/** Every probe for every route. Sampling keeps the count to a few thousand (see `keep`). */
export async function buildSweep(tb: TestTenantbox, routes: RouteDef[], t: SweepTokens) {
  const good = await goodValues(tb, t);
  const probes: Probe[] = [];
  const counts = { graph: 0, google: 0 };
  let serial = 0;
  let routeIndex = 0;
  for (const r of routes) {
    const surface = /^\/(v1\.0|beta)\//.test(r.url) ? 'graph' : /^\/(calendar\/v3|admin\/directory\/v1)\//.test(r.url) ? 'google' : undefined;
    if (!surface) continue; // the OAuth endpoints answer OAuth errors, not an API envelope
    counts[surface]++;
    const beta = r.url.startsWith('/beta/');
    const params = [...r.url.matchAll(PARAM)].map((m) => m[1]!);
    const fill = (bad?: { param: string; value: string }) =>
      r.url.replace(PARAM, (_all, name: string) => {
        const v = bad?.param === name ? bad.value : encodeURIComponent(good(r.url, name));
        // findRooms(RoomList=:list(^.+$): the regex parameter takes the quoted value and the closing parenthesis.
        return name === 'list' ? `'${v}')` : v;
      });
    // Delegated on /me and where Graph has no application permission that fits (channel posts need
    // Teamwork.Migrate.All app-only; findMeetingTimes is delegated only); app-only elsewhere.
    const delegatedRoute = /^\/(v1\.0|beta)\/me([/(]|$)|\/channels\/:channelId\/messages|\/findMeetingTimes$/.test(r.url);
    const token = surface === 'google' ? t.google : delegatedRoute ? t.delegated : t.appOnly;
    const auth = { authorization: `Bearer ${token}` };
    const writes = r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT';
    const late = r.method === 'DELETE' || (r.method === 'POST' && /\/(accept|decline|tentativelyAccept|cancel|send|clear|revokeSignInSessions)$/i.test(r.url));
    // /beta mostly serves /v1.0's handlers: a quarter of beta's probes (rotating) are sent.
    const keep = () => !beta || serial++ % 4 === 0;
    const add = (input: string, path: string, headers: Record<string, string> = {}, body?: string) => {
      if (keep()) probes.push({ surface, method: r.method, route: r.url, input, path, headers: { ...auth, ...headers }, body, late });
    };
    const validPath = fill();
    const jsonBody: Record<string, string> = writes ? { 'content-type': 'application/json' } : {};
    const okBody = writes ? '{}' : undefined;
    const n = routeIndex++;
    for (const [i, p] of params.entries()) for (const [name, value] of pick(BAD_IDS, 2, n + i)) add(`:${p} ${name}`, fill({ param: p, value }), jsonBody, okBody);
    if (writes) {
      const bodies = surface === 'graph' ? GRAPH_BODIES : GOOGLE_BODIES;
      // The first six are the wrong JSON types (mostly one shared check): three a route, rotating. The
      // property-level ones reach each handler's own reading of the body: all of them, every route.
      for (const [name, body] of [...pick(bodies.slice(0, 6), 3, n), ...bodies.slice(6)]) add(`body: ${name}`, validPath, { 'content-type': 'application/json' }, body);
      for (const [key, value] of pick(SINGLE_PROPERTIES, 4, n)) add(`body: only ${key}=${JSON.stringify(value)}`, validPath, { 'content-type': 'application/json' }, JSON.stringify({ [key]: value }));
      for (const [name, type, body] of pick(CONTENT_TYPES, 2, n)) add(`content-type ${name}`, validPath, { 'content-type': type }, body);
    }
    // DELETEs with a good id and an ignored option would succeed: query options only on reads.
    const sep = validPath.includes('?') ? '&' : '?';
    if (r.method === 'GET' && surface === 'graph') for (const [name, q, h] of pick(GRAPH_QUERIES, 6, n)) add(name, q ? `${validPath}${sep}${encodeQuery(q)}` : validPath, h);
    if (r.method === 'GET' && surface === 'google') for (const [name, q] of GOOGLE_QUERIES) add(name, `${validPath}${sep}${encodeQuery(q)}`);
  }
  return { routes: counts, probes };
}

/** `count` items of `list`, starting at a place that moves with `seed`: across routes every item is used about equally. */
function pick<T>(list: readonly T[], count: number, seed: number): T[] {
  return Array.from({ length: Math.min(count, list.length) }, (_, i) => list[(seed * count + i) % list.length]!);
}

/** Encodes each value as a client would (spaces, quotes, parentheses), keeping `$`, `=` and `&`. */
function encodeQuery(q: string): string {
  return q
    .split('&')
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? kv : `${kv.slice(0, i)}=${encodeURIComponent(kv.slice(i + 1)).replace(/%24/g, '$')}`;
    })
    .join('&');
}
