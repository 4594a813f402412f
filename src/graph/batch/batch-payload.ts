import { graphErrors } from '../errors.js';

// JSON batching payload (graph-docs json-batching.md): `{requests:[{id, method, url, headers?,
// body?, dependsOn?}]}`, at most 20 requests, ids unique, `dependsOn` naming earlier-declared or
// later ids without cycles. Step URLs are relative to the version root ("/me"). The Graph JS
// client 3.0.7 sends "/v1.0/me" instead (a known bug; Graph answers 400 "Resource not found for
// the segment 'v1.0'"); tenantbox strips a leading /v1.0 or /beta leniently so unmodified apps
// on that client work (client-compat §2; documented in docs/graph.md).

export const MAX_BATCH_REQUESTS = 20;

export interface BatchStep {
  id: string;
  method: string;
  /** Relative to the version root, starting with '/'. */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function parseBatchPayload(body: unknown): BatchStep[] {
  if (body === undefined || body === null) throw graphErrors.emptyPayload();
  if (typeof body !== 'object' || !Array.isArray((body as { requests?: unknown }).requests)) {
    throw graphErrors.batchInvalid('The body must be an object with a "requests" array.');
  }
  const raw = (body as { requests: unknown[] }).requests;
  if (raw.length > MAX_BATCH_REQUESTS) throw graphErrors.batchTooManyRequests();
  if (raw.length === 0) throw graphErrors.batchInvalid('The "requests" array is empty.');

  const steps = raw.map((r, i) => parseStep(r, i));
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id)) throw graphErrors.batchInvalid(`Request id '${s.id}' is used more than once.`);
    ids.add(s.id);
  }
  for (const s of steps) {
    for (const dep of s.dependsOn) {
      if (!ids.has(dep)) throw graphErrors.batchInvalid(`Request '${s.id}' depends on '${dep}', which is not in the batch.`);
      if (dep === s.id) throw graphErrors.batchInvalid(`Request '${s.id}' depends on itself.`);
    }
  }
  assertAcyclic(steps);
  return steps;
}

function parseStep(r: unknown, index: number): BatchStep {
  if (typeof r !== 'object' || r === null) throw graphErrors.batchInvalid(`Request #${index + 1} is not an object.`);
  const o = r as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : '';
  if (!id) throw graphErrors.batchInvalid(`Request #${index + 1} has no "id".`);
  const method = typeof o.method === 'string' ? o.method.toUpperCase() : '';
  if (!METHODS.has(method)) throw graphErrors.batchInvalid(`Request '${id}' has an invalid "method".`);
  if (typeof o.url !== 'string' || o.url.trim() === '') throw graphErrors.batchInvalid(`Request '${id}' has no "url".`);
  const headers: Record<string, string> = {};
  if (o.headers !== undefined) {
    if (typeof o.headers !== 'object' || o.headers === null) throw graphErrors.batchInvalid(`Request '${id}' has invalid "headers".`);
    for (const [k, v] of Object.entries(o.headers)) headers[k.toLowerCase()] = String(v);
  }
  const dependsOn = o.dependsOn === undefined ? [] : o.dependsOn;
  if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string' || typeof d === 'number')) {
    throw graphErrors.batchInvalid(`Request '${id}' has an invalid "dependsOn".`);
  }
  if (o.body !== undefined && method !== 'GET' && method !== 'DELETE' && !headers['content-type']) {
    // Graph requires a Content-Type on steps that carry a body.
    throw graphErrors.batchInvalid(`Request '${id}' has a body but no Content-Type header.`);
  }
  return { id, method, url: normalizeStepUrl(o.url.trim(), id), headers, body: o.body, dependsOn: dependsOn.map(String) };
}

export function normalizeStepUrl(url: string, id: string): string {
  let u = url;
  if (/^https?:\/\//i.test(u)) throw graphErrors.batchInvalid(`Request '${id}' has an absolute "url"; batch URLs are relative to the version root, e.g. "/me".`);
  if (!u.startsWith('/')) u = `/${u}`;
  u = u.replace(/^\/(v1\.0|beta)(?=\/|\?|$)/i, '');
  return u === '' ? '/' : u;
}

function assertAcyclic(steps: BatchStep[]): void {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: BatchStep) => {
    const st = state.get(s.id);
    if (st === 'done') return;
    if (st === 'visiting') throw graphErrors.batchInvalid(`The "dependsOn" of request '${s.id}' forms a cycle.`);
    state.set(s.id, 'visiting');
    for (const d of s.dependsOn) visit(byId.get(d)!);
    state.set(s.id, 'done');
  };
  steps.forEach(visit);
}
