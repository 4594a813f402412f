import type { InstalledAppRecord, TabRecord } from '../../../store/teams/types.js';
import type { CollectionSpec, ExpandSpec, Resource } from '../../odata/collection.js';
import { toGraphTeamsApp, toGraphTeamsAppDefinition, type CatalogApp } from '../app-catalog.js';

// teamsTab (graph-docs resources/teamstab.md), teamsAppInstallation (teamsappinstallation.md) and
// teamsApp (teamsapp.md). `teamsApp` and `teamsAppDefinition` come with `$expand`, as in Graph.

export function tabWebUrl(t: TabRecord): string {
  return `https://teams.microsoft.com/l/channel/${encodeURIComponent(t.channelId)}/tab::${t.id}?groupId=${t.teamId}&tenantId=${t.tenantId}`;
}

export function toGraphTab(t: TabRecord): Resource {
  return { id: t.id, displayName: t.displayName, webUrl: tabWebUrl(t), configuration: { ...t.configuration }, _teamsAppId: t.teamsAppId };
}

export function toGraphInstalledApp(a: InstalledAppRecord): Resource {
  return { id: a.id, _teamsAppId: a.teamsAppId };
}

/** Expansions resolving the stored app id through the catalog (`_teamsAppId` is never shown). */
export function appExpansions(lookup: (id: string) => Promise<CatalogApp | undefined>): Record<string, ExpandSpec> {
  return {
    teamsApp: {
      load: async (item) => {
        const app = await lookup(String(item._teamsAppId));
        return app ? toGraphTeamsApp(app) : null;
      },
    },
    teamsAppDefinition: {
      load: async (item) => {
        const app = await lookup(String(item._teamsAppId));
        return app ? toGraphTeamsAppDefinition(app) : null;
      },
    },
  };
}

export function tabSpec(expand: Record<string, ExpandSpec>): CollectionSpec {
  return {
    type: 'teamsTab',
    resourceName: 'TeamsTab',
    entitySet: 'tabs',
    properties: { id: { filter: ['eq'] }, displayName: { filter: ['eq', 'startswith'] }, webUrl: {}, configuration: {} },
    expand: { teamsApp: expand.teamsApp! },
    pageSize: 100,
    maxTop: 999,
    skip: false,
    count: false,
    search: false,
    directoryAdvancedQueries: false,
  };
}

export function installedAppSpec(expand: Record<string, ExpandSpec>): CollectionSpec {
  return {
    type: 'teamsAppInstallation',
    resourceName: 'TeamsAppInstallation',
    entitySet: 'installedApps',
    properties: { id: { filter: ['eq'] } },
    expand,
    pageSize: 100,
    maxTop: 999,
    skip: false,
    count: false,
    search: false,
    directoryAdvancedQueries: false,
  };
}

export const TEAMS_APP_SPEC: CollectionSpec = {
  type: 'teamsApp',
  resourceName: 'TeamsApp',
  entitySet: 'appCatalogs/teamsApps',
  properties: { id: { filter: ['eq'] }, externalId: { filter: ['eq'] }, displayName: { filter: ['eq', 'startswith'] }, distributionMethod: { filter: ['eq'] } },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};
