import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { roleInTeam, teamsStore } from '../access.js';
import { boundAppId, findCatalogApp } from '../app-catalog.js';
import { boundGroupId, boundUserId, checkChannelName, memberRoles, optBool, optString, rejectUnknown, requireBody, settingsPatch, SETTINGS_PROPERTIES, type Body } from '../bodies.js';
import { provisionTeam, uniqueMailNickname, type NewChannel } from '../provision.js';
import { teamCreation } from '../creation-rule.js';

// POST /teams (graph-docs team-post.md): asynchronous. 202 Accepted with
//   Location: /teams('{id}')/operations('{opId}')   Content-Location: /teams('{id}')
// The team is provisioned after PROVISIONING_DELAY_MS of emulated time: until then its operation
// reports `inProgress` and the team answers 404, as a real team does while Teams sets it up.
// Advance the clock (POST /_tenantbox/clock) to skip the wait.
// - A new Microsoft 365 group is created for it, unless `group@odata.bind` names an existing one
//   (which must have an owner, and then may not carry displayName, visibility or members).
// - Delegated: the signed-in user becomes an owner. App-only: `members` must name an owner.
// - Only the `standard` template is emulated.

export const PROVISIONING_DELAY_MS = 10_000;

const KNOWN = ['template@odata.bind', 'group@odata.bind', 'displayName', 'description', 'visibility', 'members', 'channels', 'installedApps', ...SETTINGS_PROPERTIES];

export function registerCreateTeam(app: FastifyInstance): void {
  app.post('/teams', async (req, reply) => {
    const auth = await authorize(req, { workload: 'teams', resource: teamCreation() });
    const { s } = req.graph.ctx;
    const tenant = auth.tenant;
    const body = requireBody(req);
    rejectUnknown(body, KNOWN, 'team');
    checkTemplate(body['template@odata.bind']);
    const settings = settingsPatch(body);
    const channels = await parseChannels(body);
    const installedApps = await parseInstalledApps(body, async (id) => Boolean(await findCatalogApp(s, tenant.id, id)));
    const visibility = parseVisibility(body.visibility);

    // Members (owners among them) by user id.
    const members = new Map<string, string[]>();
    for (const m of parseMembers(body)) {
      const user = await s.stores.directory.getUser(tenant.id, m.userId);
      if (!user || user.kind !== 'user') throw graphErrors.directoryResourceNotFound(m.userId);
      if (m.roles.includes('owner') && user.userType === 'Guest') throw graphErrors.badRequest('A guest cannot be an owner of a team.');
      members.set(user.id, m.roles);
    }
    if (auth.principal.userId) members.set(auth.principal.userId.toLowerCase(), ['owner']);

    let group: GroupRecord;
    let created = false;
    if (body['group@odata.bind'] !== undefined) {
      for (const p of ['displayName', 'visibility', 'members']) {
        if (body[p] !== undefined) throw graphErrors.badRequest(`A team created from a group takes its ${p} from the group; '${p}' cannot be given with 'group@odata.bind'.`);
      }
      const id = boundGroupId(body['group@odata.bind']);
      const g = await s.stores.directory.getGroup(tenant.id, id);
      if (!g || g.id.toLowerCase() !== id.toLowerCase()) throw graphErrors.directoryResourceNotFound(id);
      if (!g.groupTypes.includes('Unified')) throw graphErrors.badRequest('Only Microsoft 365 groups (groupTypes Unified) can have a team.');
      if (await teamsStore(s).getTeam(tenant.id, g.id)) throw graphErrors.teamsConflict(`The group '${g.id}' already has a team.`);
      const owners = await s.stores.directory.listMembers(tenant.id, g.id, 'owner');
      if (owners.length === 0) throw graphErrors.badRequest('A team can be created only from a group that has at least one owner.');
      if (auth.principal.userId && (await roleInTeam(s, tenant.id, g.id, auth.principal.userId)) !== 'owner') {
        throw graphErrors.teamsForbidden(`Only owners of group '${g.id}' can create a team from it.`);
      }
      group = g;
    } else {
      const displayName = optString(body, 'displayName', { required: true, max: 256 })!;
      if (!auth.principal.userId && ![...members.values()].some((r) => r.includes('owner'))) {
        throw graphErrors.badRequest('With application permissions, the members collection must name at least one owner (a user with roles ["owner"]).');
      }
      const nick = await uniqueMailNickname(s, tenant.id, tenant.domain, displayName);
      group = {
        tenantId: tenant.id,
        id: s.ids.uuid(),
        displayName,
        description: optString(body, 'description') ?? null,
        mail: `${nick.toLowerCase()}@${tenant.domain}`,
        mailNickname: nick,
        mailEnabled: true,
        securityEnabled: false,
        groupTypes: ['Unified'],
        isRoomList: false,
        createdDateTime: s.clock.nowDate().toISOString(),
      };
      created = true;
    }

    const provisionedAtMs = s.clock.now() + PROVISIONING_DELAY_MS;
    const opId = s.ids.uuid();
    await s.stores.transaction(async () => {
      if (created) await s.stores.directory.putGroup(group);
      else if (typeof body.description === 'string') await s.stores.directory.putGroup({ ...group, description: body.description });
      for (const [userId, roles] of members) {
        await s.stores.directory.addMember(tenant.id, group.id, userId, 'user', 'member');
        if (roles.includes('owner')) await s.stores.directory.addMember(tenant.id, group.id, userId, 'user', 'owner');
      }
      const owners = (await s.stores.directory.listMembers(tenant.id, group.id, 'owner')).map((o) => o.id);
      const creator = auth.principal.userId ?? owners[0];
      await provisionTeam(s, {
        tenantId: tenant.id,
        group,
        provisionedAtMs,
        visibility,
        settings,
        installedApps,
        channels: channels.map((c) => (c.membershipType === 'private' ? { ...c, roster: creator ? [{ userId: creator, roles: ['owner'] }] : [] } : c)),
      });
      await teamsStore(s).putOperation({
        tenantId: tenant.id,
        teamId: group.id,
        id: opId,
        operationType: 'createTeam',
        createdMs: s.clock.now(),
        completesAtMs: provisionedAtMs,
        targetResourceId: group.id,
        targetResourceLocation: `/teams('${group.id}')`,
      });
    });
    reply.code(202).header('location', `/teams('${group.id}')/operations('${opId}')`).header('content-location', `/teams('${group.id}')`).type('application/json');
    return reply.send();
  });
}

