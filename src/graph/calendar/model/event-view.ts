import type { CollectionSpec, PropertySpec, Resource } from '../../odata/collection.js';
import type { Instance } from '../service/expand.js';
import { toDateTimeTimeZone } from '../time/date-time.js';
import type { Zone } from '../time/zones.js';
import { bookkeeping, dataOf, instantIn, NO_RESPONSE_TIME } from './event-data.js';

// An event as Graph returns it (graph-docs resources/event.md, v1.0 properties in Graph's order),
// from a stored record or an occurrence of a series. start/end are written in the zone the client
// asked for (Prefer: outlook.timezone; UTC otherwise). What the caller may see follows its access:
// a private item in a calendar shared without CanViewPrivateItems shows only its time and status,
// and a token allowed by Calendars.ReadBasic gets no body (its documented scope).

export interface ViewOptions {
  zone: Zone;
  /** Prefer: outlook.body-content-type; Graph's default is HTML. */
  bodyType: 'html' | 'text' | undefined;
  canViewPrivate: boolean;
  /** Calendars.ReadBasic: no body, no bodyPreview. */
  basic: boolean;
}

// Views are cached by what they are made of (the item's id and change key, the occurrence's start,
// and the options): a room display polling its day, or a board of rooms, asks for the same items
// again and again, and building one means parsing the stored body. Any write gives the item a new
// change key, so a cached view is never stale. Cached views are frozen and shared.
interface CachedView {
  view: Resource;
  json?: string;
}
const views = new Map<string, CachedView>();
const VIEW_CACHE_ENTRIES = 20_000;
let viewCacheEnabled = process.env.TENANTBOX_EVENT_VIEW_CACHE !== 'off';

/** Benchmarks measure the uncached path too. */
export function setEventViewCache(enabled: boolean): void {
  viewCacheEnabled = enabled;
  views.clear();
}

function cached(i: Instance, o: ViewOptions): CachedView {
  const e = i.record;
  if (!viewCacheEnabled) return { view: buildEventView(i, o) };
  const key = `${e.tenantId}\u0001${i.id}\u0001${e.changeKey}\u0001${i.startMs}\u0001${o.zone.name}\u0001${o.bodyType ?? ''}\u0001${o.canViewPrivate ? 1 : 0}${o.basic ? 1 : 0}`;
  let c = views.get(key);
  if (!c) {
    c = { view: Object.freeze(buildEventView(i, o)) };
    if (views.size >= VIEW_CACHE_ENTRIES) views.clear();
    views.set(key, c);
  }
  return c;
}

export function eventView(i: Instance, o: ViewOptions): Resource {
  return cached(i, o).view;
}

/** The view as JSON text (cached with the view): pages without OData options are assembled from these. */
export function eventViewJson(i: Instance, o: ViewOptions): string {
  const c = cached(i, o);
  return (c.json ??= JSON.stringify(c.view));
}

function buildEventView(i: Instance, o: ViewOptions): Resource {
  const e = i.record;
  const d = dataOf(e);
  const isPrivate = d.sensitivity === 'private' || d.sensitivity === 'confidential';
  const hidden = isPrivate && !o.canViewPrivate;
  const master = e.type === 'seriesMaster';
  const occurrence = i.type === 'occurrence';
  const type = occurrence ? 'occurrence' : e.type;
  const startMs = occurrence || !master ? i.startMs : e.startMs;
  const endMs = occurrence ? i.endMs : master ? (instantIn(d, 'end') ?? e.startMs) : e.endMs;
  const stored = (d.body ?? { contentType: 'text', content: '' }) as { contentType?: string; content?: string };
  const body = o.basic ? undefined : bodyOf(stored, o.bodyType, hidden);
  const original = occurrence ? i.originalStartMs : e.type === 'exception' ? bookkeeping(e).originalStartMs : undefined;
  const out: Resource = {
    '@odata.etag': `W/"${e.changeKey}"`,
    id: i.id,
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    categories: hidden ? [] : (d.categories ?? []),
    transactionId: d.transactionId ?? null,
    originalStartTimeZone: d.originalStartTimeZone ?? 'UTC',
    originalEndTimeZone: d.originalEndTimeZone ?? d.originalStartTimeZone ?? 'UTC',
    iCalUId: e.iCalUId,
    uid: e.iCalUId,
    reminderMinutesBeforeStart: d.reminderMinutesBeforeStart ?? 15,
    isReminderOn: d.isReminderOn ?? true,
    hasAttachments: false,
    subject: hidden ? '' : (d.subject ?? ''),
    bodyPreview: o.basic ? undefined : hidden ? '' : preview(stored),
    importance: d.importance ?? 'normal',
    sensitivity: d.sensitivity ?? 'normal',
    isAllDay: d.isAllDay ?? false,
    isCancelled: d.isCancelled ?? false,
    isOrganizer: d.isOrganizer ?? false,
    responseRequested: d.responseRequested ?? true,
    seriesMasterId: occurrence ? e.id : (e.seriesMasterId ?? null),
    showAs: d.showAs ?? 'busy',
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(i.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: d.isOnlineMeeting ?? false,
    onlineMeetingProvider: d.onlineMeetingProvider ?? 'unknown',
    allowNewTimeProposals: d.allowNewTimeProposals ?? true,
    occurrenceId: original !== undefined ? `OID.${e.seriesMasterId ?? e.id}.${new Date(original).toISOString().slice(0, 10)}` : null,
    isDraft: false,
    hideAttendees: d.hideAttendees ?? false,
    responseStatus: d.responseStatus ?? { response: 'none', time: NO_RESPONSE_TIME },
    body,
    start: toDateTimeTimeZone(startMs, o.zone),
    end: toDateTimeTimeZone(endMs, o.zone),
    location: hidden ? emptyLocation() : (d.location ?? emptyLocation()),
    locations: hidden ? [] : (d.locations ?? []),
    recurrence: occurrence || e.type === 'exception' ? null : (d.recurrence ?? null),
    attendees: hidden ? [] : (d.attendees ?? []),
    organizer: d.organizer ?? null,
    onlineMeeting: d.onlineMeeting ?? null,
  };
  if (o.basic) {
    delete out.body;
    delete out.bodyPreview;
  }
  return out;
}

function emptyLocation() {
  return { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} };
}

