import { directoryArea } from '../../src/graph/directory/index.js';
import { subscriptionsArea } from '../../src/graph/subscriptions/index.js';
import { teamsArea } from '../../src/graph/teams/index.js';
import { generalChannel, newTeamRecord } from '../../src/store/teams/records.js';
import type { TeamsStore } from '../../src/store/teams/types.js';
import { createGraphFixture, ids, TID, type GraphFixture } from '../graph-core/fixture.js';

// The graph-core in-process fixture (real tokens, the real pipeline, an in-memory store) with the
// Teams and subscriptions areas, and one team on the Staff group (Microsoft 365):
//   owner bob · members alice, gina (guest) · admin and room users are not in it
//   channels: General, Projects (standard), Secret (private: bob owner, alice member)

export const team = {
  id: ids.staffGroup,
  general: '19:00000000000000000000000000000001@thread.tacv2',
  projects: '19:00000000000000000000000000000002@thread.tacv2',
  secret: '19:00000000000000000000000000000003@thread.tacv2',
};

export interface TeamsFixture extends GraphFixture {
  teams: TeamsStore;
}

export async function createTeamsFixture(opts: { listen?: boolean } = {}): Promise<TeamsFixture> {
  const f = await createGraphFixture({ areas: [directoryArea, teamsArea, subscriptionsArea], ...opts });
  const teams = f.stores.teams!;
  await f.stores.directory.addMember(TID, ids.staffGroup, ids.gina, 'user');
  const now = new Date(f.clock.now() - 60_000).toISOString();
  const t = newTeamRecord({ tenantId: TID, groupId: team.id, internalId: team.general, now, provisionedAtMs: 0 });
  await teams.putTeam(t);
  await teams.putChannel(generalChannel(t));
  const channel = (id: string, displayName: string, membershipType: 'standard' | 'private') => ({
    tenantId: TID, teamId: team.id, id, displayName, description: null, membershipType, isFavoriteByDefault: null, isPrimary: false, email: '', createdDateTime: now,
  });
  await teams.putChannel(channel(team.projects, 'Projects', 'standard'));
  await teams.putChannel(channel(team.secret, 'Secret', 'private'));
  await teams.putChannelMember({ tenantId: TID, teamId: team.id, channelId: team.secret, userId: ids.bob, roles: ['owner'], createdDateTime: now });
  await teams.putChannelMember({ tenantId: TID, teamId: team.id, channelId: team.secret, userId: ids.alice, roles: [], createdDateTime: now });
  return Object.assign(f, { teams });
}

export const enc = encodeURIComponent;
