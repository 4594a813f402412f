import type { ChannelRecord, TeamGuestSettings, TeamMemberSettings, TeamRecord } from '../../store/teams/types.js';
import type { GroupRecord } from '../../store/types.js';
import type { ResourceRef, ResourceRule, RuleContext, RuleOutcome } from '../auth/resource-rules.js';
import { graphErrors } from '../errors.js';
import { findTeam, roleInTeam, teamsStore, type TeamRole } from './access.js';
import { findCatalogApp } from './app-catalog.js';

// What Teams adds to the permission check (semantics doc §8.5 [I]; Microsoft documents no error):
// - the team (and channel) must exist: 404 NotFound;
// - app-only callers reach every team (tenant-wide application permissions);
// - a delegated caller reaches a team only as a member (owners are members); a private channel only
//   as a member of that channel; otherwise 403 Forbidden;
// - some operations need the team's owner role (members, settings), others are open to members
//   as long as the team's member settings allow it (guests: guest settings) — how the Teams client
//   and Graph both apply `memberSettings` / `guestSettings`;
// - a `*SelfForTeam` permission reaches only the calling app's own installation and tabs;
//   `TeamMember.ReadWriteNonOwnerRole.All` never touches the owner role.

export type TeamNeed =
  | 'read'
  | 'owner'
  | { member: keyof TeamMemberSettings; guest?: keyof TeamGuestSettings };

export interface TeamResource extends ResourceRef {
  kind: 'team';
  teamId: string;
  need: TeamNeed;
  channelId?: string;
  /** In a private channel: 'read' any channel member, 'owner' its owners (team owners do not inherit it). */
  channelNeed?: 'read' | 'owner';
  /** The catalog app the call concerns (installing it, its tab), for *SelfForTeam permissions. */
  concernsApp?: string | (() => Promise<string | undefined>);
  /** The call gives, changes or removes the owner role (TeamMember.ReadWriteNonOwnerRole.All cannot). */
  touchesOwnerRole?: boolean | (() => Promise<boolean>);
}

export interface TeamTarget {
  team: TeamRecord;
  group: GroupRecord;
  /** The signed-in user's role, or 'app' for app-only callers. */
  role: TeamRole | 'app';
  channel?: ChannelRecord;
  /** In a private channel: the user's roles there. */
  channelRoles?: string[];
}

export const team = (teamId: string, need: TeamNeed = 'read', more: Partial<Omit<TeamResource, 'kind' | 'teamId' | 'need'>> = {}): TeamResource => ({
  kind: 'team',
  teamId,
  need,
  ...more,
});

const isSelf = (p: string) => /selfforteam(\.all)?$/i.test(p);
const isNonOwner = (p: string) => /nonownerrole/i.test(p);

function forbidden(message: string, policy: string, missing?: string[]): RuleOutcome {
  return { allow: false, policy, missing, error: graphErrors.teamsForbidden(message, { details: [{ code: 'tenantbox.teamsRule', message }] }) };
}

export const teamRule: ResourceRule<TeamResource> = {
  name: 'team',
  async check(ctx: RuleContext<TeamResource>): Promise<RuleOutcome> {
    const { s, tenant, principal, resource, allowing, accepted } = ctx;
    const found = await findTeam(s, tenant.id, resource.teamId);
    if (!found) return { allow: false, error: graphErrors.teamsNotFound(`No team found with Group Id ${resource.teamId}`) };
    let channel: ChannelRecord | undefined;
    if (resource.channelId !== undefined) {
      channel = await teamsStore(s).getChannel(tenant.id, found.team.id, resource.channelId);
      if (!channel) return { allow: false, error: graphErrors.teamsNotFound(`Channel '${resource.channelId}' was not found in team '${found.team.id}'.`) };
    }

    // Permissions that reach less than their name's resource: checked before membership, since the
    // token decides them whoever the user is.
    if (allowing.every(isSelf) && resource.concernsApp !== undefined) {
      const appId = typeof resource.concernsApp === 'function' ? await resource.concernsApp() : resource.concernsApp;
      const app = appId ? await findCatalogApp(s, tenant.id, appId) : undefined;
      if (!app?.azureADAppId || app.azureADAppId.toLowerCase() !== principal.appId.toLowerCase()) {
        return forbidden(
          `${allowing.join(', ')} reaches only the calling app's own Teams app (its installation and its tabs); '${app?.displayName ?? appId}' is another app.`,
          'Teams: *SelfForTeam permission used on another app',
          accepted.filter((p) => !isSelf(p)),
        );
      }
    }
    if (allowing.every(isNonOwner) && resource.touchesOwnerRole !== undefined) {
      const touches = typeof resource.touchesOwnerRole === 'function' ? await resource.touchesOwnerRole() : resource.touchesOwnerRole;
      if (touches) {
        return forbidden(
          `${allowing.join(', ')} cannot give, change or remove the owner role.`,
          'Teams: TeamMember.ReadWriteNonOwnerRole.All used on the owner role',
          accepted.filter((p) => !isNonOwner(p)),
        );
      }
    }

    if (principal.scheme === 'application') return { allow: true, target: { ...found, role: 'app', channel } satisfies TeamTarget };

    const userId = principal.userId!;
    const role = await roleInTeam(s, tenant.id, found.team.id, userId);
    if (!role) {
      return forbidden(`The signed-in user is not a member of team '${found.team.id}'; delegated calls reach a team only as one of its members.`, 'Teams membership');
    }
    const need = resource.need;
    if (need === 'owner' && role !== 'owner') {
      return forbidden(`Only owners of team '${found.team.id}' can do this; the signed-in user is a ${role}.`, 'Teams: owner role required');
    }
    if (typeof need === 'object' && role !== 'owner') {
      const allowed = role === 'guest' ? (need.guest ? found.team.guestSettings[need.guest] : false) : found.team.memberSettings[need.member];
      if (!allowed) {
        const setting = role === 'guest' ? `guestSettings.${need.guest ?? need.member}` : `memberSettings.${need.member}`;
        return forbidden(`The team's ${setting} does not allow ${role}s to do this; only owners can.`, `Teams setting ${setting}`);
      }
    }

    let channelRoles: string[] | undefined;
    if (channel?.membershipType === 'private') {
      const roster = await teamsStore(s).listChannelMembers(tenant.id, found.team.id, channel.id);
      const me = roster.find((m) => m.userId.toLowerCase() === userId.toLowerCase());
      if (!me) return forbidden(`The signed-in user is not a member of private channel '${channel.displayName}'.`, 'Teams private channel membership');
      if (resource.channelNeed === 'owner' && !me.roles.includes('owner')) {
        return forbidden(`Only owners of private channel '${channel.displayName}' can do this.`, 'Teams: private channel owner role required');
      }
      channelRoles = me.roles;
    }
    return { allow: true, target: { ...found, role, channel, channelRoles } satisfies TeamTarget };
  },
};
