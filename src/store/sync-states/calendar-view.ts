import type { SyncStateStore } from './types.js';

// calendarView delta's states (src/graph/calendar/delta/) in the shared sync-state store, under
// kind 'calendarView'. The payload is the whole CalendarDeltaState, as '013-calendar-delta'
// stored it, so the rows '014-sync-states' copied from that table read back unchanged.

/**
 * What one calendarView @odata.nextLink or @odata.deltaLink stands for: the mailbox's calendar
 * and window the round was started with, what the client has been given so far (instance id →
 * fingerprint), and, for a page of a round in progress, the changes still to send.
 */
export interface CalendarDeltaState {
  tenantId: string;
  /** The random part of the token. */
  id: string;
  /** The round's first state: the states of one client's sync, of which only the newest few are kept. */
  lineage: string;
  ownerId: string;
  calendarId: string;
  fromMs: number;
  toMs: number;
  /** Instance id → fingerprint of the version the client holds once this state's round is complete. */
  seen: Record<string, string>;
  /** A page state (@odata.nextLink): the changed instance ids and the removed ids still to send. */
  pending?: { changed: string[]; removed: string[] };
  createdMs: number;
}

export interface CalendarDeltaStore {
  get(tenantId: string, id: string): Promise<CalendarDeltaState | undefined>;
  /** Stores a state, then keeps only the newest `keep` states of its lineage (page states and delta states counted apart). */
  put(state: CalendarDeltaState, keep: number): Promise<void>;
  /** Drops the tenant's calendarView states created before `beforeMs`. */
  prune(tenantId: string, beforeMs: number): Promise<number>;
}

export function calendarViewStates(store: SyncStateStore): CalendarDeltaStore {
  return {
    get: async (tenantId, id) => (await store.get<CalendarDeltaState>(tenantId, 'calendarView', id))?.data,
    put: (s, keep) => store.put({ tenantId: s.tenantId, kind: 'calendarView', id: s.id, chain: s.pending ? `${s.lineage}/pages` : s.lineage, createdMs: s.createdMs, data: s }, keep),
    prune: (tenantId, beforeMs) => store.prune(tenantId, 'calendarView', beforeMs),
  };
}
