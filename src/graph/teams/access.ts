import type { Services } from '../../shared/services.js';
import type { TeamRecord, TeamsStore } from '../../store/teams/types.js';
import type { GroupRecord, UserRecord } from '../../store/types.js';

// What every Teams route needs: the Teams store, who is in a team and in which role, and the
// OData key-segment form of ids (`/teams('{id}')`, as Graph writes the Location of an async
// operation).

export function teamsStore(s: Services): TeamsStore {
  const t = s.stores.teams;
  if (!t) throw new Error('tenantbox: the Teams store is not wired: open-sqlite.ts must add `teams: createSqliteTeamsStore(main)` (src/store/teams/index.ts) to Stores');
  return t;
}

export type TeamRole = 'owner' | 'member' | 'guest';

export interface TeamMember {
  user: UserRecord;
  /** Graph's `roles` of a conversationMember: ['owner'], ['guest'] or []. */
  roles: string[];
  role: TeamRole;
}

/** A team's members are its group's members and owners (owners are members too, as in Microsoft 365). */
export async function teamMembers(s: Services, tenantId: string, groupId: string): Promise<TeamMember[]> {
  const d = s.stores.directory;
  const owners = new Set((await d.listMembers(tenantId, groupId, 'owner')).filter((m) => m.type === 'user').map((m) => m.id.toLowerCase()));
  const ids = new Set<string>(owners);
  for (const m of await d.listMembers(tenantId, groupId, 'member')) if (m.type === 'user') ids.add(m.id.toLowerCase());
  const out: TeamMember[] = [];
  for (const id of ids) {
    const user = await d.getUser(tenantId, id);
    if (!user) continue;
    const role: TeamRole = owners.has(id) ? 'owner' : user.userType === 'Guest' ? 'guest' : 'member';
    out.push({ user, role, roles: role === 'member' ? [] : [role] });
  }
  return out.sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
}

export async function roleInTeam(s: Services, tenantId: string, groupId: string, userId: string): Promise<TeamRole | null> {
  const d = s.stores.directory;
  const id = userId.toLowerCase();
  if ((await d.listMembers(tenantId, groupId, 'owner')).some((m) => m.id.toLowerCase() === id)) return 'owner';
  if (!(await d.listMembers(tenantId, groupId, 'member')).some((m) => m.id.toLowerCase() === id)) return null;
  const user = await d.getUser(tenantId, id);
  return user?.userType === 'Guest' ? 'guest' : 'member';
}

/** The team and its group, if the team exists and has finished provisioning (Graph answers 404 before). */
export async function findTeam(s: Services, tenantId: string, id: string): Promise<{ team: TeamRecord; group: GroupRecord } | undefined> {
  const key = id.toLowerCase();
  const team = await teamsStore(s).getTeam(tenantId, key);
  if (!team || team.provisionedAtMs > s.clock.now()) return undefined;
  const group = await s.stores.directory.getGroup(tenantId, key);
  if (!group || group.id.toLowerCase() !== key) return undefined;
  return { team, group };
}

/**
 * A route parameter written as a path segment (`/teams/abc`) or as an OData key segment
 * (`/teams('abc')`): the router hands the latter over as `'abc')` under the name `id')`.
 */
export function param(params: Record<string, string | undefined>, name: string): string {
  const v = params[name] ?? params[`${name}')`] ?? params[`${name})`] ?? '';
  return v.replace(/^\(?'?/, '').replace(/'?\)?$/, '');
}

/** Membership ids, as Teams encodes them: base64 of `0##<1 team|2 channel>##<tenant>##<thread or team>##<user>`. */
export function membershipId(kind: 'team' | 'channel', tenantId: string, containerId: string, userId: string): string {
  return Buffer.from(`0##${kind === 'team' ? 1 : 2}##${tenantId}##${containerId}##${userId}`).toString('base64');
}

/** The user id a membership id names, if it names one in this container. */
export function userOfMembershipId(id: string, kind: 'team' | 'channel', tenantId: string, containerId: string): string | undefined {
  let text: string;
  try {
    text = Buffer.from(decodeURIComponent(id), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
  const parts = text.split('##');
  if (parts.length !== 5 || parts[1] !== (kind === 'team' ? '1' : '2')) return undefined;
  if (parts[2]!.toLowerCase() !== tenantId.toLowerCase() || parts[3]!.toLowerCase() !== containerId.toLowerCase()) return undefined;
  return parts[4]!.toLowerCase();
}
