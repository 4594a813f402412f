import type { EventRecord, UserRecord } from '../../../store/types.js';
import { dataOf } from '../model/event-data.js';
import type { PatternedRecurrence } from '../time/recurrence.js';
import { blocksTime, expandMaster, expandRange, type Instance } from './expand.js';
import { defaultCalendar } from './mailboxes.js';
import type { Writer } from './writer.js';

// A room's booking attendant (Exchange calendar processing, semantics doc §4.4.4): with
// AutomateProcessing=AutoAccept it accepts a meeting request when the room is free for every
// occurrence within its booking window and declines it otherwise (ConflictPercentageAllowed and
// MaximumConflictInstances default to 0, so one conflicting occurrence declines a series; the
// booking window, BookingWindowInDays, defaults to 180 days). A room without AutoAccept leaves the
// request for its delegates: tentative, not responded. Declined meetings do not stay on the
// room's calendar.

export const BOOKING_WINDOW_MS = 180 * 86_400_000;

export type RoomOutcome = 'accepted' | 'declined' | 'tentative';

/** The meeting as the room sees it: its instances (single or series) and its iCalUId. */
export interface Booking {
  iCalUId: string;
  record: EventRecord;
}

export async function processRoomBooking(w: Writer, room: UserRecord, booking: Booking): Promise<RoomOutcome> {
  if (!room.room?.autoAccept) return 'tentative';
  const cal = await defaultCalendar(w.s, room);
  const nowMs = Date.parse(w.now);
  const wanted = instancesToCheck(booking.record, nowMs);
  if (wanted.length === 0) return 'accepted';
  const from = wanted[0]!.startMs;
  const to = Math.max(...wanted.map((i) => Math.max(i.endMs, i.startMs + 1)));
  const busy = (await expandRange(w.s, w.tenantId, [cal.id], from, to)).filter((i) => i.record.iCalUId !== booking.iCalUId && blocksTime(i));
  for (const want of wanted) {
    for (const b of busy) {
      if (overlaps(want.startMs, want.endMs, b.startMs, b.endMs)) return 'declined';
    }
  }
  return 'accepted';
}

/** Occurrences inside the booking window (from now), or the single meeting itself. */
function instancesToCheck(record: EventRecord, nowMs: number): Instance[] {
  const recurrence = dataOf(record).recurrence as PatternedRecurrence | null | undefined;
  if (record.type !== 'seriesMaster' || !recurrence) return [{ record, type: 'singleInstance', id: record.id, startMs: record.startMs, endMs: record.endMs }];
  return expandMaster(record, Math.min(nowMs, record.startMs), nowMs + BOOKING_WINDOW_MS);
}

/** Strict overlap: back-to-back meetings (one ends when the next starts) do not conflict. */
export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  // A zero-length item occupies its instant.
  return aStart < Math.max(bEnd, bStart + 1) && bStart < Math.max(aEnd, aStart + 1);
}
