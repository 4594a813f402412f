import { isIdentityTraffic, type Observation, type ObservationSet } from './observations.js';

// HAR 1.2 (browser dev tools, Fiddler, Charles, mitmproxy, Dev Proxy's HarGeneratorPlugin): each
// entry becomes an observation when it is a Microsoft Graph or Google Workspace API call. The
// scheme and permissions come from the bearer token when it is a JWT (Entra access tokens are:
// `scp` = delegated, `roles` = application); Google's opaque tokens leave them unknown. A Graph
// JSON batch ($batch) is expanded into its steps when the request body was recorded. Nothing in a
// HAR aborts the report: entries that cannot be read are counted under `skipped`.

interface HarHeader {
  name: string;
  value: string;
}
interface HarEntry {
  startedDateTime?: string;
  request?: { method?: string; url?: string; headers?: HarHeader[]; postData?: { text?: string } };
  response?: { status?: number; content?: { text?: string; encoding?: string } };
}

const GRAPH_HOSTS = /^(graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn|canary\.graph\.microsoft\.com)$/i;
const IDENTITY_HOSTS = /^(login\.microsoftonline\.com|login\.microsoft\.com|login\.windows\.net|oauth2\.googleapis\.com|accounts\.google\.com)$/i;

export function parseHar(text: string): ObservationSet {
  let har: { log?: { entries?: HarEntry[] } };
  try {
    har = JSON.parse(text);
  } catch (err) {
    throw new Error(`not a HAR file: ${(err as Error).message}`);
  }
  const entries = har?.log?.entries;
  if (!Array.isArray(entries)) throw new Error('not a HAR file: no log.entries list');
  const observations: Observation[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);

  for (const e of entries) {
    const method = e?.request?.method;
    const rawUrl = e?.request?.url;
    if (typeof method !== 'string' || typeof rawUrl !== 'string') {
      skip('entries without a method or URL');
      continue;
    }
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      skip('entries with an unreadable URL');
      continue;
    }
    const service = serviceOf(url);
    if (service === 'identity' || (service === 'google' && isIdentityTraffic({ service, path: url.pathname }))) {
      skip('sign-in and token requests');
      continue;
    }
    if (!service) {
      skip('requests to other hosts');
      continue;
    }
    const token = tokenClaims(header(e.request?.headers, 'authorization'));
    const status = typeof e.response?.status === 'number' ? e.response.status : 0;
    const base: Omit<Observation, 'method' | 'path' | 'status'> = {
      service,
      scheme: token?.scheme ?? null,
      granted: token?.granted ?? null,
      userId: token?.userId ?? null,
      appId: token?.appId ?? null,
      missing: [],
      policy: null,
      ...(e.startedDateTime && { time: e.startedDateTime }),
    };
    if (service === 'graph' && method.toUpperCase() === 'POST' && /^\/(v1\.0|beta)\/\$batch\/?$/i.test(url.pathname)) {
      const steps = batchSteps(e, url);
      if (steps) {
        for (const s of steps) observations.push({ ...base, ...s });
        continue;
      }
      skip('$batch requests without a recorded body');
      continue;
    }
    observations.push({ ...base, method: method.toUpperCase(), path: url.pathname + url.search, status });
  }
  return { observations, skipped };
}

function serviceOf(url: URL): Observation['service'] | 'identity' | undefined {
  const host = url.hostname;
  if (IDENTITY_HOSTS.test(host)) return 'identity';
  if (GRAPH_HOSTS.test(host)) return 'graph';
  if (/(^|\.)googleapis\.com$/i.test(host)) return 'google';
  // Traffic recorded against tenantbox itself (native mode): tell the services apart by path.
  if (/^\/(v1\.0|beta)\//i.test(url.pathname)) return 'graph';
  if (/^\/(calendar\/v3|admin\/directory\/v1)\//.test(url.pathname)) return 'google';
  if (/\/oauth2\/|\/token$/.test(url.pathname)) return 'identity';
  return undefined;
}

function header(headers: HarHeader[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h?.name?.toLowerCase() === name)?.value;
}

interface TokenFacts {
  scheme: Observation['scheme'];
  granted: string[] | null;
  userId: string | null;
  appId: string | null;
}

/** Claims of a bearer JWT, without verifying it (the analyzer reads what the app was given). */
export function tokenClaims(authorization: string | undefined): TokenFacts | undefined {
  const m = /^bearer\s+(\S+)/i.exec(authorization ?? '');
  if (!m) return undefined;
  const parts = m[1].split('.');
  if (parts.length !== 3) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : null;
  if (typeof claims.scp === 'string') {
    return { scheme: 'delegated', granted: claims.scp.split(' ').filter(Boolean), userId: typeof claims.oid === 'string' ? claims.oid : null, appId };
  }
  if (Array.isArray(claims.roles) || claims.idtyp === 'app') {
    return { scheme: 'application', granted: Array.isArray(claims.roles) ? claims.roles.map(String) : [], userId: null, appId };
  }
  return { scheme: null, granted: null, userId: null, appId };
}

// A recorded JSON batch: { requests: [{ id, method, url }] } with responses { responses: [{ id, status }] }.
function batchSteps(e: HarEntry, url: URL): Pick<Observation, 'method' | 'path' | 'status'>[] | undefined {
  let body: { requests?: { id?: string; method?: string; url?: string }[] };
  try {
    body = JSON.parse(e.request?.postData?.text ?? '');
  } catch {
    return undefined;
  }
  if (!Array.isArray(body?.requests)) return undefined;
  const statuses = new Map<string, number>();
  try {
    const content = e.response?.content;
    const text = content?.encoding === 'base64' ? Buffer.from(content.text ?? '', 'base64').toString('utf8') : content?.text;
    const res = JSON.parse(text ?? '') as { responses?: { id?: string; status?: number }[] };
    for (const r of res.responses ?? []) if (r?.id !== undefined && typeof r.status === 'number') statuses.set(String(r.id), r.status);
  } catch {
    // Steps without a recorded response keep status 0 (unknown).
  }
  const version = url.pathname.split('/')[1];
  return body.requests
    .filter((r) => typeof r?.method === 'string' && typeof r?.url === 'string')
    .map((r) => ({
      method: r.method!.toUpperCase(),
      path: `/${version}${r.url!.startsWith('/') ? '' : '/'}${r.url}`,
      status: statuses.get(String(r.id)) ?? 0,
    }));
}
