import type { FastifyInstance } from 'fastify';
import type { ChannelRecord } from '../../../store/teams/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { param, roleInTeam, teamsStore } from '../access.js';
import { boundUserId, checkChannelName, memberRoles, optBool, optString, peekBody, rejectUnknown, requireBody, type Body } from '../bodies.js';
import { createChannel } from '../provision.js';
import { team, type TeamNeed, type TeamTarget } from '../rules.js';
import { CHANNEL_SPEC, toGraphChannel } from '../shapes/channel-shape.js';

// Channels (channel-list.md, channel-post.md, channel-get.md, channel-patch.md, channel-delete.md,
// team-get-primarychannel.md). Members may create, change and delete channels as far as the
// team's memberSettings allow (guests: guestSettings); owners always. Private channels are seen
// and managed by their own members and owners only (delegated); app-only reaches all. The General
// channel cannot be renamed or deleted.

type P = { Params: { teamId: string; channelId: string } };

const createNeed = (body: Body): TeamNeed =>
  String(body.membershipType ?? '').toLowerCase() === 'private'
    ? { member: 'allowCreatePrivateChannels' }
    : { member: 'allowCreateUpdateChannels', guest: 'allowCreateUpdateChannels' };

export function registerChannelRoutes(app: FastifyInstance): void {
  app.get<P>('/teams/:teamId/channels', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'read') });
    const { s } = req.graph.ctx;
    const channels = await teamsStore(s).listChannels(auth.tenant.id, auth.target.team.id);
    const visible: ChannelRecord[] = [];
    for (const c of channels) if (await canSee(req.graph.ctx.s, auth.principal.userId, c)) visible.push(c);
    return queryCollection(req, CHANNEL_SPEC, visible.map(toGraphChannel), { contextEntitySet: `teams('${auth.target.team.id}')/channels` });
  });

  app.get<P>('/teams/:teamId/channels/:channelId', async (req) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), 'read', { channelId: param(req.params, 'channelId'), channelNeed: 'read' }),
    });
    return entityResult(req, CHANNEL_SPEC, toGraphChannel(auth.target.channel!), { contextEntitySet: `teams('${auth.target.team.id}')/channels` });
  });

  app.get<P>('/teams/:teamId/primaryChannel', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'read') });
    const { s } = req.graph.ctx;
    const primary = (await teamsStore(s).listChannels(auth.tenant.id, auth.target.team.id)).find((c) => c.isPrimary);
    if (!primary) throw graphErrors.teamsNotFound(`Team '${auth.target.team.id}' has no primary channel.`);
    return entityResult(req, CHANNEL_SPEC, toGraphChannel(primary), { contextEntitySet: `teams('${auth.target.team.id}')/primaryChannel` });
  });

  app.post<P>('/teams/:teamId/channels', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), createNeed(peekBody(req))) });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'description', 'isFavoriteByDefault', 'membershipType', 'members'], 'channel');
    const displayName = optString(body, 'displayName', { required: true })!;
    checkChannelName(displayName);
    const type = (optString(body, 'membershipType') ?? 'standard').toLowerCase();
    if (type === 'shared') throw graphErrors.notImplemented('shared channels');
    if (type !== 'standard' && type !== 'private') throw graphErrors.badRequest(`Invalid value for property 'membershipType': '${type}'.`);
    const existing = await teamsStore(s).listChannels(auth.tenant.id, t.id);
    if (existing.some((c) => c.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw graphErrors.teamsConflict(`Channel name already existed, please use other name: '${displayName}'.`);
    }

    const roster = new Map<string, string[]>();
    if (body.members !== undefined) {
      if (type !== 'private') throw graphErrors.badRequest('Members can be given only when creating a private channel.');
      if (!Array.isArray(body.members)) throw graphErrors.badRequest("Invalid value for property 'members'.");
      for (const m of body.members as Body[]) {
        const user = await s.stores.directory.getUser(auth.tenant.id, boundUserId(m));
        if (!user) throw graphErrors.directoryResourceNotFound(boundUserId(m));
        if (!(await roleInTeam(s, auth.tenant.id, t.id, user.id))) throw graphErrors.badRequest(`User '${user.id}' is not a member of the team; only team members can join its private channels.`);
        roster.set(user.id, memberRoles(m));
      }
    }
    if (auth.principal.userId) roster.set(auth.principal.userId.toLowerCase(), ['owner']);
    if (type === 'private' && ![...roster.values()].some((r) => r.includes('owner'))) {
      throw graphErrors.badRequest('A private channel created with application permissions needs a member with the owner role.');
    }
    const channel = await s.stores.transaction(() =>
      createChannel(s, t, {
        displayName,
        description: optString(body, 'description') ?? null,
        isFavoriteByDefault: optBool(body, 'isFavoriteByDefault') ?? null,
        membershipType: type,
        roster: [...roster].map(([userId, roles]) => ({ userId, roles })),
      }),
    );
    reply.code(201);
    return { '@odata.context': entityContext(req, `teams('${t.id}')/channels`), ...toGraphChannel(channel) };
  });

  app.patch<P>('/teams/:teamId/channels/:channelId', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), { member: 'allowCreateUpdateChannels', guest: 'allowCreateUpdateChannels' }, { channelId: param(req.params, 'channelId'), channelNeed: 'owner' }),
    });
    const { s } = req.graph.ctx;
    const channel = auth.target.channel!;
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'description', 'isFavoriteByDefault'], 'channel');
    const displayName = optString(body, 'displayName');
    if (displayName !== undefined && displayName !== channel.displayName) {
      if (channel.isPrimary) throw graphErrors.badRequest('The General channel cannot be renamed.');
      checkChannelName(displayName);
      const siblings = await teamsStore(s).listChannels(auth.tenant.id, channel.teamId);
      if (siblings.some((c) => c.id !== channel.id && c.displayName.toLowerCase() === displayName.toLowerCase())) {
        throw graphErrors.teamsConflict(`Channel name already existed, please use other name: '${displayName}'.`);
      }
    }
    const description = optString(body, 'description');
    const fav = optBool(body, 'isFavoriteByDefault');
    await teamsStore(s).putChannel({
      ...channel,
      displayName: displayName ?? channel.displayName,
      description: description ?? channel.description,
      isFavoriteByDefault: fav ?? channel.isFavoriteByDefault,
    });
    reply.code(204);
    return reply.send();
  });

  app.delete<P>('/teams/:teamId/channels/:channelId', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), { member: 'allowDeleteChannels', guest: 'allowDeleteChannels' }, { channelId: param(req.params, 'channelId'), channelNeed: 'owner' }),
    });
    const channel = auth.target.channel!;
    if (channel.isPrimary) throw graphErrors.badRequest('The General channel cannot be deleted.');
    await teamsStore(req.graph.ctx.s).deleteChannel(auth.tenant.id, channel.teamId, channel.id);
    reply.code(204);
    return reply.send();
  });
}

/** Delegated callers list private channels only where they are on the roster; app-only sees all. */
async function canSee(s: import('../../../shared/services.js').Services, userId: string | null, c: ChannelRecord): Promise<boolean> {
  if (c.membershipType !== 'private' || !userId) return true;
  const roster = await teamsStore(s).listChannelMembers(c.tenantId, c.teamId, c.id);
  return roster.some((m) => m.userId.toLowerCase() === userId.toLowerCase());
}
