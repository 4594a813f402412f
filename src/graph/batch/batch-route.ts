import type { FastifyInstance, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { BATCH_STEP_HEADER } from '../pipeline/compose.js';
import type { GraphContext } from '../pipeline/context.js';
import { parseBatchPayload, type BatchStep } from './batch-payload.js';

// POST /$batch. Every step is dispatched through the same Fastify app (app.inject), so it passes
// the whole Graph pipeline on its own: token, /me check, the route's catalog-driven permission
// check, resource rules and policies, throttling, audit. There is no path around a policy.
// Steps run when their dependsOn steps have finished, at most 4 at a time (Outlook takes at most
// 4 concurrent requests per mailbox, and batches send at most 4 at a time: doc §4.8.2). A step
// whose dependency failed gets 424 without running. Responses come back in request order.

const PARALLEL = 4;

/** Headers of a step's response that clients read, in Graph's casing (graph-client 3.0.7 reads "Content-Type"). */
const KEPT_HEADERS: Record<string, string> = {
  'content-type': 'Content-Type',
  location: 'Location',
  'retry-after': 'Retry-After',
  etag: 'ETag',
  'preference-applied': 'Preference-Applied',
  'odata-version': 'OData-Version',
};

export interface BatchStepResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export function registerBatch(app: FastifyInstance, ctx: GraphContext & { batchMarker: string }): void {
  app.post('/$batch', async (req) => {
    req.graph.template = '/$batch';
    req.graph.authorized = true; // the batch itself needs no permission; each step is authorized
    if (req.graph.inBatch) throw graphErrors.batchInvalid('A batch cannot contain another $batch request.');
    const steps = parseBatchPayload(req.body);
    const version = /^\/beta\//i.test(req.url) ? 'beta' : 'v1.0';
    const responses = await runSteps(steps, (step) => dispatch(app, ctx, req, version, step));
    return { responses };
  });
}

async function runSteps(steps: BatchStep[], run: (s: BatchStep) => Promise<BatchStepResponse>): Promise<BatchStepResponse[]> {
  const done = new Map<string, Promise<BatchStepResponse>>();
  let active = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (active >= PARALLEL) await new Promise<void>((r) => waiting.push(r));
    active++;
  };
  const free = () => {
    active--;
    waiting.shift()?.();
  };
  const start = (step: BatchStep): Promise<BatchStepResponse> => {
    let p = done.get(step.id);
    if (p) return p;
    p = (async () => {
      const deps = await Promise.all(step.dependsOn.map((id) => start(steps.find((s) => s.id === id)!)));
      if (deps.some((d) => d.status >= 400)) return failedDependency(step.id);
      await slot();
      try {
        return await run(step);
      } finally {
        free();
      }
    })();
    done.set(step.id, p);
    return p;
  };
  return Promise.all(steps.map(start));
}

async function dispatch(app: FastifyInstance, ctx: { batchMarker: string }, outer: FastifyRequest, version: string, step: BatchStep): Promise<BatchStepResponse> {
  const headers: Record<string, string> = { ...step.headers, [BATCH_STEP_HEADER]: ctx.batchMarker };
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  if (outer.headers.host) headers.host = outer.headers.host;
  if (outer.clientRequestId && !headers['client-request-id']) headers['client-request-id'] = outer.clientRequestId;
  const payload =
    step.body === undefined ? undefined : typeof step.body === 'string' && !/json/i.test(headers['content-type'] ?? '') ? Buffer.from(step.body, 'base64') : JSON.stringify(step.body);
  const res = await app.inject({ method: step.method as 'GET', url: `/${version}${step.url}`, headers, payload });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    const name = KEPT_HEADERS[k.toLowerCase()];
    if (name && v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  let body: unknown;
  if (res.payload.length > 0) {
    if (/json/i.test(String(res.headers['content-type'] ?? ''))) {
      try {
        body = JSON.parse(res.payload);
      } catch {
        body = res.payload;
      }
    } else body = res.rawPayload.toString('base64');
  }
  return body === undefined ? { id: step.id, status: res.statusCode, headers: out } : { id: step.id, status: res.statusCode, headers: out, body };
}

function failedDependency(id: string): BatchStepResponse {
  const e = graphErrors.batchDependencyFailed();
  return { id, status: e.status, headers: { 'Content-Type': 'application/json' }, body: { error: { code: e.code, message: e.message } } };
}
