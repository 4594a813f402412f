import { createHash } from 'node:crypto';
import type { Services } from '../../shared/services.js';

// The Teams app catalog tenantbox knows (`/appCatalogs/teamsApps`): a few Microsoft store apps
// (ids as the Graph docs use them in team-post.md and teamstab docs) and, for every app
// registration of the tenant, an organization app whose `azureADAppId` is that registration, so an
// app can install itself and add its own tabs (what the `*SelfForTeam` permissions allow).
// The Website tab app is always available for tabs; other apps must be installed in the team first.

export interface CatalogApp {
  id: string;
  externalId: string | null;
  displayName: string;
  distributionMethod: 'store' | 'organization';
  /** The Entra app behind it (organization apps), for the *Self* permissions. */
  azureADAppId: string | null;
  /** Usable in a tab without being installed in the team. */
  alwaysAvailable: boolean;
  shortDescription: string;
}

const STORE: CatalogApp[] = [
  { id: 'com.microsoft.teamspace.tab.web', displayName: 'Website', shortDescription: 'Pin a website as a tab.', alwaysAvailable: true },
  { id: 'com.microsoft.teamspace.tab.youtube', displayName: 'YouTube', shortDescription: 'Pin a YouTube video as a tab.', alwaysAvailable: false },
  { id: 'com.microsoft.teamspace.tab.vsts', displayName: 'Azure DevOps', shortDescription: 'Boards, pipelines and repos in a tab.', alwaysAvailable: false },
  { id: 'com.microsoft.teamspace.tab.planner', displayName: 'Tasks by Planner and To Do', shortDescription: 'Plans and tasks.', alwaysAvailable: false },
  { id: '0d820ecd-def2-4297-adad-78056cde7c78', displayName: 'OneNote', shortDescription: 'Notebooks in a tab.', alwaysAvailable: false },
].map((a) => ({ ...a, externalId: null, distributionMethod: 'store' as const, azureADAppId: null }));

/** The organization app id for an app registration: stable per tenant and appId. */
export function organizationAppId(tenantId: string, appId: string): string {
  const h = createHash('sha256').update(`teamsApp:${tenantId.toLowerCase()}:${appId.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function catalogApps(s: Services, tenantId: string): Promise<CatalogApp[]> {
  const org = (await s.stores.apps.listApplications(tenantId)).map(
    (a): CatalogApp => ({
      id: organizationAppId(tenantId, a.appId),
      externalId: a.appId,
      displayName: a.displayName,
      distributionMethod: 'organization',
      azureADAppId: a.appId,
      alwaysAvailable: false,
      shortDescription: `${a.displayName} (organization app)`,
    }),
  );
  return [...STORE, ...org];
}

export async function findCatalogApp(s: Services, tenantId: string, id: string): Promise<CatalogApp | undefined> {
  const key = id.toLowerCase();
  return (await catalogApps(s, tenantId)).find((a) => a.id.toLowerCase() === key);
}

/** The id in a `teamsApp@odata.bind` value: `.../appCatalogs/teamsApps('{id}')` or `.../teamsApps/{id}`. */
export function boundAppId(bind: unknown): string | undefined {
  if (typeof bind !== 'string') return undefined;
  const m = /teamsApps(?:\('([^']+)'\)|\/([^/?]+))/i.exec(bind);
  return m ? decodeURIComponent(m[1] ?? m[2]!) : undefined;
}

export function toGraphTeamsApp(a: CatalogApp): Record<string, unknown> {
  return { id: a.id, externalId: a.externalId, displayName: a.displayName, distributionMethod: a.distributionMethod };
}

export function toGraphTeamsAppDefinition(a: CatalogApp): Record<string, unknown> {
  return {
    id: Buffer.from(`${a.id}##1.0.0##Published`).toString('base64'),
    teamsAppId: a.id,
    azureADAppId: a.azureADAppId,
    displayName: a.displayName,
    version: '1.0.0',
    publishingState: 'published',
    shortDescription: a.shortDescription,
    description: a.shortDescription,
    lastModifiedDateTime: null,
    createdBy: null,
  };
}
