import type { Clock } from '../../shared/clock.js';
import type { Ids } from '../../shared/ids.js';
import type { LoadedTenantFile } from '../../tenant-file/types.js';
import type { Stores } from '../types.js';
import { generalChannel, newTeamRecord, newThreadId } from './records.js';
import type { ChannelRecord, TeamsStore } from './types.js';

// Teams the tenant file declares (`groups[].team: { channels }`), seeded after seedTenants: the
// group, its members and owners are already in the DirectoryStore; this adds the team (ready at
// once, no provisioning delay), its General channel and the declared channels. Ids come from the
// data dir's stable ids, so a reset gives every team and channel the id it had. A private
// channel's roster starts with the group's owners as channel owners (the tenant file names no
// roster; in Teams the creator of a private channel is its owner).

export interface SeedTeamsDeps {
  clock: Clock;
  ids: Ids;
}

export async function seedTeams(stores: Stores, loaded: LoadedTenantFile, deps: SeedTeamsDeps): Promise<{ teams: number; channels: number }> {
  const teams: TeamsStore | undefined = stores.teams;
  if (!teams) throw new Error('seedTeams: the Teams store is not wired (Stores.teams; see src/store/teams/index.ts)');
  const now = deps.clock.nowDate().toISOString();
  let teamCount = 0;
  let channelCount = 0;
  await stores.transaction(async () => {
    for (const spec of loaded.tenants) {
      const domain = spec.domain.toLowerCase();
      const tenant = await stores.directory.getTenant(domain);
      if (!tenant) throw new Error(`seedTeams: tenant ${domain} is not seeded (call seedTeams after seedTenants)`);
      for (const g of spec.groups) {
        if (!g.team) continue;
        const group = g.mail ? await stores.directory.getGroup(tenant.id, g.mail) : undefined;
        if (!group) throw new Error(`seedTeams: ${g.source.file}:${g.source.line}: the group of this team (${g.mail ?? g.displayName}) is not seeded`);
        const stable = (what: string) => stores.stableIds.idFor('teams', `${domain}:${group.mail}:${what}`, () => newThreadId(deps.ids));
        const team = newTeamRecord({ tenantId: tenant.id, groupId: group.id, internalId: await stable('team'), now, provisionedAtMs: 0 });
        await teams.putTeam(team);
        await teams.putChannel(generalChannel(team));
        teamCount++;
        channelCount++;
        const owners = await stores.directory.listMembers(tenant.id, group.id, 'owner');
        for (const c of g.team.channels) {
          const channel: ChannelRecord = {
            tenantId: tenant.id,
            teamId: team.id,
            id: await stable(`channel:${c.displayName.toLowerCase()}`),
            displayName: c.displayName,
            description: c.description ?? null,
            membershipType: c.membershipType ?? 'standard',
            isFavoriteByDefault: null,
            isPrimary: false,
            email: '',
            createdDateTime: now,
          };
          await teams.putChannel(channel);
          channelCount++;
          if (channel.membershipType === 'private') {
            for (const o of owners.filter((m) => m.type === 'user')) {
              await teams.putChannelMember({ tenantId: tenant.id, teamId: team.id, channelId: channel.id, userId: o.id, roles: ['owner'], createdDateTime: now });
            }
          }
        }
      }
    }
  });
  return { teams: teamCount, channels: channelCount };
}
