import type { FastifyRequest } from 'fastify';
import type { Catalog, PathMatch, Scheme } from '../../catalog/index.js';
import type { TenantRecord } from '../../store/types.js';
import { graphErrors, type GraphError, type GraphErrorDetail, type Workload } from '../errors.js';
import { catalogPath, lookupPermissions } from './catalog-lookup.js';
import { holds, type GraphPrincipal } from './principal.js';
import type { ResourceRef, RuleContext } from './resource-rules.js';

// The one declarative permission check every Graph handler makes on its first line:
//
//   const { target } = await authorize(req, { resource: directoryObject('user', req.params.id) });
//
// 1. The catalog (Microsoft's own permission data) says which permissions allow this method and
//    path under the token's scheme. Never a hand-written list; where the data lacks an operation a
//    route borrows another operation's entry with `permissionsOf` and says why.
// 2. The token must hold one of them (plus one of its AlsoRequires companions). Otherwise: 403
//    with the workload's code and message, and the missing permissions in `details`.
// 3. The resource rules of the named resource run (existence, the signed-in user's own reach,
//    Exchange and Teams application access policies, mailbox sharing).
// 4. Outlook throttling per (app, mailbox) when a rule names the mailbox.
// Everything it decides is left on `req.graph` for the audit log.

export interface AuthorizeOptions<R extends ResourceRef = ResourceRef> {
  /** The resource the call reaches; its kind's rules run after the permission check. */
  resource?: R;
  /** Decides the denial's code: Authorization_RequestDenied, ErrorAccessDenied or Teams' Forbidden. */
  workload?: Workload;
  /**
   * For an operation Microsoft's data does not list: use the entry of an equivalent one
   * (e.g. POST /groups/{id}/members/$ref takes DELETE /groups/{id}/members/{id}'s permissions,
   * as the Graph docs list the same for both). `why` is documented in docs/graph.md.
   */
  permissionsOf?: { method: string; path: string; why: string };
}

export interface Authorization<T = unknown> {
  principal: GraphPrincipal;
  tenant: TenantRecord;
  scheme: Scheme;
  /** The permission that allowed the call. */
  permission: string;
  /** Every accepted permission the token holds, least privileged first. */
  allowing: readonly string[];
  match: PathMatch;
  /** What the resource rule resolved (e.g. the UserRecord), if any. */
  target: T;
}

export async function authorize<T = unknown, R extends ResourceRef = ResourceRef>(
  req: FastifyRequest,
  opts: AuthorizeOptions<R> = {},
): Promise<Authorization<T>> {
  const state = req.graph;
  const { principal, tenant } = state;
  if (!principal || !tenant) throw new Error('graph: authorize() called outside the Graph pipeline (no principal)');
  state.authorized = true;
  const { s, rules } = state.ctx;
  const workload = opts.workload ?? 'directory';

  // 1. Catalog entry for the actual request.
  const match = opts.permissionsOf
    ? lookupPermissions(s.catalog, opts.permissionsOf.method, opts.permissionsOf.path, principal.scheme)
    : lookupPermissions(s.catalog, req.method, catalogPath(req.url), principal.scheme);
  if (!match) {
    const what = opts.permissionsOf ? `${opts.permissionsOf.method} ${opts.permissionsOf.path}` : `${req.method} ${catalogPath(req.url)}`;
    throw graphErrors.notImplemented(`permission data for ${what} (the catalog has no entry; the route must name one with permissionsOf)`);
  }
  state.template = match.template;

  const kindRules = opts.resource ? rules.rulesFor(opts.resource.kind) : [];
  let accepted: readonly string[] = match.permissions;
  for (const rule of kindRules) {
    if (rule.widen) accepted = union(accepted, rule.widen(accepted, { s, principal, resource: opts.resource! }));
  }
  accepted = accepted === match.permissions ? rankedFor(s.catalog, match) : rankedWidened(s.catalog, match, accepted, principal.scheme);

  // 2. The token must hold an accepted permission (and one of its AlsoRequires companions).
  const allowing = accepted.filter((p) => holds(principal, p) && companionsMet(principal, match.alsoRequires[p]));
  if (allowing.length === 0) {
    state.missing = [...accepted];
    throw denial(workload, principal, match, accepted, req.method);
  }

  // 3. Resource rules.
  let permission = allowing[0]!;
  let target: unknown;
  let throttleMailboxId: string | undefined;
  for (const rule of kindRules) {
    const ctx: RuleContext = { req, s, principal, tenant, match, resource: opts.resource!, workload, allowing, accepted };
    const outcome = await rule.check(ctx);
    if (!outcome.allow) {
      state.missing = outcome.missing ?? [];
      state.policy = outcome.policy ?? null;
      throw outcome.error;
    }
    if (outcome.permission) permission = outcome.permission;
    if (outcome.target !== undefined) target = outcome.target;
    if (outcome.throttleMailboxId) throttleMailboxId = outcome.throttleMailboxId;
  }
  state.permission = permission;

  // 4. Outlook throttling per (app, mailbox).
  if (throttleMailboxId) {
    const slot = state.ctx.throttle.acquire(tenant, principal.appId, throttleMailboxId);
    if (!slot.ok) {
      state.policy = `Throttling: ${slot.reason} limit for app ${principal.appId} on mailbox ${throttleMailboxId}`;
      throw graphErrors.throttled(slot.retryAfterSeconds, {
        details: [{ code: 'tenantbox.throttled', message: slot.message, target: throttleMailboxId }],
      });
    }
    state.release = slot.release;
  }

  return { principal, tenant, scheme: principal.scheme, permission, allowing, match, target: target as T };
}

