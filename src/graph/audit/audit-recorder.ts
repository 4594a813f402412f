import type { FastifyRequest } from 'fastify';
import type { AuditRecord } from '../../store/types.js';

// One audit record per Graph request (batch steps included, each on its own), written when the
// response ends: who (tenant, app, user, scheme, the permissions the token held), what (method,
// path, the catalog template), the decision (the permission that allowed it, or the ones that
// were missing, or the policy that refused it) and the status. The least-privilege analyzer reads
// these; `GET /_tenantbox/audit` and `tenantbox log` show them.

export function auditRecordOf(req: FastifyRequest, status: number, now: Date): AuditRecord {
  const g = req.graph;
  const p = g?.principal;
  const q = req.url.indexOf('?');
  return {
    time: now.toISOString(),
    service: 'graph',
    tenantId: p?.tenantId ?? null,
    appId: p?.appId ?? null,
    appDisplayName: g?.appDisplayName ?? null,
    userId: p?.userId ?? null,
    scheme: p?.scheme ?? null,
    method: req.method,
    path: q < 0 ? req.url : req.url.slice(0, q),
    template: g?.template ?? null,
    permission: g?.permission ?? null,
    missing: g?.missing ?? [],
    policy: g?.policy ?? null,
    status,
    requestId: req.requestId,
    granted: p ? [...p.granted] : [],
    ...(g?.narrowed && { narrowed: g.narrowed }),
  };
}
