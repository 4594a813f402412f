import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { Target } from './target.js';

// An unmodified @microsoft/microsoft-graph-client. In direct mode its base URL is tenantbox's, and
// tenantbox's host is a "custom host" so the SDK attaches the bearer token there too.

export function graphClient(t: Target, getAccessToken: () => Promise<string>): Client {
  const provider: AuthenticationProvider = { getAccessToken };
  return Client.initWithMiddleware({
    authProvider: provider,
    baseUrl: `${t.graphOrigin}/`,
    defaultVersion: 'v1.0',
    ...(t.mode === 'direct' && { customHosts: new Set([new URL(t.graphOrigin).hostname]) }),
  });
}

/** Every page of a Graph collection (follows @odata.nextLink). */
export async function allPages<T>(client: Client, first: { value: T[]; '@odata.nextLink'?: string }): Promise<T[]> {
  const out = [...first.value];
  let next = first['@odata.nextLink'];
  while (next) {
    const page = (await client.api(next).get()) as { value: T[]; '@odata.nextLink'?: string };
    out.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return out;
}
