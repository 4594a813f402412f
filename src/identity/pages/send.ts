import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestInfo } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import type { TraceInfo } from './message-pages.js';

// Small helpers every page route uses: sending a page with the headers a sign-in page needs, reading
// a form body, and the ids shown in troubleshooting details.

export function sendPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    // Sign-in pages must never be framed by another site (clickjacking of the consent button).
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "frame-ancestors 'none'")
    .send(html);
}

/** Form fields as single strings; a repeated field keeps its last value (the clicked button). */
export function formBody(req: FastifyRequest): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') out[k] = last;
  }
  return out;
}

/** What IdentityError needs to render trace lines; the authorize `client-request-id` is the correlation id. */
export function requestInfoOf(s: Services, req: FastifyRequest, correlationId?: string): RequestInfo {
  return { requestId: req.requestId, clientRequestId: req.clientRequestId ?? correlationId, now: s.clock.nowDate(), accept: req.headers.accept };
}

export function traceOf(info: RequestInfo): TraceInfo {
  return { requestId: info.requestId, correlationId: info.clientRequestId ?? info.requestId, now: info.now };
}
