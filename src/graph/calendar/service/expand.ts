import type { Services } from '../../../shared/services.js';
import type { EventRecord } from '../../../store/types.js';
import { bookkeeping, dataOf, durationOf, occurrenceId } from '../model/event-data.js';
import { occurrencesIn, type PatternedRecurrence } from '../time/recurrence.js';

// What a calendar shows in a window (calendarView, getSchedule, conflict checks, findMeetingTimes):
// single events and exceptions as stored, and each series master expanded into its occurrences,
// minus the ones deleted from the series and the ones an exception replaces (an exception moved
// out of the window hides its occurrence too). The range query itself is the store's
// (EventStore.listEventsInRange: one index range per calendar).

export interface Instance {
  /** The stored item: the event itself, or the series master of an occurrence. */
  record: EventRecord;
  type: 'singleInstance' | 'occurrence' | 'exception';
  /** The Graph id: the record's, or an occurrence id. */
  id: string;
  startMs: number;
  endMs: number;
  /** Occurrences: the start the pattern gives (their id encodes it). */
  originalStartMs?: number;
}

/** A stored item as an instance. An exception keeps its occurrence's id, so ids clients hold stay valid. */
export function instanceOfRecord(e: EventRecord): Instance {
  if (e.type === 'exception') {
    const original = bookkeeping(e).originalStartMs;
    const id = e.seriesMasterId && original !== undefined ? occurrenceId(e.seriesMasterId, original) : e.id;
    return { record: e, type: 'exception', id, startMs: e.startMs, endMs: e.endMs, originalStartMs: original };
  }
  return { record: e, type: 'singleInstance', id: e.id, startMs: e.startMs, endMs: e.endMs };
}

/** Occurrences of one series master overlapping [fromMs, toMs). */
export function expandMaster(master: EventRecord, fromMs: number, toMs: number, limit = Infinity): Instance[] {
  const data = dataOf(master);
  const recurrence = data.recurrence as PatternedRecurrence | null | undefined;
  const duration = durationOf(master);
  if (!recurrence) return [{ record: master, type: 'singleInstance', id: master.id, startMs: master.startMs, endMs: master.startMs + duration }];
  const book = bookkeeping(master);
  const deleted = book.deleted?.length ? new Set(book.deleted) : undefined;
  const replaced = book.exceptions;
  const out: Instance[] = [];
  for (const start of occurrencesIn({ recurrence, startMs: master.startMs, durationMs: duration }, fromMs, toMs)) {
    if (deleted?.has(start) || replaced?.[String(start)]) continue;
    out.push({ record: master, type: 'occurrence', id: occurrenceId(master.id, start), startMs: start, endMs: start + duration, originalStartMs: start });
    if (out.length >= limit) break;
  }
  return out;
}

export async function expandRange(s: Services, tenantId: string, calendarIds: string[], fromMs: number, toMs: number): Promise<Instance[]> {
  const records = await s.stores.events.listEventsInRange(tenantId, calendarIds, fromMs, toMs);
  const out: Instance[] = [];
  let sorted = true;
  for (const e of records) {
    if (e.type === 'seriesMaster') {
      for (const i of expandMaster(e, fromMs, toMs)) out.push(i);
      sorted = false;
    } else if (e.type !== 'occurrence') {
      out.push(instanceOfRecord(e));
    }
  }
  if (!sorted || calendarIds.length > 1) out.sort(byStart);
  return out;
}

export const byStart = (a: Instance, b: Instance): number => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether an instance makes its calendar busy (for conflicts and free/busy). */
export function blocksTime(i: Instance): boolean {
  const f = i.record.schedule;
  if (f) return !f.isCancelled && f.showAs !== 'free';
  const d = dataOf(i.record);
  return d.isCancelled !== true && (d.showAs ?? 'busy') !== 'free';
}
