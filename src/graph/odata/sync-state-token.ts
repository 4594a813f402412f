import { createHash } from 'node:crypto';
import type { SyncState, SyncStateKind, SyncStateStore } from '../../store/sync-states/types.js';

// The $skiptoken / $deltatoken of tenantbox's delta queries (directory users/groups delta,
// calendarView delta): `<state id>.<check>`. The state id is random, an unguessable handle on a
// state persisted in src/store/sync-states/ (so links survive a restart); everything the token
// stands for lives in that state, which keeps links short whatever the size of the snapshot. The
// check is a hash of the id and of what the token is bound to (the caller's `binding`: tenant,
// mailbox, query kind, page or delta…), so an altered token, a garbage one, or one replayed in
// another context is told apart from one whose state is gone, before any lookup. It is not a
// secret: the random id already makes tokens unguessable; the check only classifies.
//
// Each area answers with its own errors (the directory's are Azure AD's 400 Request_BadRequest,
// calendarView's Outlook's 400 ErrorInvalidSyncStateData / 410 SyncStateNotFound), so these
// functions report what is wrong and leave the error to the caller.

const TOKEN = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{16})$/;

// `[...binding, id]` joined with U+0001: the calendar's tokens issued before this helper existed
// used exactly this form, so they stay valid.
function check(id: string, binding: readonly string[]): string {
  return createHash('sha256').update([...binding, id].join('\u0001')).digest('base64url').slice(0, 16);
}

export function encodeSyncStateToken(id: string, binding: readonly string[]): string {
  return `${id}.${check(id, binding)}`;
}

/** The state id of a token issued with this binding; undefined for anything else. */
export function decodeSyncStateToken(token: string, binding: readonly string[]): string | undefined {
  const m = TOKEN.exec(token);
  return m && check(m[1]!, binding) === m[2] ? m[1]! : undefined;
}

export type SyncStateLookup<T> = { ok: true; state: SyncState<T> } | { ok: false; why: 'invalid' | 'gone' };

/**
 * Resolves a token to its state: 'invalid' when the token was not issued with this binding,
 * 'gone' when it was but its state is no longer kept (pruned from its chain, older than
 * `maxAgeMs`, consumed, or cleared by a reset).
 */
export async function readSyncState<T>(
  store: SyncStateStore,
  q: { tenantId: string; kind: SyncStateKind; token: string; binding: readonly string[]; now: number; maxAgeMs: number },
): Promise<SyncStateLookup<T>> {
  const id = decodeSyncStateToken(q.token, q.binding);
  if (id === undefined) return { ok: false, why: 'invalid' };
  const state = await store.get<T>(q.tenantId, q.kind, id);
  if (!state || state.createdMs < q.now - q.maxAgeMs) return { ok: false, why: 'gone' };
  return { ok: true, state };
}
