import { openIdConfiguration } from '../identity/discovery-document.js';
import type { Tenantbox } from '../server.js';

export interface MsalConfigOptions {
  appId: string;
  /** Tenant id or domain; default: the first tenant. */
  tenant?: string;
  clientSecret?: string;
  clientCertificate?: { thumbprintSha256?: string; thumbprint?: string; privateKey: string; x5c?: string };
  redirectUri?: string;
}

/**
 * A ready MSAL configuration (msal-node or msal-browser `auth` block) for an app in a running
 * tenantbox. `knownAuthorities` skips instance discovery and `authorityMetadata` skips the
 * openid-configuration fetch, so MSAL never tries to reach Microsoft (client-compat §1.2).
 */
export function msalConfigFor(tb: Pick<Tenantbox, 'url' | 'tenants'>, o: MsalConfigOptions) {
  const wanted = o.tenant?.toLowerCase();
  const tenant = wanted ? tb.tenants.find((t) => t.id === wanted || t.domain === wanted) : tb.tenants[0];
  if (!tenant) throw new Error(`No tenant "${o.tenant}" in this tenantbox (tenants: ${tb.tenants.map((t) => t.domain).join(', ')})`);
  const host = new URL(tb.url).host;
  return {
    auth: {
      clientId: o.appId,
      authority: `${tb.url}/${tenant.id}`,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(openIdConfiguration(tb.url, tenant.id)),
      ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
      ...(o.clientCertificate ? { clientCertificate: o.clientCertificate } : {}),
      ...(o.redirectUri ? { redirectUri: o.redirectUri } : {}),
    },
  };
}
