import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashSecret } from '../../shared/ids.js';
import type { Services } from '../../shared/services.js';
import type { TokenGrantRecord, UserRecord } from '../../store/types.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';

// Browser sign-in sessions (Entra's ESTSAUTH cookie, our way). The cookie holds up to five opaque
// tokens, one per signed-in account, so the account picker can offer each of them; each token is a
// TokenGrantRecord of kind 'session' stored by hash. A session lives 24 hours from its last use
// (entra-docs configurable-token-lifetimes: non-persistent session, 24 h inactive) and dies at once
// when the user's sign-in sessions are revoked (signInSessionsValidFromDateTime) or the account is
// disabled or deleted.

export const SESSION_COOKIE = 'tenantbox_session';
export const SESSION_IDLE_MS = 24 * 3_600_000;
const MAX_ACCOUNTS = 5;

export interface SessionData {
  /** Epoch seconds of the password sign-in (`auth_time`). */
  authTime: number;
  [k: string]: unknown;
}

export interface BrowserSession {
  token: string;
  record: TokenGrantRecord & { kind: 'session'; data: SessionData; userId: string };
  user: UserRecord;
}

/** The valid sessions this browser holds, newest first; stale tokens are dropped from the cookie. */
export async function readSessions(s: Services, req: FastifyRequest, reply: FastifyReply): Promise<BrowserSession[]> {
  const tokens = cookieTokens(req);
  const out: BrowserSession[] = [];
  for (const token of tokens) {
    const session = await loadSession(s, token);
    if (session) out.push(session);
  }
  if (out.length !== tokens.length) writeCookie(reply, out.map((x) => x.token));
  return out;
}

export async function loadSession(s: Services, token: string): Promise<BrowserSession | undefined> {
  const record = await s.stores.tokens.get(hashSecret(token));
  if (!record || record.kind !== 'session' || !record.userId) return undefined;
  const now = s.clock.now();
  if (record.consumedAt !== null || record.expiresAt <= now) return undefined;
  const user = await s.stores.directory.getUser(record.tenantId, record.userId);
  if (!user || !user.accountEnabled) return undefined;
  if (revokedSince(user, record.createdAt)) return undefined;
  return { token, record: record as BrowserSession['record'], user };
}

/** True when the user's sessions were revoked after `createdAtMs` (revokeSignInSessions). */
export function revokedSince(user: UserRecord, createdAtMs: number): boolean {
  if (!user.signInSessionsValidFromDateTime) return false;
  const validFrom = Date.parse(user.signInSessionsValidFromDateTime);
  return Number.isFinite(validFrom) && createdAtMs < validFrom;
}

/** After a password sign-in: a new session for the user, replacing any older one of the same user. */
export async function startSession(s: Services, req: FastifyRequest, reply: FastifyReply, user: UserRecord, clientId: string): Promise<BrowserSession> {
  const token = s.ids.token(32);
  const now = s.clock.now();
  const record: BrowserSession['record'] = {
    hash: hashSecret(token),
    kind: 'session',
    tenantId: user.tenantId,
    clientId,
    userId: user.id,
    data: { authTime: Math.floor(now / 1000) },
    createdAt: now,
    expiresAt: now + SESSION_IDLE_MS,
    consumedAt: null,
  };
  await s.stores.tokens.put(record);
  const others = [];
  for (const t of cookieTokens(req)) {
    const existing = await loadSession(s, t);
    if (existing && !(existing.user.id === user.id && existing.user.tenantId === user.tenantId)) others.push(t);
    else if (existing) await s.stores.tokens.update(existing.record.hash, { consumedAt: now });
  }
  writeCookie(reply, [token, ...others].slice(0, MAX_ACCOUNTS));
  return { token, record, user };
}

/** Each use slides the 24 h inactivity window. */
export async function touchSession(s: Services, session: BrowserSession): Promise<void> {
  const expiresAt = s.clock.now() + SESSION_IDLE_MS;
  session.record.expiresAt = expiresAt;
  await s.stores.tokens.update(session.record.hash, { expiresAt });
}

/** Signs every account of this browser out (the logout endpoint). */
export async function endSessions(s: Services, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const now = s.clock.now();
  for (const token of cookieTokens(req)) {
    const rec = await s.stores.tokens.get(hashSecret(token));
    if (rec?.kind === 'session' && rec.consumedAt === null) await s.stores.tokens.update(rec.hash, { consumedAt: now });
  }
  clearCookie(reply, SESSION_COOKIE);
}

function cookieTokens(req: FastifyRequest): string[] {
  const v = readCookie(req, SESSION_COOKIE);
  if (!v) return [];
  return v.split('.').filter((t) => /^[A-Za-z0-9_-]{16,128}$/.test(t)).slice(0, MAX_ACCOUNTS);
}

function writeCookie(reply: FastifyReply, tokens: string[]): void {
  if (tokens.length === 0) clearCookie(reply, SESSION_COOKIE);
  else setCookie(reply, SESSION_COOKIE, tokens.join('.'));
}
