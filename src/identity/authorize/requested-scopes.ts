import type { Services } from '../../shared/services.js';
import type { ApplicationRecord } from '../../store/types.js';
import { isOidcScope, resolveScopeRequest, splitScopeParam, type ScopeRequest } from '../consent/scopes.js';

// /authorize may name several resources at once ("scope may span several resources", entra-docs
// auth code flow), unlike the token endpoint: consent is asked for all of them in one prompt, and
// the code is later redeemed for one resource at a time. Each group is resolved by identity-core's
// resolveScopeRequest, so unknown scopes, unknown resources and `.default` mixed with named scopes
// fail exactly as they do at the token endpoint. The OIDC scopes ride with the first group.

export async function resolveAuthorizeScopes(s: Pick<Services, 'stores' | 'catalog'>, scope: string, app: ApplicationRecord): Promise<ScopeRequest[]> {
  // Checks `.default` mixing across all tokens and validates the first resource's scopes.
  const first = await resolveScopeRequest(s, scope, app, { multipleResources: 'first' });
  if (first.kind !== 'named') return [first];
  const tokens = splitScopeParam(scope);
  const oidc = tokens.filter(isOidcScope);
  const groups = new Map<string, string[]>();
  for (const t of tokens) {
    if (isOidcScope(t)) continue;
    const one = await resolveScopeRequest(s, t, app);
    groups.set(one.resource.appId, [...(groups.get(one.resource.appId) ?? []), t]);
  }
  if (groups.size <= 1) return [first];
  const out: ScopeRequest[] = [];
  let i = 0;
  for (const group of groups.values()) {
    out.push(await resolveScopeRequest(s, [...group, ...(i++ === 0 ? oidc : [])].join(' '), app));
  }
  return out;
}
