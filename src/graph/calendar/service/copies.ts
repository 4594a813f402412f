import type { EventRecord, UserRecord } from '../../../store/types.js';
import { attendeesOf, dataOf, NO_RESPONSE_TIME, roomSubject, type EventData } from '../model/event-data.js';
import { defaultCalendar, mailboxesFor } from './mailboxes.js';
import type { RoomOutcome } from './rooms.js';
import type { Writer } from './writer.js';

// The attendees' items of a meeting. Exchange delivers a meeting request to each attendee mailbox
// of the organization (users with a mailbox, rooms, the members of a group attendee) and each
// keeps its own item with the meeting's iCalUId; the organizer's item tracks their responses. As
// the seeder lays them out (src/store/seed/seed-events.ts): a user's copy is tentative until
// answered, a room's copy carries the room's subject rule and no body.

/** Meeting properties every copy mirrors from the organizer's item. */
export const MEETING_FIELDS = [
  'subject', 'body', 'start', 'end', 'location', 'locations', 'attendees', 'organizer', 'recurrence', 'sensitivity', 'importance',
  'isAllDay', 'isOnlineMeeting', 'onlineMeetingProvider', 'originalStartTimeZone', 'originalEndTimeZone', 'allowNewTimeProposals', 'hideAttendees', 'responseRequested',
] as const;

export interface Copy {
  mailbox: UserRecord;
  record: EventRecord;
}

/** Mailboxes the organizer's item invites (excluding the organizer), by mailbox id. */
export async function invitedMailboxes(w: Writer, org: EventData, organizerId: string): Promise<Map<string, UserRecord>> {
  const out = new Map<string, UserRecord>();
  for (const a of attendeesOf(org)) {
    for (const m of await mailboxesFor(w.s, w.tenantId, a.emailAddress.address)) if (m.id !== organizerId) out.set(m.id, m);
  }
  return out;
}

/** The existing copies of an organizer's item (single event or series master), by mailbox id. */
export async function findCopies(w: Writer, org: EventRecord): Promise<Map<string, Copy>> {
  const out = new Map<string, Copy>();
  for (const mailbox of (await invitedMailboxes(w, dataOf(org), org.ownerId)).values()) {
    const cal = await defaultCalendar(w.s, mailbox);
    const found = await w.s.stores.events.listEventsInRange(w.tenantId, [cal.id], org.startMs, org.startMs + 1);
    const copy = found.find((e) => e.iCalUId === org.iCalUId && e.type !== 'exception' && e.ownerId === mailbox.id);
    if (copy) out.set(mailbox.id, { mailbox, record: copy });
  }
  return out;
}

/** A copy's data: the meeting's fields, and what is the attendee's own (response, reminder, categories). */
export function copyData(org: EventData, mailbox: UserRecord, organizerName: string, now: string, own?: EventData, outcome?: RoomOutcome): EventData {
  const d: EventData = {};
  const raw = d as Record<string, unknown>;
  for (const f of MEETING_FIELDS) if (org[f] !== undefined) raw[f] = structuredClone(org[f]);
  const room = mailbox.kind === 'room' ? mailbox.room : null;
  const orgShowAs = (org.showAs as string | undefined) ?? 'busy';
  d.isOrganizer = false;
  d.isCancelled = false;
  d.categories = (own?.categories as string[] | undefined) ?? [];
  d.isReminderOn = (own?.isReminderOn as boolean | undefined) ?? !room;
  d.reminderMinutesBeforeStart = (own?.reminderMinutesBeforeStart as number | undefined) ?? 15;
  d.transactionId = null;
  // The attendee's own series bookkeeping (its exceptions, occurrences removed) stays with it.
  if (own?._tenantbox) d._tenantbox = structuredClone(own._tenantbox);
  if (room) {
    d.subject = roomSubject(room, String(org.subject ?? ''), organizerName);
    // The room's calendar processing drops the body along with the subject (DeleteComments).
    if (room.deleteSubject) d.body = { contentType: 'text', content: '' };
    const accepted = outcome === 'accepted';
    d.responseStatus = accepted ? { response: 'accepted', time: now } : { response: 'notResponded', time: NO_RESPONSE_TIME };
    d.showAs = accepted ? orgShowAs : 'tentative';
    return d;
  }
  const answered = own?.responseStatus as { response?: string } | undefined;
  if (answered && (answered.response === 'accepted' || answered.response === 'tentativelyAccepted')) {
    d.responseStatus = own!.responseStatus;
    d.showAs = answered.response === 'accepted' ? orgShowAs : 'tentative';
  } else {
    d.responseStatus = { response: 'notResponded', time: NO_RESPONSE_TIME };
    // An invitation not yet answered sits on an attendee's calendar as tentative.
    d.showAs = orgShowAs === 'busy' ? 'tentative' : orgShowAs;
  }
  return d;
}

/** Sets one attendee's status on the organizer's item (by any address of the mailbox). */
export function setAttendeeStatus(org: EventData, mailbox: UserRecord, response: string, time: string): void {
  const addresses = new Set([mailbox.mail, mailbox.userPrincipalName].filter((a): a is string => !!a).map((a) => a.toLowerCase()));
  for (const a of attendeesOf(org)) {
    if (addresses.has(a.emailAddress.address.toLowerCase())) a.status = { response: response as never, time };
  }
}

export function newCopyRecord(w: Writer, org: EventRecord, mailbox: UserRecord, calendarId: string, data: EventData): EventRecord {
  return {
    tenantId: w.tenantId,
    id: w.s.ids.uuid(),
    calendarId,
    ownerId: mailbox.id,
    iCalUId: org.iCalUId,
    type: org.type,
    seriesMasterId: null,
    startMs: org.startMs,
    endMs: org.endMs,
    data,
    createdDateTime: w.now,
    lastModifiedDateTime: w.now,
    changeKey: w.s.ids.token(12),
  };
}
