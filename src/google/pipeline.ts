import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GoogleMethod } from '../catalog/index.js';
import type { AuditRecord } from '../store/types.js';
import { findAccessToken, principalOf } from './auth/access-tokens.js';
import type { GoogleContext } from './context.js';
import { googleErrors } from './errors.js';
import type { Principal } from './principal.js';

// The Google request pipeline, in order:
//   1. credentials: a live access token (Authorization: Bearer, or ?access_token=) whose subject
//      still exists → else 401 authError "Invalid Credentials";
//   2. scopes: the token holds at least one of the method's scopes, from the catalog (any listed
//      scope allows the method) → else 403 insufficientPermissions;
//   3. the handler: ACL roles, admin rights, scope reach (calendar.events.owned and friends);
//   4. one audit record per request when the response ends.
// A route opts into 1-2 with `config: { googleMethod: '<discovery method id>' }`.

export interface GoogleRequestState {
  principal?: Principal;
  method?: GoogleMethod;
  tenantId?: string;
  clientId?: string;
  clientName?: string;
  subject?: string;
  scheme?: 'delegated' | 'application';
  /** Token scopes that allow the method, narrowest first. */
  allowedHeld: string[];
  /** The scope that allowed the call. */
  permission: string | null;
  /** Scopes that would have allowed a call refused for scopes. */
  missing: string[];
  /** What refused the call past the scope check ("calendar-acl", "admin-privileges"). */
  policy: string | null;
  granted: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    google?: GoogleRequestState;
  }
  interface FastifyContextConfig {
    googleMethod?: string;
  }
}

export function stateOf(req: FastifyRequest): GoogleRequestState {
  return (req.google ??= { allowedHeld: [], permission: null, missing: [], policy: null, granted: [] });
}

/** The caller of an API route (set by `authorizeApi`). */
export function principal(req: FastifyRequest): Principal {
  const p = req.google?.principal;
  if (!p) throw new Error('tenantbox: Google route without googleMethod config reached a handler that needs a principal');
  return p;
}

export async function authorizeApi(g: GoogleContext, req: FastifyRequest, methodId: string): Promise<void> {
  const method = g.catalog.method(methodId);
  if (!method) throw new Error(`tenantbox: route declares unknown Google method ${methodId}`);
  const st = stateOf(req);
  st.method = method;
  const token = bearer(req);
  const rec = token ? await findAccessToken(g, token) : undefined;
  const p = rec ? await principalOf(g, rec) : undefined;
  if (!rec || !p) throw googleErrors.invalidCredentials();
  Object.assign(st, {
    principal: p,
    tenantId: p.tenantId,
    clientId: p.clientId,
    clientName: p.clientName,
    subject: p.email,
    scheme: p.kind === 'user' ? 'delegated' : 'application',
    granted: [...rec.scopes],
  });
  const held = method.scopes.filter((s) => rec.scopes.includes(s));
  if (held.length === 0) {
    st.missing = [...method.scopes];
    throw googleErrors.insufficientScopes(serviceName(method), rpcName(method), method.scopes);
  }
  st.allowedHeld = sortNarrowestFirst(g, held);
  st.permission = st.allowedHeld[0]!;
}

export function sortNarrowestFirst(g: GoogleContext, scopes: string[]): string[] {
  const rank = (s: string) => g.catalog.scopeRank(s)?.methods ?? Number.MAX_SAFE_INTEGER;
  return [...scopes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h && /^bearer\s+/i.test(h)) return h.replace(/^bearer\s+/i, '').trim() || undefined;
  const q = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof q === 'string' && q ? q : undefined;
}

function serviceName(m: GoogleMethod): string {
  return m.api === 'calendar:v3' ? 'calendar-json.googleapis.com' : 'admin.googleapis.com';
}

/** calendar.events.list → calendar.v3.Events.List, as Google's ErrorInfo names methods. */
function rpcName(m: GoogleMethod): string {
  const [api, ...rest] = m.id.split('.');
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const version = m.api.split(':')[1]!.replace(/^.*_/, '');
  return [api, version, ...rest.map(cap)].join('.');
}

export function auditRecord(req: FastifyRequest, reply: FastifyReply, now: Date): AuditRecord {
  const st = req.google;
  const q = req.url.indexOf('?');
  return {
    time: now.toISOString(),
    service: 'google',
    tenantId: st?.tenantId ?? null,
    appId: st?.clientId ?? null,
    appDisplayName: st?.clientName ?? null,
    userId: st?.scheme === 'delegated' ? (st.subject ?? null) : null,
    scheme: st?.scheme ?? null,
    method: req.method,
    path: q < 0 ? req.url : req.url.slice(0, q),
    template: st?.method?.path ?? null,
    permission: st?.permission ?? null,
    missing: st?.missing ?? [],
    policy: st?.policy ?? null,
    status: reply.statusCode,
    requestId: req.requestId,
    granted: st?.granted ?? [],
  };
}
