import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord, UserRecord } from '../../store/types.js';
import { grantedDelegatedScopes, hasAnyDelegatedGrant } from '../consent/granted.js';
import { resourceServicePrincipal } from '../consent/resources.js';
import type { ScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { signJwtAsync } from '../keys/jwt.js';
import type { KeyRing } from '../keys/signing-keys.js';
import type { RefreshTokenData } from '../records.js';
import { clientInfo, delegatedAccessClaims, delegatedLifetimeSeconds, idTokenClaims, type Appidacr } from './claims.js';
import { issueRefreshToken } from './refresh-tokens.js';

// Issues the tokens of a delegated flow (code, refresh, device code, password, OBO) once the grant
// has identified the user and the client: checks consent against the recorded grants, then signs the
// access token (scp = everything granted on the resource, §1.5.5), the ID token with `openid`, and a
// refresh token with `offline_access`.

export interface UserTokenRequest {
  tenant: TenantRecord;
  user: UserRecord;
  client: ApplicationRecord;
  clientSp: ServicePrincipalRecord;
  scope: ScopeRequest;
  /** The scopes were named in this request (refused with 65001 when not granted) rather than carried over. */
  explicit: boolean;
  appidacr: Appidacr;
  origin: string;
  amr: string[];
  nonce?: string;
  clientInfo: boolean;
  /** Refresh-token family: SPA (fixed 24 h), first issue time, fixed deadline to carry over. */
  family: { spa: boolean; issuedAt: number; authTime: number; fixedExpiresAt?: number; oboAssertionHash?: string; /** The sign-in passed MFA (Conditional Access): refreshes keep it. */ mfa?: boolean };
  /** The `scope` string the refresh token remembers (original request). */
  refreshScope: string;
}

export interface TokenResponseBody {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  id_token?: string;
  client_info?: string;
  [k: string]: unknown;
}

type S = Pick<Services, 'stores' | 'catalog' | 'clock' | 'ids'>;

export async function issueUserTokens(s: S, keys: KeyRing, r: UserTokenRequest): Promise<TokenResponseBody> {
  const { tenant, user, client, clientSp, scope } = r;
  if (!user.accountEnabled) throw identityErrors.userDisabled();
  await checkAssignment(s, tenant.id, clientSp, user, client);

  const resourceSp = await resourceServicePrincipal(s, tenant.id, scope.resource);
  if (!resourceSp) throw identityErrors.resourceNotFound(scope.resource.audience, tenant.displayName);
  const granted = await grantedDelegatedScopes(s, tenant.id, clientSp.id, client.appId, scope.resource, resourceSp.id, user.id);
  const has = (v: string) => granted.some((g) => g.toLowerCase() === v.toLowerCase());

  // Consent (§1.7.1): explicitly naming a scope that is not granted is 65001; carried-over ones drop out.
  if (scope.kind === 'named') {
    const missing = scope.scopes.filter((v) => !has(v));
    if (missing.length && (r.explicit || missing.length === scope.scopes.length)) throw identityErrors.consentRequired(client.appId, client.displayName);
  } else if (scope.kind === 'default') {
    if (granted.length === 0) throw identityErrors.consentRequired(client.appId, client.displayName);
  } else if (granted.length === 0 && !(await hasAnyDelegatedGrant(s, tenant.id, clientSp.id, user.id))) {
    throw identityErrors.consentRequired(client.appId, client.displayName);
  }

  let scp = granted.filter((v) => v.toLowerCase() !== 'offline_access');
  if (scp.length === 0) scp = scope.oidc.filter((o) => o !== 'offline_access');
  const iat = s.clock.nowSeconds();
  const lifetime = delegatedLifetimeSeconds();
  const key = await keys.active(tenant.id);
  // Both signatures run on the thread pool at once, while the refresh token is stored.
  const accessP = signJwtAsync(
    key.accessTokenHeader,
    delegatedAccessClaims({ tenantId: tenant.id, user, client, appidacr: r.appidacr, resource: scope.resource, scp, iat, exp: iat + lifetime, amr: r.amr }),
    key.privateKey,
  );
  const idP = scope.openid
    ? signJwtAsync(key.idTokenHeader, idTokenClaims({ origin: r.origin, tenantId: tenant.id, user, clientAppId: client.appId, iat, nonce: r.nonce, email: scope.oidc.includes('email') }), key.privateKey)
    : undefined;
  // Awaited below; marked handled now so a store error in between cannot leave them unobserved.
  accessP.catch(() => undefined);
  idP?.catch(() => undefined);

  const body: TokenResponseBody = {
    token_type: 'Bearer',
    // Echo the request, not the grant: MSAL caches under this target (client-compat §1.5).
    scope: scope.requested.filter((t) => t.toLowerCase() !== 'offline_access').join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: '',
  };

  if (scope.offlineAccess) {
    const data: RefreshTokenData = {
      scope: r.refreshScope,
      spa: r.family.spa,
      issuedAt: r.family.issuedAt,
      authTime: r.family.authTime,
      clientInfo: r.clientInfo,
      confidential: r.appidacr !== '0',
      ...(r.family.oboAssertionHash ? { oboAssertionHash: r.family.oboAssertionHash } : {}),
      ...(r.family.mfa ? { mfa: true } : {}),
    };
    const rt = await issueRefreshToken(s, { tenantId: tenant.id, clientId: client.appId, userId: user.id, data, fixedExpiresAt: r.family.fixedExpiresAt });
    body.refresh_token = rt.token;
    if (r.family.spa) body.refresh_token_expires_in = Math.max(0, Math.floor((rt.expiresAt - s.clock.now()) / 1000));
  }
  body.access_token = await accessP;
  if (idP) body.id_token = await idP;
  if (r.clientInfo) body.client_info = clientInfo(user.id, tenant.id);
  return body;
}

/** appRoleAssignmentRequired on the client: the user (or a group they are directly in) needs an assignment (§1.8.1). */
async function checkAssignment(s: S, tenantId: string, clientSp: ServicePrincipalRecord, user: UserRecord, client: ApplicationRecord): Promise<void> {
  if (!clientSp.appRoleAssignmentRequired) return;
  const assigned = await s.stores.grants.listAppRoleAssignments(tenantId, { resourceId: clientSp.id });
  if (assigned.some((a) => a.principalId === user.id)) return;
  const groups = new Set(await s.stores.directory.listMemberOf(tenantId, user.id));
  if (assigned.some((a) => a.principalType === 'Group' && groups.has(a.principalId))) return;
  throw identityErrors.userNotAssigned(client.appId, client.displayName);
}
