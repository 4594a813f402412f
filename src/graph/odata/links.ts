import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { rawQuery } from './query-options.js';

// Absolute links Graph puts in responses: `@odata.context` (the metadata URL of what was returned)
// and `@odata.nextLink` / `@odata.deltaLink`. Both SDKs follow links verbatim and the Graph JS
// client requires https://host/<version>/... (client-compat §2, §4), so links are built from the
// origin the client used (req.origin: graph.microsoft.com in intercept mode) and the request's
// own version prefix.

export function graphVersion(req: FastifyRequest): 'v1.0' | 'beta' {
  return /^\/beta(\/|$|\?)/i.test(req.url) ? 'beta' : 'v1.0';
}

export function metadataUrl(req: FastifyRequest, fragment: string): string {
  return `${req.origin}/${graphVersion(req)}/$metadata#${fragment}`;
}

/** `#users`, `#users(displayName,mail)`. */
export function collectionContext(req: FastifyRequest, entitySet: string, select?: readonly string[]): string {
  return metadataUrl(req, select?.length ? `${entitySet}(${select.join(',')})` : entitySet);
}

/** `#users/$entity`, `#users(displayName)/$entity`. */
export function entityContext(req: FastifyRequest, entitySet: string, select?: readonly string[]): string {
  return metadataUrl(req, `${select?.length ? `${entitySet}(${select.join(',')})` : entitySet}/$entity`);
}

/** The same request with some query parameters replaced (others kept in order). */
export function selfLink(req: FastifyRequest, replace: Record<string, string | undefined>): string {
  const path = req.url.split('?')[0]!;
  const keys = new Set(Object.keys(replace).map((k) => k.toLowerCase()));
  const params = rawQuery(req.url).filter(([k]) => !keys.has(k.toLowerCase()));
  for (const [k, v] of Object.entries(replace)) if (v !== undefined) params.push([k, v]);
  const qs = params.map(([k, v]) => `${encodeKey(k)}=${encodeURIComponent(v)}`).join('&');
  return `${req.origin}${path}${qs ? `?${qs}` : ''}`;
}

function encodeKey(k: string): string {
  return k.startsWith('$') ? `$${encodeURIComponent(k.slice(1))}` : encodeURIComponent(k);
}

// $skiptoken: the offset of the next page plus a fingerprint of the query it belongs to, so a token
// replayed with a different filter or order is refused rather than silently misapplied.

export function encodeSkipToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

export function decodeSkipToken(token: string, fingerprint: string): number {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.f === fingerprint) return v.o;
  } catch {
    // fall through
  }
  throw graphErrors.invalidSkipToken();
}

export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}
