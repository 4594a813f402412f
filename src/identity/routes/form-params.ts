import type { FastifyReply, FastifyRequest } from 'fastify';
import { identityErrors } from '../errors.js';

// The token and device-code endpoints take application/x-www-form-urlencoded only. Anything else
// (JSON, text, garbage) parses to no parameters, so the client hears what Entra says then: a missing
// `grant_type` (900144), never a 500. Duplicated parameters are refused (9000411).

/** Longest single parameter value accepted; a client assertion or an OBO assertion is a few KB. */
const MAX_PARAM_LENGTH = 64 * 1024;

export type RawForm = Record<string, string | string[]>;

export function parseForm(body: string, proto: object | null = null): RawForm {
  const out: RawForm = Object.create(proto);
  for (const [k, v] of new URLSearchParams(body)) {
    const have = out[k];
    if (have === undefined) out[k] = v;
    else out[k] = Array.isArray(have) ? [...have, v] : [have, v];
  }
  return out;
}

/** One string per parameter, or an IdentityError. Empty values count as absent. */
export function formParams(body: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!body || typeof body !== 'object' || !(body as { [FORM]?: true })[FORM]) return out;
  for (const [k, v] of Object.entries(body as RawForm)) {
    if (Array.isArray(v)) throw identityErrors.duplicateParameter(k.slice(0, 64));
    if (v.length > MAX_PARAM_LENGTH) throw identityErrors.malformedRequest(`The parameter '${k.slice(0, 64)}' is longer than ${MAX_PARAM_LENGTH} characters.`);
    if (v !== '') out[k] = v;
  }
  return out;
}

/** Marks bodies that really were form posts (JSON objects must not pass for parameters). */
export const FORM = Symbol('form');

export function markForm(form: RawForm): RawForm {
  Object.defineProperty(form, FORM, { value: true, enumerable: false });
  return form;
}

// parseForm + markForm in one step: the form inherits FORM from a shared prototype (itself without
// Object.prototype, so `__proto__` or `constructor` stay plain keys) instead of a defineProperty on
// every request. Object.entries still sees only the parameters.
const MARKED: object = Object.create(null, { [FORM]: { value: true, enumerable: false } });
export const parseMarkedForm = (body: string): RawForm => parseForm(body, MARKED);

/** `Access-Control-Allow-Origin: *` (no credentials are ever used) and no caching, on every answer. */
export function corsNoStore(reply: FastifyReply): void {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', 'no-store, no-cache');
  reply.header('pragma', 'no-cache');
}

export function cors(reply: FastifyReply): void {
  reply.header('access-control-allow-origin', '*');
}

export function preflight(req: FastifyRequest, reply: FastifyReply) {
  cors(reply);
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  const asked = req.headers['access-control-request-headers'];
  reply.header('access-control-allow-headers', typeof asked === 'string' && asked ? asked : 'content-type, client-request-id, x-anchormailbox');
  reply.header('access-control-max-age', '86400');
  return reply.code(204).send();
}

/**
 * MSAL sends `client-request-id` in the token URL's query string (and for some grants in the body),
 * not as a header: adopt it as the correlation id Entra would echo.
 */
export function adoptClientRequestId(req: FastifyRequest, reply: FastifyReply, params: Record<string, string>): void {
  if (req.clientRequestId) return;
  const q = (req.query as Record<string, unknown> | undefined)?.['client-request-id'];
  const id = typeof q === 'string' ? q : params['client-request-id'];
  if (id && id.length <= 128) {
    req.clientRequestId = id;
    reply.header('client-request-id', id);
  }
}
