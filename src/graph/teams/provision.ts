import type { Services } from '../../shared/services.js';
import { generalChannel, newTeamRecord, newThreadId } from '../../store/teams/records.js';
import type { ChannelRecord, InstalledAppRecord, TeamRecord, TeamSettings } from '../../store/teams/types.js';
import type { GroupRecord } from '../../store/types.js';
import { teamsStore } from './access.js';

// Creating a team on a Microsoft 365 group: the team record, its General channel, the channels and
// apps the request names. Shared by POST /teams (asynchronous: ready at `provisionedAtMs`) and
// PUT /groups/{id}/team (synchronous).

export interface NewChannel {
  displayName: string;
  description: string | null;
  isFavoriteByDefault: boolean | null;
  membershipType: 'standard' | 'private';
  /** Private channels: the roster, owners first. */
  roster?: { userId: string; roles: string[] }[];
}

export async function provisionTeam(
  s: Services,
  o: {
    tenantId: string;
    group: GroupRecord;
    provisionedAtMs: number;
    visibility?: 'public' | 'private';
    settings?: Partial<TeamSettings>;
    channels?: NewChannel[];
    installedApps?: string[];
  },
): Promise<TeamRecord> {
  const store = teamsStore(s);
  const now = s.clock.nowDate().toISOString();
  const team = newTeamRecord({
    tenantId: o.tenantId,
    groupId: o.group.id,
    internalId: newThreadId(s.ids),
    now,
    provisionedAtMs: o.provisionedAtMs,
    visibility: o.visibility,
    settings: o.settings,
  });
  await store.putTeam(team);
  await store.putChannel(generalChannel(team));
  for (const c of o.channels ?? []) await createChannel(s, team, c);
  for (const appId of o.installedApps ?? []) await store.putInstalledApp(installation(team, appId, s.clock.now()));
  return team;
}

export async function createChannel(s: Services, team: TeamRecord, c: NewChannel): Promise<ChannelRecord> {
  const store = teamsStore(s);
  const now = s.clock.nowDate().toISOString();
  const channel: ChannelRecord = {
    tenantId: team.tenantId,
    teamId: team.id,
    id: newThreadId(s.ids),
    displayName: c.displayName,
    description: c.description,
    membershipType: c.membershipType,
    isFavoriteByDefault: c.isFavoriteByDefault,
    isPrimary: false,
    email: '',
    createdDateTime: now,
  };
  await store.putChannel(channel);
  if (c.membershipType === 'private') {
    for (const m of c.roster ?? []) {
      await store.putChannelMember({ tenantId: team.tenantId, teamId: team.id, channelId: channel.id, userId: m.userId, roles: m.roles, createdDateTime: now });
    }
  }
  return channel;
}

/** Installation ids as Teams writes them: base64 of `<team id>##<teams app id>`. */
export function installation(team: TeamRecord, teamsAppId: string, nowMs: number): InstalledAppRecord {
  return {
    tenantId: team.tenantId,
    teamId: team.id,
    id: Buffer.from(`${team.id}##${teamsAppId}`).toString('base64'),
    teamsAppId,
    createdMs: nowMs,
  };
}

/** A mail nickname for a new team's group: its name's letters and digits, made unique in the tenant. */
export async function uniqueMailNickname(s: Services, tenantId: string, domain: string, displayName: string): Promise<string> {
  const base = displayName.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '') || 'team';
  for (let i = 0; ; i++) {
    const nick = i === 0 ? base : `${base}${i}`;
    if (!(await s.stores.directory.getGroup(tenantId, `${nick.toLowerCase()}@${domain}`))) return nick;
  }
}
