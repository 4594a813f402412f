import type { Catalog, PathMatch, Scheme } from '../catalog/index.js';
import { catalogPath, lookupPermissions } from '../graph/auth/catalog-lookup.js';

// How the analyzer finds a Graph call's permissions: exactly as tenantbox's Graph pipeline does
// (`catalogPath` + `lookupPermissions`, docs/graph.md "Path normalization for the lookup"), so the
// audit and the enforcement never disagree on a path: `/$ref` and `/$count` dropped, `delta()` as
// `delta`, `/me/…` as `/users/{id}/…` where the data lists only that, keys in parentheses
// (`/users('id')`) as segments. Where Microsoft's data has no entry at all, the analyzer uses the
// entry the Graph route borrows (docs/graph.md, the borrow table), marked as borrowed.

export interface GraphLookup {
  match: PathMatch;
  /** Set when Microsoft's data has no entry and the match is the one tenantbox's Graph borrows. */
  borrowed?: Borrowed;
}

export interface Borrowed {
  /** The template the call is reported under (ids as {id}). */
  template: string;
  /** Every permission tenantbox's Graph accepts for it. */
  permissions: readonly string[];
  /** Why, as docs/graph.md says it. */
  note: string;
}

interface BorrowRule {
  method: string;
  /** Matches the normalized path (no version, query, $ref). */
  path: RegExp;
  template: string;
  /** The catalog entries whose permissions tenantbox's Graph accepts (union, in order)… */
  from?: { method: string; path: string }[];
  /** …or, where no endpoint entry fits, the permissions the route accepts under each scheme. */
  fixed?: Record<Scheme, readonly string[]>;
  note: string;
}

// The rows of docs/graph.md's borrow table that the Graph routes implement with `permissionsOf`
// (and a rule's `widen`). Keep the two in step: test/analyzer/graph-lookup.test.ts checks that a
// borrowed call is reported with exactly the permissions the route accepts.
const BORROWS: readonly BorrowRule[] = [
  {
    method: 'GET',
    path: /^\/teams\/[^/]+\/operations\/[^/]+$/i,
    template: '/teams/{id}/operations/{id}',
    // get-operation.ts borrows POST /teams; the teamOperation rule widens it with GET /teams/{id}.
    from: [
      { method: 'POST', path: '/teams' },
      { method: 'GET', path: '/teams/{id}' },
    ],
    note: "not in Microsoft's permission data (Graph documents no permissions for a team's async operations); tenantbox's Graph accepts the permissions of POST /teams and GET /teams/{id}",
  },
  {
    method: 'POST',
    path: /^\/groups\/[^/]+\/members$/i,
    template: '/groups/{id}/members/$ref',
    from: [{ method: 'DELETE', path: '/groups/{id}/members/{id}' }],
    note: "not in Microsoft's permission data; the Graph docs list the same permissions for adding and removing a member, and tenantbox's Graph uses DELETE /groups/{id}/members/{id}'s",
  },
  // src/graph/oidc/userinfo-route.ts: the UserInfo endpoint's own permission table.
  ...['GET', 'POST'].map((method) => ({
    method,
    path: /^\/oidc\/userinfo$/i,
    template: '/oidc/userinfo',
    fixed: { delegated: ['openid'], application: [] },
    note: "not in Microsoft's permission data; the UserInfo page (learn.microsoft.com/entra/identity-platform/userinfo) requires delegated openid and supports no application permission",
  })),
];

/** A request path (or full URL) as the Graph pipeline looks it up; keys in parentheses become segments. */
export function analyzerGraphPath(path: string, keyPlaceholder?: string): string {
  return expandKeySegments(catalogPath(path.replace(/^https?:\/\/[^/]+/i, '')), keyPlaceholder);
}

// `/teams('a')/operations('b')` -> `/teams/a/operations/b`, the form Graph's Location headers
// write; a function call with named arguments (`reminderView(startDateTime=…)`) stays as it is.
// With `placeholder`, every key becomes it (an unknown path is reported without its ids).
export function expandKeySegments(path: string, placeholder?: string): string {
  return path.replace(/\/([A-Za-z][\w.]*)\(('[^']*'|[^'=(),/]+)\)(?=\/|$)/g, (_m, name: string, key: string) => `/${name}/${placeholder ?? key.replace(/^'(.*)'$/, '$1')}`);
}

export function lookupGraph(catalog: Catalog, method: string, path: string, scheme: Scheme): GraphLookup | undefined {
  const m = method.toUpperCase();
  const raw = catalogPath(path.replace(/^https?:\/\/[^/]+/i, ''));
  const match = lookupPermissions(catalog, m, raw, scheme) ?? lookupPermissions(catalog, m, expandKeySegments(raw), scheme);
  if (match) return { match };
  const p = toUsersPath(expandKeySegments(raw));
  const rule = BORROWS.find((b) => b.method === m && b.path.test(p));
  if (!rule) return undefined;
  if (rule.fixed) {
    const permissions = rule.fixed[scheme];
    const match: PathMatch = { template: rule.template, method: m, scheme, permissions, least: permissions, alsoRequires: {}, rsc: [] };
    return { match, borrowed: { template: rule.template, permissions, note: rule.note } };
  }
  const matches = (rule.from ?? []).map((f) => lookupPermissions(catalog, f.method, f.path, scheme)).filter((x): x is PathMatch => !!x);
  if (!matches.length) return undefined;
  const permissions = [...new Set(matches.flatMap((x) => x.permissions))];
  return {
    match: matches[0]!,
    borrowed: { template: rule.template, permissions, note: rule.note },
  };
}

function toUsersPath(p: string): string {
  return /^\/me(\/|$)/i.test(p) ? `/users/{id}${p.slice(3)}` : p;
}

/** The permissions tenantbox's Graph accepts for the call (borrowed ones included); empty when none. */
export function graphPermissions(catalog: Catalog, method: string, path: string, scheme: Scheme): readonly string[] {
  const found = lookupGraph(catalog, method, path, scheme);
  return found ? (found.borrowed?.permissions ?? found.match.permissions) : [];
}
