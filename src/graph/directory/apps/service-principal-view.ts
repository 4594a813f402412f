import type { FastifyRequest } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';
import { servicePrincipalSpec, toGraphServicePrincipal } from '../shapes/app-shape.js';

// A service principal as Graph shows it needs its application (for exposed scopes and reply URLs).
export async function servicePrincipalView(req: FastifyRequest, sp: ServicePrincipalRecord): Promise<Resource> {
  const { s } = req.graph.ctx;
  return toGraphServicePrincipal(sp, await s.stores.apps.findApplicationByAppId(sp.appId), s.catalog);
}

let spec: CollectionSpec | undefined;
export function spSpec(req: FastifyRequest): CollectionSpec {
  return (spec ??= servicePrincipalSpec(req.graph.ctx.s.catalog));
}