function bodyOf(b: { contentType?: string; content?: string }, want: 'html' | 'text' | undefined, hidden: boolean): { contentType: string; content: string } {
  const content = hidden ? '' : (b.content ?? '');
  const stored = (b.contentType ?? 'text').toLowerCase();
  const target = want ?? 'html';
  if (stored === target) return { contentType: target, content };
  if (target === 'html') return { contentType: 'html', content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${escapeHtml(content).replace(/\r?\n/g, '<br>')}</body></html>` };
  return { contentType: 'text', content: htmlToText(content) };
}

/** bodyPreview: the first 255 characters of the body as text. */
function preview(stored: { contentType?: string; content?: string }): string {
  const content = stored.content ?? '';
  if (content === '') return '';
  const text = (stored.contentType ?? 'text').toLowerCase() === 'html' ? htmlToText(content) : content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

const text: PropertySpec = { filter: ['eq', 'ne', 'startswith', 'contains', 'in'], orderby: 'basic' };
const flag: PropertySpec = { filter: ['eq', 'ne'] };
const enumeration: PropertySpec = { filter: ['eq', 'ne', 'in'], orderby: 'basic' };
const instant: PropertySpec = { filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: 'basic' };

/** $select/$filter/$orderby for event collections (nested start/end paths are sorted by the routes). */
export function eventCollectionSpec(entitySet: string, pageSize: number): CollectionSpec {
  return {
    type: 'event',
    resourceName: 'Event',
    entitySet,
    properties: {
      '@odata.etag': {},
      id: flag,
      createdDateTime: instant,
      lastModifiedDateTime: instant,
      changeKey: {},
      categories: { filter: ['any'] },
      transactionId: flag,
      originalStartTimeZone: flag,
      originalEndTimeZone: flag,
      iCalUId: flag,
      uid: flag,
      reminderMinutesBeforeStart: instant,
      isReminderOn: flag,
      hasAttachments: flag,
      subject: text,
      bodyPreview: { filter: ['contains', 'startswith'] },
      importance: enumeration,
      sensitivity: enumeration,
      isAllDay: flag,
      isCancelled: flag,
      isOrganizer: flag,
      responseRequested: flag,
      seriesMasterId: flag,
      showAs: enumeration,
      type: enumeration,
      webLink: {},
      onlineMeetingUrl: {},
      isOnlineMeeting: flag,
      onlineMeetingProvider: enumeration,
      allowNewTimeProposals: flag,
      occurrenceId: {},
      isDraft: flag,
      hideAttendees: flag,
      responseStatus: {},
      'responseStatus/response': enumeration,
      body: {},
      start: {},
      'start/dateTime': instant,
      end: {},
      'end/dateTime': instant,
      location: {},
      'location/displayName': text,
      locations: {},
      recurrence: {},
      attendees: { filter: ['any'] },
      organizer: {},
      'organizer/emailAddress/address': { filter: ['eq', 'ne', 'in'] },
      'organizer/emailAddress/name': text,
      onlineMeeting: {},
    },
    defaultSelect: (item) => Object.keys(item).filter((k) => item[k] !== undefined),
    alwaysSelect: ['@odata.etag', 'id'],
    pageSize,
    maxTop: 1000,
    topAboveMax: 'cap',
    skip: true,
    count: true,
    search: false,
    directoryAdvancedQueries: false,
  };
}