/** The 403 a workload answers when the token holds none of the accepted permissions. */
export function denial(workload: Workload, principal: GraphPrincipal, match: PathMatch, accepted: readonly string[], method: string): GraphError {
  const details = [missingPermissionDetail(principal, match, accepted, method)];
  const extra = { details, denial: { missing: [...accepted] } };
  switch (workload) {
    case 'outlook':
      return graphErrors.outlookDenied(extra);
    case 'teams':
      return graphErrors.teamsDenied(principal.scheme, accepted, principal.granted, extra);
    default:
      return graphErrors.directoryDenied(extra);
  }
}

/** The `details[]` entry that says what was missing (tenantbox's addition to Graph's body). */
export function missingPermissionDetail(principal: GraphPrincipal, match: PathMatch, accepted: readonly string[], method: string): GraphErrorDetail {
  const kind = principal.scheme === 'delegated' ? 'scopes (scp)' : 'roles';
  const held = principal.granted.length ? principal.granted.join(', ') : 'none';
  const op = `${method.toUpperCase()} ${match.template}`;
  if (accepted.length === 0) {
    return {
      code: 'tenantbox.schemeNotSupported',
      message: `${op} does not support ${principal.scheme} permissions in Microsoft Graph's permission data. The token's ${kind}: ${held}.`,
    };
  }
  const companions = accepted
    .filter((p) => holds(principal, p) && match.alsoRequires[p]?.length)
    .map((p) => `${p} also needs one of ${match.alsoRequires[p]!.join(', ')}`);
  return {
    code: 'tenantbox.missingPermission',
    target: accepted[0],
    message:
      `${op} with a ${principal.scheme} token needs one of: ${accepted.join(', ')} (least privileged first). ` +
      (companions.length ? `${companions.join('; ')}. ` : '') +
      `The token's ${kind}: ${held}.`,
  };
}

function companionsMet(p: GraphPrincipal, companions: readonly string[] | undefined): boolean {
  return !companions || companions.length === 0 || companions.some((c) => holds(p, c));
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a.map((x) => x.toLowerCase()));
  return [...a, ...b.filter((x) => !seen.has(x.toLowerCase()))];
}

// The catalog hands out one frozen PathMatch per (template, method, scheme): rank each once.
const ranked = new WeakMap<PathMatch, readonly string[]>();
function rankedFor(catalog: Catalog, match: PathMatch): readonly string[] {
  let r = ranked.get(match);
  if (!r) ranked.set(match, (r = Object.freeze(rankByPrivilege(catalog, match.permissions, match, match.scheme))));
  return r;
}

// A widening rule (the mailbox rule's .Shared scopes…) yields the same few lists again and again:
// rank each (entry, widened list, scheme) once rather than sorting on every request.
const rankedWide = new WeakMap<PathMatch, Map<string, readonly string[]>>();
function rankedWidened(catalog: Catalog, match: PathMatch, names: readonly string[], scheme: Scheme): readonly string[] {
  let byList = rankedWide.get(match);
  if (!byList) rankedWide.set(match, (byList = new Map()));
  const k = `${scheme}\u0001${names.join('\u0001')}`;
  let r = byList.get(k);
  if (!r) {
    r = Object.freeze(rankByPrivilege(catalog, names, match, scheme));
    // Lists come from the catalog and rules, not from requests; the bound is only a guard.
    if (byList.size >= 256) byList.clear();
    byList.set(k, r);
  }
  return r;
}

/** Least privileged first: the catalog's `least` marks, then Kibali privilege level, then name. */
export function rankByPrivilege(catalog: Catalog, names: readonly string[], match: PathMatch, scheme: Scheme): string[] {
  const least = new Set(match.least.map((n) => n.toLowerCase()));
  const level = (n: string) => catalog.permission(n)?.[scheme]?.privilegeLevel ?? 9;
  return [...names].sort(
    (a, b) =>
      Number(!least.has(a.toLowerCase())) - Number(!least.has(b.toLowerCase())) || level(a) - level(b) || a.localeCompare(b),
  );
}
