import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { metadataUrl } from '../../odata/links.js';
import { directoryObject } from '../rules.js';

// POST /users/{id}/revokeSignInSessions and POST /me/revokeSignInSessions (graph-docs
// user-revokesigninsessions.md; semantics doc §1.7.4): sets signInSessionsValidFromDateTime to now,
// which the identity platform compares with each refresh token (AADSTS50173 on the next refresh).
// Access tokens already issued stay valid until they expire. Answers `{"value": true}`.
export function registerRevokeSignInSessions(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id ?? 'me', 'manage') });
    const { s } = req.graph.ctx;
    await s.stores.directory.putUser({ ...auth.target, signInSessionsValidFromDateTime: s.clock.nowDate().toISOString() });
    return { '@odata.context': metadataUrl(req, 'Edm.Boolean'), value: true };
  };
  app.post('/users/:id/revokeSignInSessions', handler);
  app.post('/me/revokeSignInSessions', handler);
}
