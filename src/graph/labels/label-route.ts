import type { FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize, type Authorization } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { graphVersion } from '../odata/links.js';

// What the label routes share: they exist on /beta only (Microsoft documents
// security/informationProtection for beta; v1.0 has no such segment), and a user in the path must
// exist and, for a delegated caller, be the signed-in user ("listing labels on behalf of another
// user requires the application permission", graph-docs beta list sensitivityLabels).

export async function authorizeLabels(req: FastifyRequest<{ Params: { id?: string } }>, userInPath: string | undefined): Promise<{ auth: Authorization; user: UserRecord | null }> {
  // Not a v1.0 resource: Graph's 400 for an unknown segment, before any permission check.
  if (graphVersion(req) === 'v1.0') throw graphErrors.segmentNotFound('informationProtection');
  const auth = await authorize(req);
  if (userInPath === undefined) return { auth, user: null };
  const key = userInPath === 'me' ? auth.principal.userId! : userInPath;
  const user = await req.graph.ctx.s.stores.directory.getUser(auth.tenant.id, key);
  if (!user) throw graphErrors.directoryResourceNotFound(userInPath);
  if (auth.scheme === 'delegated' && user.id.toLowerCase() !== auth.principal.userId!.toLowerCase()) {
    req.graph.policy = 'Sensitivity labels: a delegated caller lists only the signed-in user\'s labels';
    throw graphErrors.directoryDenied({
      details: [{ code: 'tenantbox.labelsOtherUser', message: "Listing another user's sensitivity labels needs the application permission InformationProtectionPolicy.Read.All.", target: userInPath }],
    });
  }
  return { auth, user };
}

export const labelsEntitySet = (user: UserRecord | null): string =>
  user ? `users('${user.id}')/security/informationProtection/sensitivityLabels` : 'security/informationProtection/sensitivityLabels';
