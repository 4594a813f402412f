import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { GoogleContext } from './context.js';
import { googleErrors } from './errors.js';
import { authorizeApi } from './pipeline.js';

// Small pieces every Google API route uses: registration with its catalog method id (so the
// pipeline checks credentials and scopes first), query parameters, and page tokens.

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Catalog method ids that have a route (filled as routes register; the scope table test reads it). */
export const EMULATED_METHODS = new Set<string>();

/** Registers an API route that `authorizeApi` guards with the scopes of `methodId` from the catalog. */
export function apiRoute(app: FastifyInstance, g: GoogleContext, methodId: string, method: HTTPMethods, url: string, handler: Handler): void {
  if (!g.catalog.method(methodId)) throw new Error(`tenantbox: Google route ${method} ${url} names ${methodId}, which the catalog does not have`);
  EMULATED_METHODS.add(methodId);
  app.route({
    method,
    url,
    config: { googleMethod: methodId },
    preHandler: async (req) => authorizeApi(g, req, methodId),
    handler,
  });
}

export type Query = Record<string, string | string[] | undefined>;

export const query = (req: FastifyRequest): Query => (req.query ?? {}) as Query;
export const params = (req: FastifyRequest): Record<string, string> => req.params as Record<string, string>;

export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/**
 * A boolean query parameter: absent is false; "true"/"false" (any case); anything else, an empty
 * value included, is refused before the method runs, as Google's front end refuses it.
 */
export function bool(q: Query, name: string): boolean {
  const v = str(q, name);
  if (v === undefined) return false;
  const l = v.toLowerCase();
  if (l === 'true' || l === 'false') return l === 'true';
  throw googleErrors.invalidBoolean(name, v);
}

/** Checks boolean parameters a method declares but tenantbox does not act on (alwaysIncludeEmail...). */
export function checkBools(q: Query, ...names: string[]): void {
  for (const n of names) bool(q, n);
}

const INT32_MAX = 2_147_483_647;

/**
 * An int32 query parameter whose discovery entry has only a minimum (Calendar's maxResults,
 * maxAttendees): below it is refused; above the page-size cap the method documents ("can never be
 * larger than 2500") the server answers at most `cap` items rather than refusing.
 */
export function int(q: Query, name: string, dflt: number, min: number, cap: number): number {
  return intOrUndefined(q, name, min, cap) ?? dflt;
}

export function intOrUndefined(q: Query, name: string, min: number, cap = INT32_MAX): number | undefined {
  const v = str(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw googleErrors.invalid(`Invalid value for: ${name}`);
  const n = Number(v);
  if (n < min || n > INT32_MAX) throw googleErrors.outOfRange(name, v, min, INT32_MAX);
  return Math.min(n, cap);
}

/** An int32 query parameter whose discovery entry has a minimum and a maximum (Admin SDK maxResults): outside is refused. */
export function rangedInt(q: Query, name: string, dflt: number, min: number, max: number): number {
  const v = str(q, name);
  if (v === undefined || v === '') return dflt;
  if (!/^-?\d+$/.test(v)) throw googleErrors.invalid(`Invalid value for: ${name}`);
  const n = Number(v);
  if (n < min || n > max) throw googleErrors.outOfRange(name, v, min, max);
  return n;
}

/** A JSON request body (an object), or 400. */
export function jsonBody(req: FastifyRequest): Record<string, any> {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw googleErrors.badRequest('Bad Request: the request body must be a JSON object');
  return b as Record<string, any>;
}

interface PageState {
  o: number; // offset
  f: string; // fingerprint of the query the token belongs to
  s?: number; // change-sequence snapshot (events)
}

/** A fingerprint of the query parameters that shape a listing (page tokens are valid only for the same query). */
export function fingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function readPageToken(token: string | undefined, fp: string): PageState | undefined {
  if (!token) return undefined;
  try {
    const st = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageState;
    if (typeof st.o === 'number' && st.f === fp) return st;
  } catch {
    // fall through
  }
  throw googleErrors.invalid('Invalid page token value.');
}

export function page<T>(items: readonly T[], max: number, token: PageState | undefined, fp: string, snapshot?: number): { items: T[]; nextPageToken?: string } {
  const offset = token?.o ?? 0;
  const slice = items.slice(offset, offset + max);
  if (offset + max >= items.length) return { items: slice };
  const next: PageState = { o: offset + max, f: fp, ...(snapshot !== undefined ? { s: snapshot } : {}) };
  return { items: slice, nextPageToken: Buffer.from(JSON.stringify(next)).toString('base64url') };
}

export const etagOf = (n: number | string) => `"${String(n).padStart(16, '0')}"`;
