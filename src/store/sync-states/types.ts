// Server-side sync states of delta queries, one table for every area that emulates them
// (directory users/groups delta, calendarView delta). A state is what one @odata.nextLink or
// @odata.deltaLink stands for; its token (src/graph/odata/sync-state-token.ts) is a random handle
// on it. What a state holds is the area's business (`data`, stored as JSON); the store only
// files states by kind and chain so that each chain keeps its newest few, and drops old ones.

/** Which delta query a state belongs to; a state is only ever looked up under its own kind. */
export type SyncStateKind = 'users' | 'groups' | 'calendarView';

export interface SyncState<T = unknown> {
  tenantId: string;
  kind: SyncStateKind;
  /** The random part of the token. */
  id: string;
  /**
   * The states counted together when only the newest few are kept, e.g. one client's successive
   * deltaLinks. Chosen by the area (calendarView keeps a round's page states in `<lineage>/pages`,
   * apart from its deltaLinks, so paging through a long round cannot push out the deltaLink it
   * started from).
   */
  chain: string;
  createdMs: number;
  data: T;
}

export interface SyncStateStore {
  get<T>(tenantId: string, kind: SyncStateKind, id: string): Promise<SyncState<T> | undefined>;
  /** Stores a state, then keeps only the newest `keep` states of its chain (insertion order). */
  put(state: SyncState, keep: number): Promise<void>;
  delete(tenantId: string, kind: SyncStateKind, id: string): Promise<boolean>;
  /**
   * Removes a state and returns it, atomically: of concurrent calls for the same state exactly one
   * gets it (single-use tokens), the others undefined.
   */
  take<T>(tenantId: string, kind: SyncStateKind, id: string): Promise<SyncState<T> | undefined>;
  /** Drops the tenant's states of `kind` created before `beforeMs`; returns how many. */
  prune(tenantId: string, kind: SyncStateKind, beforeMs: number): Promise<number>;
}
