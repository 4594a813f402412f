import type { CalendarRecord, EventRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { attendeesOf, bookkeeping, dataOf, ICAL_PREFIX, instantIn, NO_RESPONSE_TIME, type Attendee, type EventData } from '../model/event-data.js';
import { originalZoneName, type EventInput } from '../model/event-input.js';
import { graphDateTime } from '../time/date-time.js';
import { readRecurrence, seriesBounds, type PatternedRecurrence } from '../time/recurrence.js';
import { copyData, findCopies, invitedMailboxes, newCopyRecord, setAttendeeStatus } from './copies.js';
import { addressOf, defaultCalendar, mailboxByAddress } from './mailboxes.js';
import { processRoomBooking } from './rooms.js';
import { revised, type Writer } from './writer.js';

// Creating and changing events. An event with attendees is a meeting: the organizer's item is
// sent (Exchange delivers a request to every attendee mailbox of the tenant), rooms answer by their
// calendar processing, and the organizer's item records the rooms' answers. The organizer is the
// calendar's owner, also when a delegate or an app writes into it (semantics doc §4.3.3).
// Each write runs in one store transaction: a room's conflict check and its booking cannot
// interleave with another request's.

interface Timing {
  type: 'singleInstance' | 'seriesMaster';
  startMs: number;
  endMs: number;
  /** First occurrence's start and end (for a series), the event's otherwise. */
  firstStartMs: number;
  firstEndMs: number;
  recurrence: PatternedRecurrence | null;
}

function timing(startMs: number, endMs: number, recurrenceRaw: unknown, zoneName: string): Timing {
  if (endMs < startMs) throw graphErrors.outlookInvalidRequest('The end of the event is before its start.');
  if (recurrenceRaw === undefined || recurrenceRaw === null) return { type: 'singleInstance', startMs, endMs, firstStartMs: startMs, firstEndMs: endMs, recurrence: null };
  const recurrence = recurrenceRaw && typeof recurrenceRaw === 'object' && 'pattern' in (recurrenceRaw as object) && isNormalized(recurrenceRaw) ? (recurrenceRaw as PatternedRecurrence) : readRecurrence(recurrenceRaw, zoneName);
  const durationMs = endMs - startMs;
  const { firstStartMs, lastEndMs } = seriesBounds({ recurrence, startMs, durationMs });
  return { type: 'seriesMaster', startMs: firstStartMs, endMs: lastEndMs, firstStartMs, firstEndMs: firstStartMs + durationMs, recurrence };
}

function isNormalized(r: unknown): boolean {
  const range = (r as { range?: { recurrenceTimeZone?: unknown } }).range;
  return typeof range?.recurrenceTimeZone === 'string' && range.recurrenceTimeZone !== '';
}

async function attendeeList(w: Writer, input: EventInput['attendees'], previous: Attendee[]): Promise<Attendee[]> {
  const out: Attendee[] = [];
  for (const a of input ?? []) {
    if (out.some((x) => x.emailAddress.address === a.address)) continue;
    const known = await mailboxByAddress(w.s, w.tenantId, a.address);
    const group = known ? undefined : await w.s.stores.directory.getGroup(w.tenantId, a.address);
    const before = previous.find((p) => p.emailAddress.address.toLowerCase() === a.address);
    out.push({
      type: known?.kind === 'room' ? 'resource' : a.type,
      status: before?.status ?? { response: 'none', time: NO_RESPONSE_TIME },
      emailAddress: { name: a.name ?? known?.displayName ?? group?.displayName ?? a.address, address: a.address },
    });
  }
  return out;
}

/** Location from the rooms invited, when the client gave none (Outlook fills it from the room). */
async function roomLocations(w: Writer, attendees: Attendee[]) {
  const rooms: UserRecord[] = [];
  for (const a of attendees) {
    const m = a.type === 'resource' ? await mailboxByAddress(w.s, w.tenantId, a.emailAddress.address) : undefined;
    if (m?.kind === 'room') rooms.push(m);
  }
  const locations = rooms.map((r) => ({ displayName: r.displayName, locationEmailAddress: addressOf(r), locationType: 'conferenceRoom', uniqueId: addressOf(r), uniqueIdType: 'directory' }));
  return { location: { displayName: rooms.map((r) => r.displayName).join('; '), locationType: rooms.length ? 'conferenceRoom' : 'default', uniqueIdType: rooms.length ? 'directory' : 'unknown', address: {}, coordinates: {} }, locations };
}

export async function createEvent(w: Writer, owner: UserRecord, calendar: CalendarRecord, input: EventInput): Promise<EventRecord> {
  if (!input.start || !input.end) throw graphErrors.outlookInvalidRequest(`The event needs both a start and an end.`);
  const t = timing(input.start.ms, input.end.ms, input.recurrence, input.start.zone.name);
  const attendees = await attendeeList(w, input.attendees, []);
  const rooms = await roomLocations(w, attendees);
  const id = w.s.ids.uuid();
  const data: EventData = {
    subject: input.subject ?? '',
    body: input.body ?? { contentType: 'text', content: '' },
    start: { dateTime: graphDateTime(t.firstStartMs), timeZone: 'UTC' },
    end: { dateTime: graphDateTime(t.firstEndMs), timeZone: 'UTC' },
    location: input.location ?? rooms.location,
    locations: input.locations ?? (input.location ? [input.location] : rooms.locations),
    attendees,
    organizer: { emailAddress: { name: owner.displayName, address: addressOf(owner) } },
    isOrganizer: true,
    responseStatus: { response: 'organizer', time: NO_RESPONSE_TIME },
    showAs: 'busy',
    sensitivity: 'normal',
    importance: 'normal',
    isAllDay: false,
    isCancelled: false,
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    responseRequested: true,
    categories: [],
    allowNewTimeProposals: true,
    hideAttendees: false,
    transactionId: null,
    ...input.plain,
    recurrence: t.recurrence,
    originalStartTimeZone: originalZoneName(input.start.zone),
    originalEndTimeZone: originalZoneName(input.end.zone),
  };
  onlineMeetingOf(data, id);
  const record: EventRecord = {
    tenantId: w.tenantId,
    id,
    calendarId: calendar.id,
    ownerId: owner.id,
    iCalUId: ICAL_PREFIX + w.s.ids.uuid().replace(/-/g, '').toUpperCase(),
    type: t.type,
    seriesMasterId: null,
    startMs: t.startMs,
    endMs: t.endMs,
    data,
    createdDateTime: w.now,
    lastModifiedDateTime: w.now,
    changeKey: w.s.ids.token(12),
  };
  return w.s.stores.transaction(async () => {
    const sent = attendees.length ? await sendMeeting(w, owner, record, undefined) : record;
    await w.s.stores.events.putEvent(sent);
    return sent;
  });
}

function onlineMeetingOf(d: EventData, id: string): void {
  if (d.isOnlineMeeting !== true) return;
  if (d.onlineMeetingProvider === 'unknown' || d.onlineMeetingProvider === undefined) d.onlineMeetingProvider = 'teamsForBusiness';
  d.onlineMeeting ??= { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id.replace(/-/g, '')}%40thread.v2/0` };
}

/** PATCH of a single event or series master. The organizer's changes go to every attendee's item. */
export async function updateEvent(w: Writer, owner: UserRecord, prev: EventRecord, input: EventInput): Promise<EventRecord> {
  const old = dataOf(prev);
  const data: EventData = structuredClone({ ...old });
  for (const k of ['subject', 'body', 'location', 'locations'] as const) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  Object.assign(data, input.plain);
  onlineMeetingOf(data, prev.id);
  if (input.attendees !== undefined) {
    if (old.isOrganizer === false) throw graphErrors.outlookInvalidRequest("Only the meeting's organizer can change its attendees.");
    data.attendees = await attendeeList(w, input.attendees, attendeesOf(old));
  }
  let times = { startMs: prev.startMs, endMs: prev.endMs };
  let type = prev.type;
  const retime = input.start !== undefined || input.end !== undefined || input.recurrence !== undefined;
  if (retime) {
    const start = input.start?.ms ?? instantIn(old, 'start') ?? prev.startMs;
    const end = input.end?.ms ?? instantIn(old, 'end') ?? prev.endMs;
    const zone = input.start?.zone.name ?? ((old.recurrence as PatternedRecurrence | null | undefined)?.range.recurrenceTimeZone ?? 'UTC');
    const t = timing(start, end, input.recurrence !== undefined ? input.recurrence : (old.recurrence ?? null), zone);
    data.start = { dateTime: graphDateTime(t.firstStartMs), timeZone: 'UTC' };
    data.end = { dateTime: graphDateTime(t.firstEndMs), timeZone: 'UTC' };
    data.recurrence = t.recurrence;
    if (input.start) data.originalStartTimeZone = originalZoneName(input.start.zone);
    if (input.end) data.originalEndTimeZone = originalZoneName(input.end.zone);
    times = { startMs: t.startMs, endMs: t.endMs };
    type = t.type;
  }
  const next = { ...revised(w, prev, data, times), type };
  const isMeeting = old.isOrganizer !== false && (attendeesOf(old).length > 0 || attendeesOf(data).length > 0);
  return w.s.stores.transaction(async () => {
    if (retime && prev.type === 'seriesMaster') await dropExceptions(w, next);
    const sent = isMeeting ? await sendMeeting(w, owner, next, prev) : next;
    await w.s.stores.events.putEvent(sent);
    return sent;
  });
}

/** Exchange drops a series' exceptions when its time or pattern changes. */
async function dropExceptions(w: Writer, master: EventRecord): Promise<void> {
  const book = bookkeeping(master);
  for (const id of Object.values(book.exceptions ?? {})) await w.s.stores.events.deleteEvent(w.tenantId, id);
  const d = dataOf(master);
  if (d._tenantbox) d._tenantbox = { ...book, exceptions: {}, deleted: [] };
}

function sameTiming(a: EventRecord, b: EventRecord): boolean {
  return a.startMs === b.startMs && a.endMs === b.endMs && a.type === b.type && JSON.stringify(dataOf(a).recurrence ?? null) === JSON.stringify(dataOf(b).recurrence ?? null) && instantIn(dataOf(a), 'end') === instantIn(dataOf(b), 'end');
}

/**
 * Delivers the organizer's item `org` to its attendees (and, for an update, takes it back from
 * those no longer invited). Returns the organizer's item with the rooms' answers recorded.
 */
export async function sendMeeting(w: Writer, organizer: UserRecord, org: EventRecord, prev: EventRecord | undefined): Promise<EventRecord> {
  const data = dataOf(org);
  const invited = await invitedMailboxes(w, data, organizer.id);
  const existing = prev ? await findCopies(w, prev) : new Map();
  const retimed = !prev || !sameTiming(prev, org);
  const wasInvited = prev ? await invitedMailboxes(w, dataOf(prev), organizer.id) : new Map<string, UserRecord>();
  const name = organizer.displayName;
  const rooms = [...invited.values()].filter((m) => m.kind === 'room');
  const users = [...invited.values()].filter((m) => m.kind !== 'room');
  const writes: EventRecord[] = [];
  // A new time or pattern re-sends the series: the attendees' exceptions go, as the organizer's do.
  if (retimed && prev) {
    for (const copy of existing.values()) for (const id of Object.values(bookkeeping(copy.record).exceptions ?? {})) await w.s.stores.events.deleteEvent(w.tenantId, id);
  }
  // Rooms first: their answers are part of what the users' copies show.
  for (const m of rooms) {
    const copy = existing.get(m.id);
    const answered = copy ? (dataOf(copy.record).responseStatus as { response?: string } | undefined)?.response : undefined;
    const outcome = !retimed && copy ? (answered === 'accepted' ? 'accepted' : 'tentative') : await processRoomBooking(w, m, { iCalUId: org.iCalUId, record: org });
    setAttendeeStatus(data, m, outcome === 'accepted' ? 'accepted' : outcome === 'declined' ? 'declined' : 'none', outcome === 'tentative' ? NO_RESPONSE_TIME : w.now);
    if (outcome === 'declined') {
      if (copy) await withdrawCopy(w, copy.record, true);
      continue;
    }
    const d = copyData(data, m, name, w.now, copy && !retimed ? dataOf(copy.record) : undefined, outcome);
    writes.push(copy ? { ...revised(w, copy.record, d, org), type: org.type } : newCopyRecord(w, org, m, (await defaultCalendar(w.s, m)).id, d));
  }
  for (const m of users) {
    const copy = existing.get(m.id);
    if (retimed && prev) setAttendeeStatus(data, m, 'none', NO_RESPONSE_TIME);
    // Someone who declined (and so has no item) gets the meeting again only when its time changes.
    if (!copy && prev && wasInvited.has(m.id) && !retimed) continue;
    const d = copyData(data, m, name, w.now, copy && !retimed ? dataOf(copy.record) : undefined);
    writes.push(copy ? { ...revised(w, copy.record, d, org), type: org.type } : newCopyRecord(w, org, m, (await defaultCalendar(w.s, m)).id, d));
  }
  for (const [id, copy] of existing) {
    if (invited.has(id)) continue;
    await withdrawCopy(w, copy.record, copy.mailbox.kind === 'room');
  }
  if (writes.length) await w.s.stores.events.putEvents(writes);
  return org;
}

/** A meeting taken back from an attendee: a room forgets it, a user's item shows it cancelled. */
export async function withdrawCopy(w: Writer, copy: EventRecord, isRoom: boolean): Promise<void> {
  if (isRoom) {
    for (const id of Object.values(bookkeeping(copy).exceptions ?? {})) await w.s.stores.events.deleteEvent(w.tenantId, id);
    await w.s.stores.events.deleteEvent(w.tenantId, copy.id);
    return;
  }
  const d: EventData = structuredClone({ ...dataOf(copy) });
  if (d.isCancelled === true) return;
  d.isCancelled = true;
  d.subject = `Canceled: ${d.subject ?? ''}`;
  await w.s.stores.events.putEvent(revised(w, copy, d));
}
