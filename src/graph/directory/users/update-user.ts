import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { bool, rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryObject } from '../rules.js';

// PATCH /users/{id} and PATCH /me (graph-docs user-update.md): 204 No Content. A non-admin may
// change only their own self-service profile fields; everything else takes User Administrator or
// Global Administrator (directory rules). Properties tenantbox does not store are refused by name.
const WRITABLE = ['accountEnabled', 'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'officeLocation', 'mail', 'userPrincipalName', 'userType'];

export function registerUpdateUser(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    // The properties being changed decide whether a non-admin may change their own object.
    const changed = req.body && typeof req.body === 'object' ? Object.keys(req.body).filter((k) => !k.startsWith('@')) : [];
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id ?? 'me', 'update', changed) });
    const body = requireBody(req);
    rejectUnknown(body, WRITABLE, 'User');
    const { s } = req.graph.ctx;
    const u = auth.target;
    const next: UserRecord = { ...u };
    const text = (k: 'displayName' | 'givenName' | 'surname' | 'jobTitle' | 'department' | 'officeLocation') => {
      const v = k === 'displayName' ? str(body, k, 'User') : str(body, k, 'User', { nullable: true });
      if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    };
    (['displayName', 'givenName', 'surname', 'jobTitle', 'department', 'officeLocation'] as const).forEach(text);
    const enabled = bool(body, 'accountEnabled', 'User');
    if (enabled !== undefined) next.accountEnabled = enabled;
    const mail = str(body, 'mail', 'User', { nullable: true });
    if (mail !== undefined) next.mail = mail?.toLowerCase() ?? null;
    const userType = str(body, 'userType', 'User');
    if (userType !== undefined) {
      if (userType !== 'Member' && userType !== 'Guest') throw graphErrors.invalidProperty('userType', 'User');
      next.userType = userType;
    }
    const upn = str(body, 'userPrincipalName', 'User');
    if (upn !== undefined) {
      const lower = upn.toLowerCase();
      if (lower.split('@')[1] !== auth.tenant.domain.toLowerCase()) throw graphErrors.invalidUpnDomain();
      const other = await s.stores.directory.getUser(auth.tenant.id, lower);
      if (other && other.id !== u.id) throw graphErrors.objectConflict('userPrincipalName');
      next.userPrincipalName = lower;
    }
    await s.stores.directory.putUser(next);
    return reply.code(204).send();
  };
  app.patch('/users/:id', handler);
  app.patch('/me', handler);
}
