import type { FastifyInstance } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { bool, rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryCollection } from '../rules.js';
import { toGraphUser } from '../shapes/user-shape.js';

// POST /users (graph-docs user-post-users.md). Required: accountEnabled, displayName, mailNickname,
// userPrincipalName (in a verified domain of the tenant) and passwordProfile. A user created here has
// no Exchange licence (mailbox: false), as a new account in a real tenant until it is licensed; its
// password is not stored, so it cannot sign in with one (the tenant file is the place for that).
const KNOWN = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile', 'givenName', 'surname', 'jobTitle', 'department', 'officeLocation', 'mail', 'userType'];

export function registerCreateUser(app: FastifyInstance): void {
  app.post('/users', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('users', 'create') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    rejectUnknown(body, KNOWN, 'User');
    const accountEnabled = bool(body, 'accountEnabled', 'User', { required: true })!;
    const displayName = str(body, 'displayName', 'User', { required: true })!;
    str(body, 'mailNickname', 'User', { required: true });
    const upn = str(body, 'userPrincipalName', 'User', { required: true })!.toLowerCase();
    const profile = body.passwordProfile as { password?: unknown } | undefined;
    if (!profile || typeof profile !== 'object' || typeof profile.password !== 'string' || profile.password === '') throw graphErrors.requiredProperty('passwordProfile', 'User');
    const domain = upn.split('@')[1];
    if (!domain || domain !== auth.tenant.domain.toLowerCase()) throw graphErrors.invalidUpnDomain();
    if (await s.stores.directory.getUser(auth.tenant.id, upn)) throw graphErrors.objectConflict('userPrincipalName');
    const userType = str(body, 'userType', 'User');
    if (userType !== undefined && userType !== 'Member' && userType !== 'Guest') throw graphErrors.invalidProperty('userType', 'User');
    const record: UserRecord = {
      tenantId: auth.tenant.id,
      id: s.ids.uuid(),
      kind: 'user',
      userPrincipalName: upn,
      mail: (str(body, 'mail', 'User', { nullable: true }) ?? null)?.toLowerCase() ?? null,
      displayName,
      givenName: str(body, 'givenName', 'User', { nullable: true }) ?? null,
      surname: str(body, 'surname', 'User', { nullable: true }) ?? null,
      jobTitle: str(body, 'jobTitle', 'User', { nullable: true }) ?? null,
      department: str(body, 'department', 'User', { nullable: true }) ?? null,
      officeLocation: str(body, 'officeLocation', 'User', { nullable: true }) ?? null,
      managerId: null,
      passwordHash: null,
      roles: [],
      accountEnabled,
      mailbox: false,
      userType: userType ?? 'Member',
      signInSessionsValidFromDateTime: null,
      room: null,
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await s.stores.directory.putUser(record);
    reply.code(201);
    return { '@odata.context': entityContext(req, 'users'), ...toGraphUser(record) };
  });
}
