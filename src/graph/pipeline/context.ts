import type { Services } from '../../shared/services.js';
import type { TenantRecord } from '../../store/types.js';
import type { GraphPrincipal } from '../auth/principal.js';
import type { ResourceRuleRegistry } from '../auth/resource-rules.js';
import type { GraphTokenVerifier } from '../auth/token-verifier.js';
import type { OutlookThrottle } from '../throttle/outlook-throttle.js';

// What the Graph surface shares across requests (GraphContext) and what one request carries
// through the pipeline (GraphRequestState, as `req.graph`). Handlers read the principal from
// `req.graph`; `authorize()` fills in what the audit log records.

export interface GraphContext {
  s: Services;
  verifier: GraphTokenVerifier;
  rules: ResourceRuleRegistry;
  throttle: OutlookThrottle;
}

export interface GraphRequestState {
  ctx: GraphContext;
  /** Set by pipeline stage 1 (undefined only while the token is being read, or when it failed). */
  principal: GraphPrincipal | undefined;
  tenant: TenantRecord | undefined;
  /** Display name of the client service principal (for the audit log). */
  appDisplayName: string | null;
  /** The catalog template the permission check matched ("/users/{id}/calendarview"). */
  template: string | null;
  /** The permission that allowed the call. */
  permission: string | null;
  /** Permissions that would have allowed a refused call. */
  missing: string[];
  /** The resource policy that refused the call. */
  policy: string | null;
  /** True once `authorize()` ran (a test asserts every route calls it). */
  authorized: boolean;
  /** Releases a throttle slot when the response ends. */
  release: (() => void) | undefined;
  /** Dispatched by $batch (nested batches are refused). */
  inBatch: boolean;
  /** True once the request's audit record is queued (on send; on response for one never sent). */
  audited: boolean;
  /** The call's content narrowed what its endpoint accepts (AuditRecord.narrowed). */
  narrowed?: { reason: string; accepted: string[] };
}

declare module 'fastify' {
  interface FastifyRequest {
    graph: GraphRequestState;
  }
}

export function newRequestState(ctx: GraphContext, inBatch: boolean): GraphRequestState {
  return {
    ctx,
    principal: undefined,
    tenant: undefined,
    appDisplayName: null,
    template: null,
    permission: null,
    missing: [],
    policy: null,
    authorized: false,
    release: undefined,
    inBatch,
    audited: false,
  };
}
