import type { FastifyInstance } from 'fastify';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';

// GET /_tenantbox/audit: the audit log as JSON lines (one record per line, oldest first), filtered
// by app (appId), tenant (id), time (since inclusive, until exclusive; ISO 8601) and sequence
// (after=<seq>, what `tenantbox log --follow` polls with). Each record says who called what, under
// which permission, what was missing or which policy refused it, and the status.

interface AuditQuery {
  app?: string;
  tenant?: string;
  since?: string;
  until?: string;
  after?: string;
  limit?: string;
}

export const AUDIT_MAX_LIMIT = 10_000;

export function registerAudit(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: AuditQuery }>('/audit', async (req, reply) => {
    const q = req.query;
    const time = (name: 'since' | 'until') => {
      const v = q[name];
      if (v === undefined) return undefined;
      if (Number.isNaN(Date.parse(v))) throw adminErrors.badRequest(`${name}="${v}" is not an ISO 8601 instant (e.g. 2026-01-31T09:00:00Z).`);
      return new Date(Date.parse(v)).toISOString();
    };
    const int = (name: 'after' | 'limit', min: number, max: number) => {
      const v = q[name];
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw adminErrors.badRequest(`${name}="${v}" must be an integer from ${min} to ${max}.`);
      return n;
    };
    const records = await s.stores.audit.query({
      appId: q.app,
      tenantId: q.tenant,
      since: time('since'),
      until: time('until'),
      afterSeq: int('after', 0, Number.MAX_SAFE_INTEGER),
      limit: int('limit', 1, AUDIT_MAX_LIMIT) ?? 1000,
    });
    reply.type('application/x-ndjson; charset=utf-8');
    return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  });
}
