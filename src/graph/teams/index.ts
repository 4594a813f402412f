import type { FastifyInstance } from 'fastify';
import type { GraphArea } from '../index.js';
import type { GraphContext } from '../pipeline/context.js';
import { teamCreationRule, teamGroupRule, teamOperationRule } from './creation-rule.js';
import { registerAppCatalogRoutes } from './routes/app-catalog.js';
import { registerChannelMemberRoutes } from './routes/channel-members.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerCreateTeam } from './routes/create-team.js';
import { registerGetOperation } from './routes/get-operation.js';
import { registerGetTeam } from './routes/get-team.js';
import { registerInstalledAppRoutes } from './routes/installed-apps.js';
import { registerJoinedTeams } from './routes/joined-teams.js';
import { registerMessageRoutes } from './routes/messages.js';
import { registerTabRoutes } from './routes/tabs.js';
import { registerTeamFromGroup } from './routes/team-from-group.js';
import { registerTeamMemberRoutes } from './routes/team-members.js';
import { registerUpdateTeam } from './routes/update-team.js';
import { teamRule } from './rules.js';

// The Teams area: teams (created asynchronously, or from a group), settings, joinedTeams,
// channels, team and channel members, channel messages and replies, installed apps, tabs, and the
// app catalog. Every route names a `team` resource, so the membership rule (./rules.ts) runs on
// each: delegated callers reach a team only as members.

export const teamsArea: GraphArea = {
  name: 'teams',
  rules(registry) {
    registry.register('team', teamRule);
    registry.register('teamCreation', teamCreationRule);
    registry.register('teamGroup', teamGroupRule);
    registry.register('teamOperation', teamOperationRule);
  },
  routes(app: FastifyInstance, _ctx: GraphContext) {
    registerCreateTeam(app);
    registerGetOperation(app);
    registerGetTeam(app);
    registerUpdateTeam(app);
    registerTeamFromGroup(app);
    registerJoinedTeams(app);
    registerChannelRoutes(app);
    registerTeamMemberRoutes(app);
    registerChannelMemberRoutes(app);
    registerMessageRoutes(app);
    registerInstalledAppRoutes(app);
    registerTabRoutes(app);
    registerAppCatalogRoutes(app);
  },
};
