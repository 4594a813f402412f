import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { catalogApps, toGraphTeamsApp, toGraphTeamsAppDefinition } from '../app-catalog.js';
import { TEAMS_APP_SPEC } from '../shapes/app-shape.js';

// GET /appCatalogs/teamsApps (appcatalogs-list-teamsapps.md): the apps tenantbox's catalog holds
// (see ../app-catalog.ts), filterable by id, externalId, displayName and distributionMethod;
// `$expand=appDefinitions` gives each app's one definition.

export function registerAppCatalogRoutes(app: FastifyInstance): void {
  app.get('/appCatalogs/teamsApps', async (req) => {
    const auth = await authorize(req, { workload: 'teams' });
    const apps = await catalogApps(req.graph.ctx.s, auth.tenant.id);
    const byId = new Map(apps.map((a) => [a.id, a]));
    const spec = { ...TEAMS_APP_SPEC, expand: { appDefinitions: { load: async (item: Record<string, unknown>) => [toGraphTeamsAppDefinition(byId.get(String(item.id))!)] } } };
    return queryCollection(req, spec, apps.map(toGraphTeamsApp));
  });
}
