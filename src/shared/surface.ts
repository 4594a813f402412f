// Which emulated service a request is for. On tenantbox's own origin the path decides; through the
// intercepting proxy the Host header decides first (graph.microsoft.com only serves Graph, and so on),
// so an app that believes it talks to Microsoft or Google sees only that service.

export type Surface = 'identity' | 'graph' | 'google' | 'admin' | 'pages';

const HOST_SURFACE: Record<string, Surface> = {
  'login.microsoftonline.com': 'identity',
  'graph.microsoft.com': 'graph',
  'oauth2.googleapis.com': 'google',
  'www.googleapis.com': 'google',
  'admin.googleapis.com': 'google',
};

export function hostSurface(hostHeader: string | undefined): Surface | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return HOST_SURFACE[host];
}

export function pathSurface(path: string): Surface {
  if (path.startsWith('/_tenantbox/') || path === '/_tenantbox') return 'admin';
  // /oidc/userinfo is Graph's (the UserInfo endpoint), not the identity platform's.
  if (/^\/(v1\.0|beta)(\/|$|\?)/i.test(path) || /^\/\$batch/i.test(path) || /^\/oidc\//i.test(path)) return 'graph';
  if (path.startsWith('/token') || path.startsWith('/calendar/v3') || path.startsWith('/admin/directory/v1') || path.startsWith('/o/oauth2') || path.startsWith('/tokeninfo') || path.startsWith('/oauth2/v') || path.startsWith('/google/')) return 'google';
  if (path === '/' || path.startsWith('/_pages/') || path.startsWith('/favicon')) return 'pages';
  return 'identity';
}

/** The surface that answers this request: the intercepted host if any, else the path. */
export function surfaceOf(hostHeader: string | undefined, path: string): Surface {
  return hostSurface(hostHeader) ?? pathSurface(path);
}

/**
 * The origin clients see for this request: `https://login.microsoftonline.com` in intercept mode,
 * otherwise tenantbox's own `https://127.0.0.1:PORT` (or `localhost:PORT`, as the client addressed it).
 * Issuers and endpoint URLs in discovery documents are built from it, so they match what the client used.
 */
export function publicOrigin(hostHeader: string | undefined, fallback: string): string {
  if (!hostHeader) return fallback;
  return `https://${hostHeader.toLowerCase()}`;
}
