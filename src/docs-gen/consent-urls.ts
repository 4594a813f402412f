import { registrationOf } from '../manifest/load.js';
import type { Manifest, ManifestConnection, ManifestPermission } from '../manifest/types.js';

// The URLs an administrator or user opens to grant an app its permissions (Microsoft identity
// platform v2.0): one admin consent URL for the statically configured permissions (/.default),
// and per delegated context the /authorize URL that asks for exactly that context's scopes
// (incremental consent).

const LOGIN = 'https://login.microsoftonline.com';

export interface ConsentUrlOptions {
  /** Tenant id or domain, or organizations/common; default the placeholder {tenant}. */
  tenant?: string;
  loginHost?: string;
}

/** For the app's registration, or `conn`'s where that model is registered as an app of its own. */
export function adminConsentUrl(m: Manifest, o: ConsentUrlOptions = {}, conn?: ManifestConnection): string {
  const tenant = o.tenant ?? '{tenant}';
  const reg = registrationOf(m, conn);
  const params = [
    `client_id=${reg.appId ?? '{client-id}'}`,
    'scope=https://graph.microsoft.com/.default',
    `redirect_uri=${encodeURIComponent(reg.redirectUri ?? '{redirect-uri}')}`,
  ];
  return `${o.loginHost ?? LOGIN}/${tenant}/v2.0/adminconsent?${params.join('&')}`;
}

/** The scope value a delegated permission takes in an /authorize request. */
export function scopeValue(m: Manifest, p: ManifestPermission): string | undefined {
  switch (p.resource) {
    case 'graph':
      return p.name;
    case 'openid':
      return p.name;
    case 'api':
      return `api://${m.app.appId ?? '{client-id}'}/${p.name}`;
    case 'exchange':
      return `https://outlook.office365.com/${p.name}`;
    default:
      return undefined;
  }
}

export function incrementalConsentUrl(m: Manifest, conn: ManifestConnection, permissions: ManifestPermission[], o: ConsentUrlOptions = {}): string | undefined {
  if (conn.kind !== 'delegated-user' && conn.kind !== 'service-account') return undefined;
  const scopes = permissions.filter((p) => p.type === 'Delegated').map((p) => scopeValue(m, p)).filter((s): s is string => !!s);
  if (!scopes.length) return undefined;
  const tenant = o.tenant ?? '{tenant}';
  const reg = registrationOf(m, conn);
  const params = [
    `client_id=${reg.appId ?? '{client-id}'}`,
    'response_type=code',
    `redirect_uri=${encodeURIComponent(reg.redirectUri ?? '{redirect-uri}')}`,
    'response_mode=query',
    `scope=${scopes.map(encodeURIComponent).join('%20')}`,
  ];
  return `${o.loginHost ?? LOGIN}/${tenant}/oauth2/v2.0/authorize?${params.join('&')}`;
}
