import type { ApplicationRecord } from '../../store/types.js';

// Redirect URI matching, per entra-docs reply-url.md: exact and case-sensitive, except that for
// loopback URIs (localhost, 127.0.0.1) the port is ignored, because native apps listen on an
// ephemeral port. The platform the matching URI is registered under decides the app's behaviour:
// `spa` (PKCE required, cross-origin redemption, 24 h refresh tokens), `publicClient` (a public
// client: PKCE required, no secret) or `web` (a confidential client).

export type RedirectPlatform = 'web' | 'spa' | 'publicClient';

export interface RedirectMatch {
  /** The URI as the client sent it: responses go there, and the token request must repeat it. */
  uri: string;
  platform: RedirectPlatform;
}

// Entra checks SPA registrations first when a loopback URI is registered under several platforms
// with different ports; "the login server will pick one arbitrarily", so any fixed order is faithful.
const PLATFORMS: RedirectPlatform[] = ['spa', 'publicClient', 'web'];

export function matchRedirectUri(app: Pick<ApplicationRecord, 'redirectUris'>, requested: string): RedirectMatch | undefined {
  for (const platform of PLATFORMS) {
    for (const registered of app.redirectUris[platform]) {
      if (sameRedirectUri(registered, requested)) return { uri: requested, platform };
    }
  }
  return undefined;
}

export function sameRedirectUri(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b) return false;
  // Scheme and host are case-insensitive by URL rules; the path, query and everything after are not.
  // A URI without a path is the same as one with just "/" (Entra answers both at "…/").
  if (a.scheme !== b.scheme || a.host !== b.host || (a.rest || '/') !== (b.rest || '/')) return false;
  if (a.port === b.port) return true;
  return isLoopbackName(a.host);
}

/**
 * Where responses are sent: a URI registered without a path gets a trailing slash (reply-url.md:
 * "https://contoso.com is returned as https://contoso.com/"), for query and fragment modes.
 */
export function responseTarget(uri: string): string {
  const p = parse(uri);
  if (p && p.rest === '') return `${uri}/`;
  return uri;
}

export function isLoopbackName(host: string): boolean {
  // entra-docs: "The IPv6 loopback address ([::1]) is not currently supported."
  return host === 'localhost' || host === '127.0.0.1';
}

function parse(uri: string): { scheme: string; host: string; port: string; rest: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#:]*|\[[^\]]*\])(?::(\d*))?([/?#].*)?$/s.exec(uri);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const port = m[3] || (scheme === 'https' ? '443' : scheme === 'http' ? '80' : '');
  return { scheme, host: m[2]!.toLowerCase(), port, rest: m[4] ?? '' };
}
