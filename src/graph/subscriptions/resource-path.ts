// What a subscription's `resource` names. tenantbox emulates notifications on Outlook events:
//   me/events · users/{id|upn}/events · users('{id}')/events        every calendar of the mailbox
//   …/calendar/events                                                 the default calendar
//   …/calendars/{id}/events · …/calendars('{id}')/events             one calendar
// (graph-docs subscription-post-subscriptions.md: "any path starting with me can also be used with
// users/{id}"). Other resources are recognised by their catalog entry only, to answer 501.

export type CalendarScope = 'all' | 'default' | { id: string };

export interface EventsResource {
  kind: 'events';
  /** 'me' or a user/room id, UPN or address. */
  mailbox: string;
  calendar: CalendarScope;
}

const SEGMENT = `(?:\\('([^']+)'\\)|/([^/()]+))`;
const EVENTS = new RegExp(`^(?:me|users${SEGMENT})(?:/calendar|/calendars${SEGMENT})?/events$`, 'i');

export function parseEventsResource(resource: string): EventsResource | undefined {
  const path = normalize(resource);
  const m = EVENTS.exec(path);
  if (!m) return undefined;
  const mailbox = m[1] ?? m[2] ?? 'me';
  const calendarId = m[3] ?? m[4];
  const calendar: CalendarScope = calendarId ? { id: decodeURIComponent(calendarId) } : /\/calendar\/events$/i.test(path) ? 'default' : 'all';
  return { kind: 'events', mailbox: decodeURIComponent(mailbox), calendar };
}

/** `resource` without a leading slash, version prefix or query, for matching and catalog lookups. */
export function normalize(resource: string): string {
  return resource.trim().replace(/^https:\/\/graph\.microsoft\.com/i, '').replace(/^\/+/, '').replace(/^(v1\.0|beta)\//i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/** The catalog path of a resource's read operation (`users/x/events` → `/users/{id}/events`). */
export function catalogReadPath(resource: string): string {
  return `/${normalize(resource)}`.replace(/\/(users|calendars|groups|teams|channels|chats|mailFolders|messages|contacts|sites|lists|drives|items)\(('[^']*'|[^)]*)\)/gi, '/$1/{id}');
}
