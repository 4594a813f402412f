import type { FastifyInstance } from 'fastify';
import type { GroupRecord, MemberType } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { bool, rejectUnknown, requireBody, str, strArray } from '../request-body.js';
import { directoryCollection } from '../rules.js';
import { toGraphGroup } from '../shapes/group-shape.js';

// POST /groups (graph-docs group-post-groups.md). Required: displayName, mailEnabled, mailNickname,
// securityEnabled. `owners@odata.bind` / `members@odata.bind` take directoryObject URLs. With
// delegated permissions and no owners given, the signed-in user becomes the owner.
const KNOWN = ['displayName', 'description', 'mailEnabled', 'mailNickname', 'securityEnabled', 'groupTypes', 'visibility', 'owners@odata.bind', 'members@odata.bind'];

export function registerCreateGroup(app: FastifyInstance): void {
  app.post('/groups', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('groups', 'create') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    rejectUnknown(body, KNOWN, 'Group');
    const displayName = str(body, 'displayName', 'Group', { required: true })!;
    const mailEnabled = bool(body, 'mailEnabled', 'Group', { required: true })!;
    const mailNickname = str(body, 'mailNickname', 'Group', { required: true })!;
    const securityEnabled = bool(body, 'securityEnabled', 'Group', { required: true })!;
    const groupTypes = strArray(body, 'groupTypes', 'Group') ?? [];
    if (groupTypes.some((t) => t !== 'Unified' && t !== 'DynamicMembership')) throw graphErrors.invalidProperty('groupTypes', 'Group');
    if (groupTypes.includes('DynamicMembership')) throw graphErrors.notImplemented('dynamic membership groups');
    if (mailEnabled && !groupTypes.includes('Unified')) throw graphErrors.notImplemented('mail-enabled groups other than Microsoft 365 groups through Graph (Graph creates only Microsoft 365 and security groups)');
    const mail = mailEnabled ? `${mailNickname.toLowerCase()}@${auth.tenant.domain}` : null;
    if (mail && (await s.stores.directory.getGroup(auth.tenant.id, mail))) throw graphErrors.objectConflict('proxyAddresses');

    const resolveRefs = async (prop: string): Promise<{ id: string; type: MemberType }[]> => {
      const refs = strArray(body, prop, 'Group') ?? [];
      const out: { id: string; type: MemberType }[] = [];
      for (const ref of refs) {
        const id = decodeURIComponent(/\/([^/()]+)\/?$/.exec(ref)?.[1] ?? '');
        const user = id ? await s.stores.directory.getUser(auth.tenant.id, id) : undefined;
        const group = !user && id ? await s.stores.directory.getGroup(auth.tenant.id, id) : undefined;
        if (!user && !group) throw graphErrors.directoryResourceNotFound(id || ref);
        out.push(user ? { id: user.id, type: 'user' } : { id: group!.id, type: 'group' });
      }
      return out;
    };
    const owners = await resolveRefs('owners@odata.bind');
    const members = await resolveRefs('members@odata.bind');
    if (owners.length === 0 && auth.principal.userId) owners.push({ id: auth.principal.userId, type: 'user' });

    const record: GroupRecord = {
      tenantId: auth.tenant.id,
      id: s.ids.uuid(),
      displayName,
      description: str(body, 'description', 'Group', { nullable: true }) ?? null,
      mail,
      mailNickname,
      mailEnabled,
      securityEnabled,
      groupTypes,
      isRoomList: false,
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await s.stores.transaction(async () => {
      await s.stores.directory.putGroup(record);
      for (const o of owners) await s.stores.directory.addMember(auth.tenant.id, record.id, o.id, o.type, 'owner');
      for (const m of members) await s.stores.directory.addMember(auth.tenant.id, record.id, m.id, m.type, 'member');
    });
    reply.code(201);
    return { '@odata.context': entityContext(req, 'groups'), ...toGraphGroup(record) };
  });
}
