import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../../errors.js';
import { readDateTimeTimeZone } from '../time/date-time.js';
import { readRecurrence } from '../time/recurrence.js';
import { windowsNameOf, type Zone } from '../time/zones.js';

// The event body of POST and PATCH (graph-docs user-post-events.md, event-update.md): what the
// client may set, type-checked, with its times resolved to instants. Read-only properties Graph
// ignores on write are ignored; event properties tenantbox does not store (attachments,
// extensions, extended properties) are refused by name with 501; anything else is not an event
// property at all (400).

export interface AttendeeInput {
  address: string;
  name: string | undefined;
  type: 'required' | 'optional' | 'resource';
}

export interface EventInput {
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  start?: { ms: number; zone: Zone };
  end?: { ms: number; zone: Zone };
  location?: Record<string, unknown>;
  locations?: Record<string, unknown>[];
  attendees?: AttendeeInput[];
  /** The body's recurrence as sent (null clears it); read with the start's zone as its default zone. */
  recurrence?: unknown;
  /** Plain properties copied as given (already type-checked). */
  plain: Record<string, unknown>;
}

const READ_ONLY = new Set(
  ['@odata.type', '@odata.etag', '@odata.context', 'id', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'iCalUId', 'uid', 'type', 'seriesMasterId', 'isOrganizer', 'responseStatus', 'organizer', 'webLink', 'bodyPreview', 'hasAttachments', 'isCancelled', 'isDraft', 'occurrenceId', 'originalStartTimeZone', 'originalEndTimeZone', 'onlineMeetingUrl', 'onlineMeeting', 'originalStart', 'calendar'].map((k) => k.toLowerCase()),
);
const NOT_STORED = new Set(['attachments', 'extensions', 'singleValueExtendedProperties', 'multiValueExtendedProperties', 'instances', 'exceptionOccurrences', 'cancelledOccurrences'].map((k) => k.toLowerCase()));

const PLAIN: Record<string, (v: unknown) => boolean> = {
  isAllDay: (v) => typeof v === 'boolean',
  isOnlineMeeting: (v) => typeof v === 'boolean',
  isReminderOn: (v) => typeof v === 'boolean',
  responseRequested: (v) => typeof v === 'boolean',
  allowNewTimeProposals: (v) => typeof v === 'boolean',
  hideAttendees: (v) => typeof v === 'boolean',
  reminderMinutesBeforeStart: (v) => Number.isInteger(v) && (v as number) >= 0,
  onlineMeetingProvider: (v) => typeof v === 'string' && ['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'].includes(v),
  showAs: (v) => typeof v === 'string' && ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'].includes(v),
  sensitivity: (v) => typeof v === 'string' && ['normal', 'personal', 'private', 'confidential'].includes(v),
  importance: (v) => typeof v === 'string' && ['low', 'normal', 'high'].includes(v),
  categories: (v) => Array.isArray(v) && v.every((c) => typeof c === 'string'),
  transactionId: (v) => v === null || typeof v === 'string',
};
const PLAIN_LOWER = new Map(Object.keys(PLAIN).map((k) => [k.toLowerCase(), k]));

const invalid = (prop: string, why: string) => graphErrors.outlookInvalidRequest(`Invalid value for property '${prop}': ${why}.`);

export function requireJsonBody(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null) throw graphErrors.emptyPayload();
  if (typeof b !== 'object' || Array.isArray(b)) throw graphErrors.badRequest('The request body must be a JSON object.');
  return b as Record<string, unknown>;
}

export function readEventInput(body: Record<string, unknown>): EventInput {
  const out: EventInput = { plain: {} };
  for (const [key, v] of Object.entries(body)) {
    const k = key.toLowerCase();
    if (READ_ONLY.has(k) || key.startsWith('@odata.')) continue;
    if (NOT_STORED.has(k)) throw graphErrors.notImplemented(`setting '${key}' on an event`);
    switch (k) {
      case 'subject':
        if (typeof v !== 'string') throw invalid(key, 'a string is expected');
        out.subject = v;
        break;
      case 'body': {
        const b = v as { contentType?: unknown; content?: unknown } | null;
        if (!b || typeof b !== 'object') throw invalid(key, 'an itemBody {contentType, content} is expected');
        const type = String(b.contentType ?? 'text').toLowerCase();
        if (type !== 'text' && type !== 'html') throw invalid('body.contentType', "'text' or 'html' is expected");
        if (b.content !== undefined && typeof b.content !== 'string') throw invalid('body.content', 'a string is expected');
        out.body = { contentType: type, content: (b.content as string | undefined) ?? '' };
        break;
      }
      case 'start':
        out.start = readDateTimeTimeZone(v, 'start');
        break;
      case 'end':
        out.end = readDateTimeTimeZone(v, 'end');
        break;
      case 'location':
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(key, 'a location object is expected');
        out.location = normalizeLocation(v as Record<string, unknown>);
        break;
      case 'locations':
        if (!Array.isArray(v) || !v.every((l) => l && typeof l === 'object')) throw invalid(key, 'a list of locations is expected');
        out.locations = v.map((l) => normalizeLocation(l as Record<string, unknown>));
        break;
      case 'attendees':
        if (!Array.isArray(v)) throw invalid(key, 'a list of attendees is expected');
        out.attendees = v.map(readAttendee);
        break;
      case 'recurrence':
        if (v !== null) readRecurrence(v, 'UTC'); // shape errors now; the zone default is applied later
        out.recurrence = v;
        break;
      default: {
        const canonical = PLAIN_LOWER.get(k);
        if (!canonical) throw graphErrors.outlookInvalidRequest(`The property '${key}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type.`);
        if (!PLAIN[canonical]!(v)) throw invalid(key, 'the value has the wrong type or is not one of the allowed values');
        out.plain[canonical] = v;
      }
    }
  }
  return out;
}

function readAttendee(v: unknown): AttendeeInput {
  const a = v as { emailAddress?: { address?: unknown; name?: unknown }; type?: unknown } | null;
  const address = a?.emailAddress?.address;
  if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(address.trim())) throw invalid('attendees', 'each attendee needs emailAddress.address');
  const type = String(a?.type ?? 'required');
  if (!['required', 'optional', 'resource'].includes(type)) throw invalid('attendees.type', "'required', 'optional' or 'resource' is expected");
  const name = typeof a?.emailAddress?.name === 'string' ? (a.emailAddress.name as string) : undefined;
  return { address: address.trim().toLowerCase(), name, type: type as AttendeeInput['type'] };
}

function normalizeLocation(l: Record<string, unknown>): Record<string, unknown> {
  const displayName = typeof l.displayName === 'string' ? l.displayName : '';
  const email = typeof l.locationEmailAddress === 'string' ? l.locationEmailAddress.toLowerCase() : undefined;
  return {
    displayName,
    locationType: typeof l.locationType === 'string' ? l.locationType : email ? 'conferenceRoom' : 'default',
    ...(email ? { locationEmailAddress: email, uniqueId: email, uniqueIdType: 'directory' } : { uniqueId: displayName || undefined, uniqueIdType: displayName ? 'private' : 'unknown' }),
    address: l.address ?? {},
    coordinates: l.coordinates ?? {},
  };
}

/** Outlook reports the zone an event was created in by its Windows name where there is one. */
export function originalZoneName(zone: Zone): string {
  return windowsNameOf(zone);
}
