// Where an example app sends its traffic, decided by its environment only:
//
//   direct     TENANTBOX_URL=https://127.0.0.1:PORT  -> authority and Graph base URL point at tenantbox
//   intercept  HTTPS_PROXY + NODE_EXTRA_CA_CERTS (+ the tenantbox/intercept preload in NODE_OPTIONS)
//              -> the app keeps login.microsoftonline.com, graph.microsoft.com and googleapis.com,
//                 and tenantbox answers for them (docs/intercept-mode.md)
//
// `eval "$(tenantbox env)"` sets both; EXAMPLE_MODE picks one explicitly. Without either the app
// refuses to start: it would otherwise talk to the real Microsoft 365.

export type Mode = 'direct' | 'intercept';

export interface Target {
  mode: Mode;
  /** Entra's origin: tenantbox's URL, or https://login.microsoftonline.com. */
  loginOrigin: string;
  /** Graph's origin (no version). */
  graphOrigin: string;
  /** Tenant id or verified domain the app signs in to. */
  tenant: string;
  /** tenantbox's own URL in direct mode. */
  tenantboxUrl?: string;
}

export function target(env: NodeJS.ProcessEnv = process.env): Target {
  const url = env.TENANTBOX_URL?.replace(/\/+$/, '');
  const wanted = env.EXAMPLE_MODE;
  if (wanted !== undefined && wanted !== 'direct' && wanted !== 'intercept') {
    throw new Error(`EXAMPLE_MODE is "${wanted}"; it takes direct or intercept.`);
  }
  const mode: Mode = (wanted as Mode | undefined) ?? (url ? 'direct' : 'intercept');
  const tenant = env.EXAMPLE_TENANT ?? 'contoso.test';
  if (mode === 'direct') {
    if (!url) throw new Error('EXAMPLE_MODE=direct needs TENANTBOX_URL (eval "$(tenantbox env)" sets it).');
    return { mode, loginOrigin: url, graphOrigin: url, tenant, tenantboxUrl: url };
  }
  if (!(env.HTTPS_PROXY || env.https_proxy)) {
    throw new Error(
      'Neither TENANTBOX_URL nor HTTPS_PROXY is set, so this app would talk to the real Microsoft 365 and Google. ' +
        'Start tenantbox (tenantbox up) and run: eval "$(tenantbox env)"',
    );
  }
  return { mode, loginOrigin: 'https://login.microsoftonline.com', graphOrigin: 'https://graph.microsoft.com', tenant };
}

/** The `auth` block of an MSAL configuration for this target. */
export function msalAuth(t: Target, clientId: string, clientSecret?: string) {
  return {
    clientId,
    authority: `${t.loginOrigin}/${t.tenant}`,
    // MSAL trusts only Microsoft's clouds unless told otherwise; tenantbox's host:port is named here.
    ...(t.mode === 'direct' && { knownAuthorities: [new URL(t.loginOrigin).host] }),
    ...(clientSecret && { clientSecret }),
  };
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set.`);
  return v;
}
