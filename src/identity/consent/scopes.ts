import type { Services } from '../../shared/services.js';
import type { ApplicationRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import { delegatedScope, findResource, GRAPH_RESOURCE, isGraphIdentifier, type ResourceRef } from './resources.js';

// Parsing the `scope` parameter the way Entra does (permission-semantics §1.1.3, §1.4, §1.5.3):
// a scope without a resource means Microsoft Graph (`User.Read` ≡ `https://graph.microsoft.com/User.Read`),
// OIDC scopes ride along with any resource, a request names one resource, and `.default` stands alone.

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];
const OIDC = new Set<string>(OIDC_SCOPES);
export const isOidcScope = (scope: string): boolean => OIDC.has(scope.toLowerCase());

export interface ScopeRequest {
  /** The scope tokens as sent, de-duplicated, in order (what the token response echoes). */
  requested: string[];
  resource: ResourceRef;
  /** named: explicit scopes; default: `<resource>/.default`; oidc-only: nothing but OIDC scopes. */
  kind: 'named' | 'default' | 'oidc-only';
  /** Canonical scope values on `resource` (named requests only). */
  scopes: string[];
  /** Lower-case OIDC scopes requested. */
  oidc: OidcScope[];
  openid: boolean;
  offlineAccess: boolean;
}

export interface ResolveScopeOptions {
  /** Several resources: an error (token requests) or the first one wins (refresh, §3.4.2). */
  multipleResources?: 'error' | 'first';
}

interface Parsed {
  resourceKey: string | undefined; // undefined = Graph by omission
  value: string;
}

function parse(token: string): Parsed {
  const slash = token.lastIndexOf('/');
  if (slash === -1) return { resourceKey: undefined, value: token };
  // `https://graph.microsoft.com//.default` is accepted by Entra (legacy double slash).
  return { resourceKey: token.slice(0, slash).replace(/\/+$/, ''), value: token.slice(slash + 1) };
}

export function splitScopeParam(scopeParam: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of (scopeParam ?? '').split(/\s+/)) {
    if (!t) continue;
    const k = t.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}

/**
 * Resolves a delegated `scope` parameter. Throws IdentityError: 70011 (missing, unknown scope,
 * `.default` mixed with named scopes), 28000 (several resources), 500011 (unknown resource).
 * `clientApp` lets a client ask for a token to itself by its own appId.
 */
export async function resolveScopeRequest(
  s: Pick<Services, 'stores' | 'catalog'>,
  scopeParam: string | undefined,
  clientApp?: ApplicationRecord,
  opts: ResolveScopeOptions = {},
): Promise<ScopeRequest> {
  const requested = splitScopeParam(scopeParam);
  if (requested.length === 0) throw identityErrors.missingScope();
  const oidc: OidcScope[] = [];
  const byResource = new Map<string, { ref: ResourceRef; tokens: Parsed[]; raw: string[] }>();

  for (const token of requested) {
    if (isOidcScope(token)) {
      oidc.push(token.toLowerCase() as OidcScope);
      continue;
    }
    const p = parse(token);
    if (!p.value) throw identityErrors.invalidScope(token);
    let ref: ResourceRef | undefined;
    if (p.resourceKey === undefined || p.resourceKey === '' || isGraphIdentifier(p.resourceKey)) ref = GRAPH_RESOURCE;
    else if (clientApp && p.resourceKey.toLowerCase() === clientApp.appId) ref = { appId: clientApp.appId, audience: clientApp.appId, displayName: clientApp.displayName, isGraph: false, app: clientApp };
    else ref = await findResource(s, p.resourceKey);
    if (!ref) throw identityErrors.resourceNotFound(p.resourceKey!, 'the tenant');
    const entry = byResource.get(ref.appId) ?? { ref, tokens: [], raw: [] };
    entry.tokens.push(p);
    entry.raw.push(token);
    byResource.set(ref.appId, entry);
  }

  const entries = [...byResource.values()];
  // `.default` with anything else named is an error even before the resource count is looked at.
  const hasDefault = entries.some((e) => e.tokens.some((t) => t.value === '.default'));
  const namedCount = entries.reduce((n, e) => n + e.tokens.length, 0);
  if (hasDefault && namedCount > 1) throw identityErrors.defaultScopeMixed(requested.filter((t) => !isOidcScope(t)).join(' '));
  if (entries.length > 1 && opts.multipleResources !== 'first') throw identityErrors.multipleResources(requested.join(' '));

  const base = { requested, oidc, openid: oidc.includes('openid'), offlineAccess: oidc.includes('offline_access') };
  const first = entries[0];
  if (!first) return { ...base, resource: GRAPH_RESOURCE, kind: 'oidc-only', scopes: [] };
  if (hasDefault) return { ...base, resource: first.ref, kind: 'default', scopes: [] };
  const scopes: string[] = [];
  for (let i = 0; i < first.tokens.length; i++) {
    const def = delegatedScope(s as Pick<Services, 'catalog'>, first.ref, first.tokens[i]!.value);
    if (!def) throw identityErrors.invalidScope(first.raw[i]!);
    if (!scopes.includes(def.value)) scopes.push(def.value);
  }
  return { ...base, resource: first.ref, kind: 'named', scopes };
}

// `scope` values already seen to resolve to Graph (`https://graph.microsoft.com/.default` and its
// spellings). That answer depends on the text alone, not on the client or the store, so a daemon's
// repeated requests skip the split and parse (the benchmarked path).
const graphDefaultScopes = new Set<string>();
const MAX_REMEMBERED_SCOPES = 256;

/** `scope` for client credentials: exactly one `<resource>/.default` (§1.4.5). */
export async function resolveAppOnlyScope(s: Pick<Services, 'stores' | 'catalog'>, scopeParam: string | undefined, clientApp: ApplicationRecord, tenantName: string): Promise<ResourceRef> {
  if (scopeParam !== undefined && graphDefaultScopes.has(scopeParam)) return GRAPH_RESOURCE;
  const ref = await resolveAppOnlyScopeUncached(s, scopeParam, clientApp, tenantName);
  if (ref === GRAPH_RESOURCE && scopeParam !== undefined) {
    if (graphDefaultScopes.size >= MAX_REMEMBERED_SCOPES) graphDefaultScopes.clear();
    graphDefaultScopes.add(scopeParam);
  }
  return ref;
}

async function resolveAppOnlyScopeUncached(s: Pick<Services, 'stores' | 'catalog'>, scopeParam: string | undefined, clientApp: ApplicationRecord, tenantName: string): Promise<ResourceRef> {
  const requested = splitScopeParam(scopeParam);
  if (requested.length === 0) throw identityErrors.missingParameter('scope');
  const notDefault = requested.find((t) => parse(t).value !== '.default');
  if (notDefault) throw identityErrors.clientCredentialsScopeNotDefault(notDefault);
  const refs = new Map<string, ResourceRef>();
  for (const t of requested) {
    const key = parse(t).resourceKey ?? '';
    let ref: ResourceRef | undefined;
    if (key === '' || isGraphIdentifier(key)) ref = GRAPH_RESOURCE;
    else if (key.toLowerCase() === clientApp.appId) ref = { appId: clientApp.appId, audience: clientApp.appId, displayName: clientApp.displayName, isGraph: false, app: clientApp };
    else ref = await findResource(s, key);
    if (!ref) throw identityErrors.resourceNotFound(key, tenantName);
    refs.set(ref.appId, ref);
  }
  if (refs.size > 1) throw identityErrors.multipleResourcesAppOnly(requested.join(' '));
  return [...refs.values()][0]!;
}
