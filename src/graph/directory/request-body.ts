import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';

// Request-body helpers shared by the directory routes: Graph's answers for a missing or non-object
// payload, typed property reads that refuse wrong types with the directory's message, and the
// `{"@odata.id": ".../directoryObjects/{id}"}` reference bodies of `$ref` operations.

export type Body = Record<string, unknown>;

export function requireBody(req: FastifyRequest): Body {
  const b = req.body;
  if (b === undefined || b === null) throw graphErrors.emptyPayload();
  if (typeof b !== 'object' || Array.isArray(b)) throw graphErrors.badRequest('The request body must be a JSON object.');
  return b as Body;
}

export function str(body: Body, prop: string, resource: string, opts: { required?: boolean; nullable: true }): string | null | undefined;
export function str(body: Body, prop: string, resource: string, opts?: { required?: boolean; nullable?: false }): string | undefined;
export function str(body: Body, prop: string, resource: string, opts: { required?: boolean; nullable?: boolean } = {}): string | null | undefined {
  const v = body[prop];
  if (v === undefined) {
    if (opts.required) throw graphErrors.requiredProperty(prop, resource);
    return undefined;
  }
  if (v === null && opts.nullable) return null;
  if (typeof v !== 'string' || (opts.required && v.trim() === '')) {
    if (opts.required && (v === null || v === '')) throw graphErrors.requiredProperty(prop, resource);
    throw graphErrors.invalidProperty(prop, resource);
  }
  return v;
}

export function bool(body: Body, prop: string, resource: string, opts: { required?: boolean } = {}): boolean | undefined {
  const v = body[prop];
  if (v === undefined) {
    if (opts.required) throw graphErrors.requiredProperty(prop, resource);
    return undefined;
  }
  if (typeof v !== 'boolean') throw graphErrors.invalidProperty(prop, resource);
  return v;
}

export function strArray(body: Body, prop: string, resource: string): string[] | undefined {
  const v = body[prop];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw graphErrors.invalidProperty(prop, resource);
  return v as string[];
}

/** Properties of the body that this route does not know how to change: refused by name, never dropped. */
export function rejectUnknown(body: Body, known: readonly string[], resource: string): void {
  const allowed = new Set(known.map((k) => k.toLowerCase()));
  for (const k of Object.keys(body)) {
    if (k.startsWith('@odata.')) continue;
    if (!allowed.has(k.toLowerCase())) throw graphErrors.notImplemented(`setting property '${k}' of resource '${resource}'`);
  }
}

/** The object id a `$ref` body points at: `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`. */
export function referencedId(req: FastifyRequest): string {
  const body = requireBody(req);
  const ref = body['@odata.id'];
  if (typeof ref !== 'string' || ref.trim() === '') throw graphErrors.requiredProperty('@odata.id', 'Reference');
  const m = /\/([^/()]+)(?:\(\))?\/?$/.exec(ref.trim()) ?? /\('([^']+)'\)\/?$/.exec(ref.trim());
  if (!m) throw graphErrors.directoryBadRequest(`Invalid object identifier '${ref}'.`);
  return decodeURIComponent(m[1]!);
}
