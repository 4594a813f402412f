import type { EventRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { attendeesOf, bookkeeping, dataOf, organizerAddress, type Bookkeeping, type EventData } from '../model/event-data.js';
import type { EventInput } from '../model/event-input.js';
import { originalZoneName } from '../model/event-input.js';
import { graphDateTime } from '../time/date-time.js';
import { findCopies, setAttendeeStatus } from './copies.js';
import type { Located } from './locate.js';
import { defaultCalendar, mailboxByAddress } from './mailboxes.js';
import { withdrawCopy } from './meetings.js';
import { revised, type Writer } from './writer.js';

// Deleting, cancelling and answering meetings, and changing one occurrence of a series.
// - The organizer deleting (or cancelling) a meeting cancels it for everyone: users' items show
//   "Canceled: …" (isCancelled), rooms drop it. An attendee deleting their item only removes it.
// - accept / tentativelyAccept / decline change the attendee's item and, with sendResponse (the
//   default), the attendee's status on the organizer's item. A declined meeting leaves the
//   attendee's calendar (Exchange moves it to Deleted Items).
// - An occurrence changed becomes an exception (its own item, keeping the occurrence's id); one
//   deleted is recorded on the series. The organizer's occurrence changes reach the attendees.

const isOrganizerItem = (d: EventData) => d.isOrganizer !== false;

export async function deleteLocated(w: Writer, loc: Located, opts: { cancel: boolean }): Promise<void> {
  await w.s.stores.transaction(async () => {
    if (loc.kind === 'occurrence') return removeOccurrence(w, loc.master, loc.originalStartMs, opts.cancel);
    const rec = loc.record;
    if (rec.type === 'exception' && rec.seriesMasterId) {
      const master = await w.s.stores.events.getEvent(w.tenantId, rec.seriesMasterId);
      if (master) return removeOccurrence(w, master, bookkeeping(rec).originalStartMs ?? rec.startMs, opts.cancel);
    }
    const d = dataOf(rec);
    if (opts.cancel && !isOrganizerItem(d)) throw graphErrors.outlookInvalidRequest("Your request can't be completed. You need to be an organizer to cancel a meeting.");
    if (isOrganizerItem(d) && attendeesOf(d).length) {
      for (const copy of (await findCopies(w, rec)).values()) await withdrawCopy(w, copy.record, copy.mailbox.kind === 'room');
    }
    for (const id of Object.values(bookkeeping(rec).exceptions ?? {})) await w.s.stores.events.deleteEvent(w.tenantId, id);
    await w.s.stores.events.deleteEvent(w.tenantId, rec.id);
  });
}

/** One occurrence leaves the series; the organizer's removal cancels it for the attendees. */
async function removeOccurrence(w: Writer, master: EventRecord, originalStartMs: number, cancel: boolean): Promise<void> {
  const d = dataOf(master);
  if (cancel && !isOrganizerItem(d)) throw graphErrors.outlookInvalidRequest("Your request can't be completed. You need to be an organizer to cancel a meeting.");
  await markDeleted(w, master, originalStartMs);
  if (!isOrganizerItem(d) || attendeesOf(d).length === 0) return;
  for (const copy of (await findCopies(w, master)).values()) {
    if (copy.mailbox.kind === 'room') await markDeleted(w, copy.record, originalStartMs);
    else await writeException(w, copy.record, originalStartMs, (x) => {
      x.isCancelled = true;
      x.subject = `Canceled: ${x.subject ?? ''}`;
    });
  }
}

async function markDeleted(w: Writer, master: EventRecord, originalStartMs: number): Promise<void> {
  const d: EventData = structuredClone({ ...dataOf(master) });
  const book: Bookkeeping = { ...(d._tenantbox ?? {}) };
  const exceptionId = book.exceptions?.[String(originalStartMs)];
  if (exceptionId) {
    await w.s.stores.events.deleteEvent(w.tenantId, exceptionId);
    book.exceptions = Object.fromEntries(Object.entries(book.exceptions!).filter(([k]) => k !== String(originalStartMs)));
  }
  book.deleted = [...new Set([...(book.deleted ?? []), originalStartMs])];
  d._tenantbox = book;
  await w.s.stores.events.putEvent(revised(w, master, d));
}

/**
 * Creates or changes the exception for one occurrence of `master`: a copy of the series' item at
 * the occurrence's time, changed by `change`. Returns it.
 */
export async function writeException(
  w: Writer,
  master: EventRecord,
  originalStartMs: number,
  change: (d: EventData, times: { startMs: number; endMs: number }) => void,
): Promise<EventRecord> {
  const md: EventData = structuredClone({ ...dataOf(master) });
  const book: Bookkeeping = { ...(md._tenantbox ?? {}) };
  const existingId = book.exceptions?.[String(originalStartMs)];
  const existing = existingId ? await w.s.stores.events.getEvent(w.tenantId, existingId) : undefined;
  const duration = master.type === 'seriesMaster' ? durationFromData(md) : master.endMs - master.startMs;
  const base: EventData = existing ? structuredClone({ ...dataOf(existing) }) : { ...structuredClone({ ...md }), recurrence: null, _tenantbox: { originalStartMs } };
  const times = existing ? { startMs: existing.startMs, endMs: existing.endMs } : { startMs: originalStartMs, endMs: originalStartMs + duration };
  change(base, times);
  base.start = { dateTime: graphDateTime(times.startMs), timeZone: 'UTC' };
  base.end = { dateTime: graphDateTime(times.endMs), timeZone: 'UTC' };
  const record: EventRecord = existing
    ? revised(w, existing, base, times)
    : {
        tenantId: w.tenantId,
        id: w.s.ids.uuid(),
        calendarId: master.calendarId,
        ownerId: master.ownerId,
        iCalUId: master.iCalUId,
        type: 'exception',
        seriesMasterId: master.id,
        startMs: times.startMs,
        endMs: times.endMs,
        data: base,
        createdDateTime: w.now,
        lastModifiedDateTime: w.now,
        changeKey: w.s.ids.token(12),
      };
  await w.s.stores.events.putEvent(record);
  if (!existing) {
    book.exceptions = { ...(book.exceptions ?? {}), [String(originalStartMs)]: record.id };
    md._tenantbox = book;
    await w.s.stores.events.putEvent(revised(w, master, md));
  }
  return record;
}

function durationFromData(d: EventData): number {
  const s = Date.parse(`${(d.start as { dateTime: string }).dateTime.slice(0, 23)}Z`);
  const e = Date.parse(`${(d.end as { dateTime: string }).dateTime.slice(0, 23)}Z`);
  return Math.max(0, e - s);
}

/** PATCH of an occurrence or an exception: the organizer's change reaches the attendees' series. */
export async function updateOccurrence(w: Writer, master: EventRecord, originalStartMs: number, input: EventInput): Promise<EventRecord> {
  if (input.recurrence !== undefined) throw graphErrors.outlookInvalidRequest('An occurrence of a series cannot have its own recurrence.');
  if (input.attendees !== undefined) throw graphErrors.notImplemented('changing the attendees of one occurrence');
  const apply = (x: EventData, times: { startMs: number; endMs: number }) => {
    for (const k of ['subject', 'body', 'location', 'locations'] as const) if (input[k] !== undefined) (x as Record<string, unknown>)[k] = structuredClone(input[k]);
    Object.assign(x, structuredClone(input.plain));
    if (input.start) {
      times.startMs = input.start.ms;
      x.originalStartTimeZone = originalZoneName(input.start.zone);
    }
    if (input.end) {
      times.endMs = input.end.ms;
      x.originalEndTimeZone = originalZoneName(input.end.zone);
    }
    if (times.endMs < times.startMs) throw graphErrors.outlookInvalidRequest('The end of the event is before its start.');
  };
  return w.s.stores.transaction(async () => {
    const mine = await writeException(w, master, originalStartMs, apply);
    if (isOrganizerItem(dataOf(master)) && attendeesOf(dataOf(master)).length) {
      for (const copy of (await findCopies(w, master)).values()) {
        await writeException(w, copy.record, originalStartMs, (x, times) => {
          const keepSubject = copy.mailbox.kind === 'room' ? x.subject : undefined;
          apply(x, times);
          if (keepSubject !== undefined) x.subject = keepSubject;
        });
      }
    }
    return mine;
  });
}

export type Answer = 'accepted' | 'tentativelyAccepted' | 'declined';

/** accept / tentativelyAccept / decline of a single meeting or a whole series. */
export async function respond(w: Writer, owner: UserRecord, loc: Located, answer: Answer, sendResponse: boolean): Promise<void> {
  if (loc.kind === 'occurrence' || loc.record.type === 'exception') throw graphErrors.notImplemented('answering one occurrence of a series (answer the series master)');
  const rec = loc.record;
  const d = dataOf(rec);
  if (isOrganizerItem(d)) throw graphErrors.outlookInvalidRequest("You can't respond to a meeting you organized.");
  if (d.isCancelled === true) throw graphErrors.outlookInvalidRequest("You can't respond to a meeting that's been canceled.");
  await w.s.stores.transaction(async () => {
    if (answer === 'declined') await w.s.stores.events.deleteEvent(w.tenantId, rec.id);
    else {
      const next: EventData = structuredClone({ ...d });
      next.responseStatus = { response: answer, time: w.now };
      if (answer === 'tentativelyAccepted') next.showAs = 'tentative';
      else if (next.showAs === 'tentative') next.showAs = 'busy';
      await w.s.stores.events.putEvent(revised(w, rec, next));
    }
    if (sendResponse) await recordAnswer(w, owner, rec, answer);
  });
}

/** The organizer's item (in the tenant) records the attendee's answer. */
async function recordAnswer(w: Writer, attendee: UserRecord, copy: EventRecord, answer: Answer): Promise<void> {
  const address = organizerAddress(dataOf(copy));
  const organizer = address ? await mailboxByAddress(w.s, w.tenantId, address) : undefined;
  if (!organizer) return;
  const cal = await defaultCalendar(w.s, organizer);
  const found = await w.s.stores.events.listEventsInRange(w.tenantId, [cal.id], copy.startMs, copy.startMs + 1);
  const org = found.find((e) => e.iCalUId === copy.iCalUId && e.type !== 'exception' && e.ownerId === organizer.id);
  if (!org) return;
  const d: EventData = structuredClone({ ...dataOf(org) });
  setAttendeeStatus(d, attendee, answer, w.now);
  await w.s.stores.events.putEvent(revised(w, org, d));
}
