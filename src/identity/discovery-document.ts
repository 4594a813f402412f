// The metadata documents Entra serves, built for the origin the client used (tenantbox's own
// https://127.0.0.1:PORT, or https://login.microsoftonline.com in intercept mode), so every URL in
// them points back at the same place and issuers compare equal (MSAL 16's issuer rule, openid-client's
// exact issuer match; client-compat §1.2, §6). Field lists follow Entra's live documents.

export const MICROSOFT_LOGIN_ORIGIN = 'https://login.microsoftonline.com';
export const GRAPH_ORIGIN = 'https://graph.microsoft.com';

/** common / organizations / consumers: Entra's multi-tenant aliases. */
export const TENANT_ALIASES = ['common', 'organizations', 'consumers'] as const;
export type TenantAlias = (typeof TENANT_ALIASES)[number];
export const isTenantAlias = (seg: string): seg is TenantAlias => (TENANT_ALIASES as readonly string[]).includes(seg.toLowerCase());

/** The v2 issuer for a tenant id, or Entra's `{tenantid}` template for an alias. */
export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${isTenantAlias(tenantId) ? '{tenantid}' : tenantId}/v2.0`;
}

/** Issuer of v1 access tokens (what Graph receives), whatever origin the client used. */
export const v1Issuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

/** userinfo lives on Graph; through the proxy that is graph.microsoft.com, else our own origin. */
function userinfoEndpoint(origin: string): string {
  return origin === MICROSOFT_LOGIN_ORIGIN ? `${GRAPH_ORIGIN}/oidc/userinfo` : `${origin}/oidc/userinfo`;
}

const CLAIMS_V2 = ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'];
const CLAIMS_V1 = ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'];

/** `/{tenant}/v2.0/.well-known/openid-configuration`. `tenant` is a tenant id or an alias. */
export function openIdConfiguration(origin: string, tenant: string) {
  const t = isTenantAlias(tenant) ? tenant.toLowerCase() : tenant;
  const base = `${origin}/${t}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer(origin, t),
    request_uri_parameter_supported: false,
    userinfo_endpoint: userinfoEndpoint(origin),
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: CLAIMS_V2,
    kerberos_endpoint: `${base}/kerberos`,
    // Entra leaves this out; openid-client's supportsPKCE() reads it, so sample code picks PKCE (client-compat §6).
    code_challenge_methods_supported: ['S256', 'plain'],
    tenant_region_scope: isTenantAlias(t) ? null : 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** `/{tenant}/.well-known/openid-configuration` (v1 endpoints, issuer sts.windows.net). */
export function openIdConfigurationV1(origin: string, tenant: string) {
  const t = isTenantAlias(tenant) ? tenant.toLowerCase() : tenant;
  const base = `${origin}/${t}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: `https://sts.windows.net/${isTenantAlias(t) ? '{tenantid}' : t}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: CLAIMS_V1,
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: isTenantAlias(t) ? null : 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * `/common/discovery/instance?api-version=1.1&authorization_endpoint=…`. On Microsoft's own host this
 * is Entra's answer (public cloud aliases, so MSAL's cache environment is the one it would be against
 * Entra); on tenantbox's origin the only alias is our host:port.
 */
export function instanceDiscovery(origin: string, authorizationEndpoint: string | undefined) {
  const host = new URL(origin).host;
  const tenant = tenantFromAuthorizeUrl(authorizationEndpoint) ?? 'common';
  const metadata =
    origin === MICROSOFT_LOGIN_ORIGIN
      ? [
          { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] },
          { preferred_network: 'login.partner.microsoftonline.cn', preferred_cache: 'login.partner.microsoftonline.cn', aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'] },
          { preferred_network: 'login.microsoftonline.us', preferred_cache: 'login.microsoftonline.us', aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'] },
          { preferred_network: 'login-us.microsoftonline.com', preferred_cache: 'login-us.microsoftonline.com', aliases: ['login-us.microsoftonline.com'] },
        ]
      : [{ preferred_network: host, preferred_cache: host, aliases: [host] }];
  return {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata,
  };
}

function tenantFromAuthorizeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const seg = new URL(url).pathname.split('/').filter(Boolean)[0];
    return seg && /^[\w.-]+$/.test(seg) ? seg : undefined;
  } catch {
    return undefined;
  }
}
