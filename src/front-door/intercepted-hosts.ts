// The real hostnames that intercept (HTTPS proxy) mode answers for, and which tenantbox surface
// each one stands for. Anything else that reaches the proxy is refused, never forwarded.

export type InterceptedService = 'entra' | 'graph' | 'google-oauth' | 'google-apis' | 'google-admin';

const SERVICES: ReadonlyMap<string, InterceptedService> = new Map([
  ['login.microsoftonline.com', 'entra'],
  ['graph.microsoft.com', 'graph'],
  ['oauth2.googleapis.com', 'google-oauth'],
  ['www.googleapis.com', 'google-apis'],
  ['admin.googleapis.com', 'google-admin'],
]);

export const INTERCEPTED_HOSTS: readonly string[] = Object.freeze([...SERVICES.keys()]);

// `host` is a Host header or a CONNECT authority: it may carry a port, a trailing dot, or capitals.
export function interceptedService(host: string): InterceptedService | undefined {
  return SERVICES.get(splitHostPort(host).host);
}

// Splits "name:port", "[v6]:port", "name" or a bare IPv6 address; lower-cases the name and drops a
// trailing root dot. `port` is undefined when none was given (or it is not a number).
export function splitHostPort(authority: string): { host: string; port: number | undefined } {
  let host = authority.trim();
  let portText: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end > 0) {
      portText = host.slice(end + 1).startsWith(':') ? host.slice(end + 2) : undefined;
      host = host.slice(1, end);
    }
  } else if (host.indexOf(':') === host.lastIndexOf(':') && host.includes(':')) {
    portText = host.slice(host.indexOf(':') + 1);
    host = host.slice(0, host.indexOf(':'));
  }
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  return { host: host.toLowerCase().replace(/\.$/, ''), port };
}
