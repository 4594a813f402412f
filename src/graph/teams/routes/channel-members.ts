import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../shared/services.js';
import type { ChannelRecord } from '../../../store/teams/types.js';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { entityContext } from '../../odata/links.js';
import { param, roleInTeam, teamMembers, teamsStore, userOfMembershipId } from '../access.js';
import { boundUserId, memberRoles, rejectUnknown, requireBody } from '../bodies.js';
import { team, type TeamTarget } from '../rules.js';
import { MEMBER_SPEC, toGraphMember } from '../shapes/member-shape.js';

// Channel members (channel-list-members.md, channel-post-members.md, channel-get-members.md,
// channel-update-members.md, channel-delete-members.md). A standard channel's members are the
// team's (listed, not managed here); a private channel has its own roster, drawn from the team's
// members and managed by the channel's owners (delegated) [I].

type P = { Params: { teamId: string; channelId: string; memberId: string } };

const CONTEXT = (t: string, c: string) => `teams('${t}')/channels('${c}')/members`;

async function roster(s: Services, ch: ChannelRecord): Promise<{ user: UserRecord; roles: string[] }[]> {
  if (ch.membershipType !== 'private') return (await teamMembers(s, ch.tenantId, ch.teamId)).map((m) => ({ user: m.user, roles: m.roles }));
  const out: { user: UserRecord; roles: string[] }[] = [];
  for (const m of await teamsStore(s).listChannelMembers(ch.tenantId, ch.teamId, ch.id)) {
    const user = await s.stores.directory.getUser(ch.tenantId, m.userId);
    if (user) out.push({ user, roles: m.roles.includes('owner') ? ['owner'] : user.userType === 'Guest' ? ['guest'] : [] });
  }
  return out;
}

function privateOnly(ch: ChannelRecord): void {
  if (ch.membershipType !== 'private') {
    throw graphErrors.badRequest(`Channel '${ch.displayName}' is a standard channel: its members are the team's; manage them through /teams/{id}/members.`);
  }
}

async function memberOf(s: Services, ch: ChannelRecord, membershipId: string): Promise<{ user: UserRecord; roles: string[] }> {
  const userId = userOfMembershipId(membershipId, 'channel', ch.tenantId, ch.id);
  const m = userId ? (await roster(s, ch)).find((x) => x.user.id.toLowerCase() === userId) : undefined;
  if (!m) throw graphErrors.teamsNotFound(`Member '${membershipId}' was not found in channel '${ch.id}'.`);
  return m;
}

export function registerChannelMemberRoutes(app: FastifyInstance): void {
  const read = (p: P['Params']) => team(param(p, 'teamId'), 'read', { channelId: param(p, 'channelId'), channelNeed: 'read' });
  const manage = (p: P['Params']) => team(param(p, 'teamId'), 'read', { channelId: param(p, 'channelId'), channelNeed: 'owner' });

  app.get<P>('/teams/:teamId/channels/:channelId/members', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: read(req.params) });
    const ch = auth.target.channel!;
    const items = (await roster(req.graph.ctx.s, ch)).map((m) => toGraphMember('channel', auth.tenant.id, ch.id, m.user, m.roles));
    return queryCollection(req, MEMBER_SPEC, items, { contextEntitySet: CONTEXT(ch.teamId, ch.id) });
  });

  app.get<P>('/teams/:teamId/channels/:channelId/members/:memberId', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: read(req.params) });
    const ch = auth.target.channel!;
    const m = await memberOf(req.graph.ctx.s, ch, param(req.params, 'memberId'));
    return entityResult(req, MEMBER_SPEC, toGraphMember('channel', auth.tenant.id, ch.id, m.user, m.roles), { contextEntitySet: CONTEXT(ch.teamId, ch.id) });
  });

  app.post<P>('/teams/:teamId/channels/:channelId/members', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: manage(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    privateOnly(ch);
    const body = requireBody(req);
    rejectUnknown(body, ['roles', 'user@odata.bind', 'visibleHistoryStartDateTime'], 'conversationMember');
    const roles = memberRoles(body);
    const userId = boundUserId(body);
    const user = await s.stores.directory.getUser(auth.tenant.id, userId);
    if (!user) throw graphErrors.directoryResourceNotFound(userId);
    if (!(await roleInTeam(s, auth.tenant.id, ch.teamId, user.id))) {
      throw graphErrors.badRequest(`User '${user.id}' is not a member of the team; only team members can join its private channels.`);
    }
    if (roles.includes('owner') && user.userType === 'Guest') throw graphErrors.badRequest('A guest cannot be an owner of a channel.');
    const existing = await teamsStore(s).listChannelMembers(auth.tenant.id, ch.teamId, ch.id);
    if (existing.some((m) => m.userId.toLowerCase() === user.id.toLowerCase())) throw graphErrors.teamsConflict(`User '${user.id}' is already a member of channel '${ch.displayName}'.`);
    await teamsStore(s).putChannelMember({ tenantId: auth.tenant.id, teamId: ch.teamId, channelId: ch.id, userId: user.id, roles, createdDateTime: s.clock.nowDate().toISOString() });
    reply.code(201);
    return { '@odata.context': entityContext(req, CONTEXT(ch.teamId, ch.id)), ...toGraphMember('channel', auth.tenant.id, ch.id, user, roles) };
  });

  app.patch<P>('/teams/:teamId/channels/:channelId/members/:memberId', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: manage(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    privateOnly(ch);
    const m = await memberOf(s, ch, param(req.params, 'memberId'));
    const body = requireBody(req);
    rejectUnknown(body, ['roles'], 'conversationMember');
    const roles = memberRoles(body);
    if (roles.includes('owner') && m.user.userType === 'Guest') throw graphErrors.badRequest('A guest cannot be an owner of a channel.');
    if (m.roles.includes('owner') && !roles.includes('owner')) await refuseLastChannelOwner(s, ch);
    await teamsStore(s).putChannelMember({ tenantId: auth.tenant.id, teamId: ch.teamId, channelId: ch.id, userId: m.user.id, roles, createdDateTime: s.clock.nowDate().toISOString() });
    return { '@odata.context': entityContext(req, CONTEXT(ch.teamId, ch.id)), ...toGraphMember('channel', auth.tenant.id, ch.id, m.user, roles) };
  });

  app.delete<P>('/teams/:teamId/channels/:channelId/members/:memberId', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: manage(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    privateOnly(ch);
    const m = await memberOf(s, ch, param(req.params, 'memberId'));
    if (m.roles.includes('owner')) await refuseLastChannelOwner(s, ch);
    await teamsStore(s).deleteChannelMember(auth.tenant.id, ch.teamId, ch.id, m.user.id);
    reply.code(204);
    return reply.send();
  });
}

async function refuseLastChannelOwner(s: Services, ch: ChannelRecord): Promise<void> {
  const owners = (await teamsStore(s).listChannelMembers(ch.tenantId, ch.teamId, ch.id)).filter((m) => m.roles.includes('owner'));
  if (owners.length <= 1) throw graphErrors.badRequest('The last owner of a private channel cannot be removed or demoted.');
}