function checkTemplate(bind: unknown): void {
  if (typeof bind !== 'string' || bind.trim() === '') throw graphErrors.badRequest("The property 'template@odata.bind' is required (e.g. https://graph.microsoft.com/v1.0/teamsTemplates('standard')).");
  const m = /teamsTemplates(?:\('([^']+)'\)|\/([^/?]+))\/?$/i.exec(bind.trim());
  const name = m ? (m[1] ?? m[2]!) : undefined;
  if (!name) throw graphErrors.badRequest(`Invalid value for 'template@odata.bind': '${bind}'.`);
  if (name.toLowerCase() !== 'standard') throw graphErrors.notImplemented(`the team template '${name}' (only 'standard' is emulated)`);
}

function parseVisibility(v: unknown): 'public' | 'private' | undefined {
  if (v === undefined || v === null) return undefined;
  const x = typeof v === 'string' ? v.toLowerCase() : '';
  if (x === 'public' || x === 'private') return x;
  if (x === 'hiddenmembership') throw graphErrors.notImplemented('teams with hiddenMembership visibility');
  throw graphErrors.badRequest(`Invalid value for property 'visibility': '${String(v)}'.`);
}

function parseMembers(body: Body): { userId: string; roles: string[] }[] {
  const list = body.members;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw graphErrors.badRequest("Invalid value for property 'members'.");
  return list.map((m) => {
    if (!m || typeof m !== 'object') throw graphErrors.badRequest("Invalid value for property 'members'.");
    return { userId: boundUserId(m as Body), roles: memberRoles(m as Body) };
  });
}

async function parseChannels(body: Body): Promise<NewChannel[]> {
  const list = body.channels;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw graphErrors.badRequest("Invalid value for property 'channels'.");
  const seen = new Set(['general']);
  return list.map((c) => {
    if (!c || typeof c !== 'object') throw graphErrors.badRequest("Invalid value for property 'channels'.");
    const ch = c as Body;
    rejectUnknown(ch, ['displayName', 'description', 'isFavoriteByDefault', 'membershipType'], 'channel (in a new team)');
    const displayName = optString(ch, 'displayName', { required: true })!;
    checkChannelName(displayName);
    if (seen.has(displayName.toLowerCase())) throw graphErrors.teamsConflict(`Channel name '${displayName}' is used twice.`);
    seen.add(displayName.toLowerCase());
    const type = (optString(ch, 'membershipType') ?? 'standard').toLowerCase();
    if (type === 'shared') throw graphErrors.notImplemented('shared channels');
    if (type !== 'standard' && type !== 'private') throw graphErrors.badRequest(`Invalid value for property 'membershipType': '${type}'.`);
    return { displayName, description: optString(ch, 'description') ?? null, isFavoriteByDefault: optBool(ch, 'isFavoriteByDefault') ?? null, membershipType: type };
  });
}

async function parseInstalledApps(body: Body, exists: (id: string) => Promise<boolean>): Promise<string[]> {
  const list = body.installedApps;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw graphErrors.badRequest("Invalid value for property 'installedApps'.");
  const out: string[] = [];
  for (const a of list) {
    const id = a && typeof a === 'object' ? boundAppId((a as Body)['teamsApp@odata.bind']) : undefined;
    if (!id) throw graphErrors.badRequest("Each installed app needs 'teamsApp@odata.bind'.");
    if (!(await exists(id))) throw graphErrors.teamsNotFound(`App '${id}' was not found in the app catalog.`);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}
