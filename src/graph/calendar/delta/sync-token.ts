import { graphErrors } from '../../errors.js';
import { decodeSyncStateToken, encodeSyncStateToken } from '../../odata/sync-state-token.js';

// calendarView delta's tokens, in the shared form (src/graph/odata/sync-state-token.ts): a random
// handle on a state persisted in src/store/sync-states/ (kind 'calendarView'), plus a check that
// binds the token to the mailbox and calendar it was issued for and to its kind (page or delta),
// so an altered token, a garbage one, or one replayed on another mailbox or as the other kind is
// refused as invalid (400 ErrorInvalidSyncStateData) before any lookup; a well-formed token whose
// state is gone is Exchange's 410 SyncStateNotFound (view-delta.ts).

export type TokenKind = 'skip' | 'delta';

export interface TokenScope {
  tenantId: string;
  ownerId: string;
  calendarId: string;
}

// The binding's order is the one tokens were issued with before the shared helper: keep it.
const binding = (kind: TokenKind, scope: TokenScope) => [kind, scope.tenantId, scope.ownerId.toLowerCase(), scope.calendarId];

export function encodeSyncToken(id: string, kind: TokenKind, scope: TokenScope): string {
  return encodeSyncStateToken(id, binding(kind, scope));
}

/** The state id of a token issued for this mailbox's calendar and kind; 400 otherwise. */
export function decodeSyncToken(token: string, kind: TokenKind, scope: TokenScope): string {
  const id = decodeSyncStateToken(token, binding(kind, scope));
  if (id === undefined) throw graphErrors.calendarSyncStateInvalid();
  return id;
}
