import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../shared/services.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { entityContext } from '../../odata/links.js';
import { param, roleInTeam, teamMembers, userOfMembershipId, type TeamMember } from '../access.js';
import { boundUserId, memberRoles, peekBody, rejectUnknown, requireBody } from '../bodies.js';
import { team, type TeamTarget } from '../rules.js';
import { MEMBER_SPEC, toGraphMember } from '../shapes/member-shape.js';

// Team members (team-list-members.md, team-post-members.md, team-get-members.md,
// team-update-members.md, team-delete-members.md). Members are the group's members and owners;
// an owner is also a member. Adding, changing and removing members takes the owner role
// (delegated) — except leaving a team oneself; the last owner cannot leave or be demoted [I].

type P = { Params: { teamId: string; memberId: string } };

const CONTEXT = (teamId: string) => `teams('${teamId}')/members`;

async function memberOf(s: Services, tenantId: string, teamId: string, membershipId: string): Promise<TeamMember> {
  const userId = userOfMembershipId(membershipId, 'team', tenantId, teamId);
  const m = userId ? (await teamMembers(s, tenantId, teamId)).find((x) => x.user.id.toLowerCase() === userId) : undefined;
  if (!m) throw graphErrors.teamsNotFound(`Member '${membershipId}' was not found in team '${teamId}'.`);
  return m;
}

/** The target's current role, for the rule's NonOwnerRole check (read before the permission check completes). */
const targetIsOwner = (req: FastifyRequest<P>) => async () => {
  const { s } = req.graph.ctx;
  const tenantId = req.graph.tenant!.id;
  const teamId = param(req.params, 'teamId').toLowerCase();
  const userId = userOfMembershipId(param(req.params, 'memberId'), 'team', tenantId, teamId);
  return userId ? (await roleInTeam(s, tenantId, teamId, userId)) === 'owner' : false;
};

const selfRemoval = (req: FastifyRequest<P>) => {
  const me = req.graph.principal?.userId;
  const tenantId = req.graph.tenant?.id;
  if (!me || !tenantId) return false;
  return userOfMembershipId(param(req.params, 'memberId'), 'team', tenantId, param(req.params, 'teamId')) === me.toLowerCase();
};

export function registerTeamMemberRoutes(app: FastifyInstance): void {
  app.get<P>('/teams/:teamId/members', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'read') });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const items = (await teamMembers(s, auth.tenant.id, t.id)).map((m) => toGraphMember('team', auth.tenant.id, t.id, m.user, m.roles));
    return queryCollection(req, MEMBER_SPEC, items, { contextEntitySet: CONTEXT(t.id) });
  });

  app.get<P>('/teams/:teamId/members/:memberId', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'read') });
    const t = auth.target.team;
    const m = await memberOf(req.graph.ctx.s, auth.tenant.id, t.id, param(req.params, 'memberId'));
    return entityResult(req, MEMBER_SPEC, toGraphMember('team', auth.tenant.id, t.id, m.user, m.roles), { contextEntitySet: CONTEXT(t.id) });
  });

  app.post<P>('/teams/:teamId/members', async (req, reply) => {
    const wantsOwner = () => {
      try {
        return memberRoles(peekBody(req)).includes('owner');
      } catch {
        return false;
      }
    };
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'owner', { touchesOwnerRole: wantsOwner() }) });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const body = requireBody(req);
    rejectUnknown(body, ['roles', 'user@odata.bind', 'visibleHistoryStartDateTime'], 'conversationMember');
    const type = body['@odata.type'];
    if (typeof type !== 'string' || !/aadUserConversationMember$/i.test(type)) {
      throw graphErrors.badRequest("The member's '@odata.type' must be '#microsoft.graph.aadUserConversationMember'.");
    }
    const roles = memberRoles(body);
    const userId = boundUserId(body);
    const user = await s.stores.directory.getUser(auth.tenant.id, userId);
    if (!user || user.kind !== 'user') throw graphErrors.directoryResourceNotFound(userId);
    if (roles.includes('owner') && user.userType === 'Guest') throw graphErrors.badRequest('A guest cannot be an owner of a team.');
    if (await roleInTeam(s, auth.tenant.id, t.id, user.id)) throw graphErrors.teamsConflict(`User '${user.id}' is already a member of team '${t.id}'.`);
    await s.stores.transaction(async () => {
      await s.stores.directory.addMember(auth.tenant.id, t.id, user.id, 'user', 'member');
      if (roles.includes('owner')) await s.stores.directory.addMember(auth.tenant.id, t.id, user.id, 'user', 'owner');
    });
    const shownRoles = roles.includes('owner') ? ['owner'] : user.userType === 'Guest' ? ['guest'] : [];
    reply.code(201);
    return { '@odata.context': entityContext(req, CONTEXT(t.id)), ...toGraphMember('team', auth.tenant.id, t.id, user, shownRoles) };
  });

  app.patch<P>('/teams/:teamId/members/:memberId', async (req) => {
    const givesOwner = (() => {
      try {
        return memberRoles(peekBody(req)).includes('owner');
      } catch {
        return false;
      }
    })();
    const isOwner = targetIsOwner(req);
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), 'owner', { touchesOwnerRole: async () => givesOwner || (await isOwner()) }),
    });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const m = await memberOf(s, auth.tenant.id, t.id, param(req.params, 'memberId'));
    const body = requireBody(req);
    rejectUnknown(body, ['roles'], 'conversationMember');
    if (body.roles === undefined) throw graphErrors.badRequest("The property 'roles' is required.");
    const roles = memberRoles(body);
    if (roles.includes('owner') && m.user.userType === 'Guest') throw graphErrors.badRequest('A guest cannot be an owner of a team.');
    if (m.role === 'owner' && !roles.includes('owner')) await refuseLastOwner(s, auth.tenant.id, t.id, 'demoted');
    await s.stores.transaction(async () => {
      if (roles.includes('owner')) await s.stores.directory.addMember(auth.tenant.id, t.id, m.user.id, 'user', 'owner');
      else await s.stores.directory.removeMember(auth.tenant.id, t.id, m.user.id, 'owner');
      await s.stores.directory.addMember(auth.tenant.id, t.id, m.user.id, 'user', 'member');
    });
    const shown = roles.includes('owner') ? ['owner'] : m.user.userType === 'Guest' ? ['guest'] : [];
    return { '@odata.context': entityContext(req, CONTEXT(t.id)), ...toGraphMember('team', auth.tenant.id, t.id, m.user, shown) };
  });

  app.delete<P>('/teams/:teamId/members/:memberId', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), selfRemoval(req) ? 'read' : 'owner', { touchesOwnerRole: targetIsOwner(req) }),
    });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const m = await memberOf(s, auth.tenant.id, t.id, param(req.params, 'memberId'));
    if (m.role === 'owner') await refuseLastOwner(s, auth.tenant.id, t.id, 'removed');
    await s.stores.transaction(async () => {
      await s.stores.directory.removeMember(auth.tenant.id, t.id, m.user.id, 'owner');
      await s.stores.directory.removeMember(auth.tenant.id, t.id, m.user.id, 'member');
    });
    reply.code(204);
    return reply.send();
  });
}

async function refuseLastOwner(s: Services, tenantId: string, teamId: string, what: string): Promise<void> {
  const owners = await s.stores.directory.listMembers(tenantId, teamId, 'owner');
  if (owners.length <= 1) throw graphErrors.badRequest(`The last owner of a team cannot be ${what}; add another owner first.`);
}
