import { createHash } from 'node:crypto';
import { graphErrors } from '../../errors.js';

// The $skiptoken / $deltatoken of calendarView delta: `<state id>.<check>`. The state id is random
// (the same scheme as the directory's users/groups delta: an unguessable handle on server-side
// state, here persisted in src/store/calendar-delta/ so rounds survive a restart); everything the
// token stands for (mailbox, calendar, window, what the client holds) lives in that state. The
// check binds the token to the mailbox and calendar it was issued for and to its kind (page or
// delta), so an altered token, a garbage one, or one replayed on another mailbox or as the other
// kind is refused as invalid (400) before any lookup; a well-formed token whose state is gone is
// Exchange's 410 SyncStateNotFound.

export type TokenKind = 'skip' | 'delta';

export interface TokenScope {
  tenantId: string;
  ownerId: string;
  calendarId: string;
}

function check(id: string, kind: TokenKind, scope: TokenScope): string {
  return createHash('sha256').update(`${kind}\u0001${scope.tenantId}\u0001${scope.ownerId.toLowerCase()}\u0001${scope.calendarId}\u0001${id}`).digest('base64url').slice(0, 16);
}

export function encodeSyncToken(id: string, kind: TokenKind, scope: TokenScope): string {
  return `${id}.${check(id, kind, scope)}`;
}

/** The state id of a token issued for this mailbox's calendar and kind; 400 otherwise. */
export function decodeSyncToken(token: string, kind: TokenKind, scope: TokenScope): string {
  const m = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!m || check(m[1]!, kind, scope) !== m[2]) throw graphErrors.calendarSyncStateInvalid();
  return m[1]!;
}
