import type { Services } from '../../../shared/services.js';
import type { CalendarRecord, EventRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { bookkeeping, occurrenceId, parseOccurrenceId } from '../model/event-data.js';
import { expandMaster, instanceOfRecord, type Instance } from './expand.js';

// An event id in a mailbox: a stored item (single event, series master, exception) or an
// occurrence of a series (its id names the master and the original start). An id from another
// mailbox, or from another calendar than the one in the path, is "not found" (Exchange's
// ErrorItemNotFound, semantics doc §4.1 step 6), never the other mailbox's item.

export type Located =
  | { kind: 'item'; record: EventRecord; instance: Instance }
  | { kind: 'occurrence'; master: EventRecord; originalStartMs: number; instance: Instance };

export async function locateEvent(s: Services, owner: UserRecord, id: string, calendar?: CalendarRecord): Promise<Located> {
  const inMailbox = (e: EventRecord | undefined): e is EventRecord => !!e && e.ownerId === owner.id && (!calendar || e.calendarId === calendar.id);
  const direct = await s.stores.events.getEvent(owner.tenantId, id);
  if (inMailbox(direct) && direct.type !== 'occurrence') return { kind: 'item', record: direct, instance: instanceOfRecord(direct) };
  const occ = parseOccurrenceId(id);
  if (occ) {
    const master = await s.stores.events.getEvent(owner.tenantId, occ.masterId);
    if (inMailbox(master) && master.type === 'seriesMaster') {
      const book = bookkeeping(master);
      const exceptionId = book.exceptions?.[String(occ.originalStartMs)];
      if (exceptionId) {
        const ex = await s.stores.events.getEvent(owner.tenantId, exceptionId);
        if (ex) return { kind: 'item', record: ex, instance: instanceOfRecord(ex) };
      }
      if (!book.deleted?.includes(occ.originalStartMs)) {
        // The occurrence must be one the pattern produces.
        const [hit] = expandMaster(master, occ.originalStartMs, occ.originalStartMs + 1, 1).filter((i) => i.originalStartMs === occ.originalStartMs);
        if (hit) return { kind: 'occurrence', master, originalStartMs: occ.originalStartMs, instance: hit };
      }
    }
  }
  throw graphErrors.itemNotFound();
}

/** The id an exception or occurrence of `master` has, given its original start. */
export function instanceId(master: EventRecord, originalStartMs: number): string {
  return occurrenceId(master.id, originalStartMs);
}
