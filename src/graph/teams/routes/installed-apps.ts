import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { param, teamsStore } from '../access.js';
import { boundAppId, findCatalogApp } from '../app-catalog.js';
import { peekBody, rejectUnknown, requireBody } from '../bodies.js';
import { installation } from '../provision.js';
import { team, type TeamTarget } from '../rules.js';
import { appExpansions, installedAppSpec, toGraphInstalledApp } from '../shapes/app-shape.js';

// Apps installed in a team (team-list-installedapps.md, team-post-installedapps.md,
// team-get-installedapps.md, team-delete-installedapps.md). Members may add and remove apps as
// far as memberSettings.allowAddRemoveApps allows; a *SelfForTeam permission reaches only the
// calling app's own organization app (its installation; the list shows only it).

type P = { Params: { teamId: string; appInstallationId: string } };

const isSelf = (p: string) => /selfforteam(\.all)?$/i.test(p);

export function registerInstalledAppRoutes(app: FastifyInstance): void {
  app.get<P>('/teams/:teamId/installedApps', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'read') });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    let list = await teamsStore(s).listInstalledApps(auth.tenant.id, t.id);
    if (auth.allowing.every(isSelf)) {
      const own = [];
      for (const a of list) if ((await findCatalogApp(s, auth.tenant.id, a.teamsAppId))?.azureADAppId?.toLowerCase() === auth.principal.appId.toLowerCase()) own.push(a);
      list = own;
    }
    const spec = installedAppSpec(appExpansions((id) => findCatalogApp(s, auth.tenant.id, id)));
    return queryCollection(req, spec, list.map(toGraphInstalledApp), { contextEntitySet: `teams('${t.id}')/installedApps` });
  });

  app.get<P>('/teams/:teamId/installedApps/:appInstallationId', async (req) => {
    const { s } = req.graph.ctx;
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), 'read', { concernsApp: () => installedAppOf(req.graph.tenant!.id, param(req.params, 'teamId'), param(req.params, 'appInstallationId')) }),
    });
    const t = auth.target.team;
    const a = await teamsStore(s).getInstalledApp(auth.tenant.id, t.id, param(req.params, 'appInstallationId'));
    if (!a) throw graphErrors.teamsNotFound(`App installation '${param(req.params, 'appInstallationId')}' was not found in team '${t.id}'.`);
    const spec = installedAppSpec(appExpansions((id) => findCatalogApp(s, auth.tenant.id, id)));
    return entityResult(req, spec, toGraphInstalledApp(a), { contextEntitySet: `teams('${t.id}')/installedApps` });

    async function installedAppOf(tenantId: string, teamId: string, id: string) {
      return (await teamsStore(s).getInstalledApp(tenantId, teamId.toLowerCase(), id))?.teamsAppId;
    }
  });

  app.post<P>('/teams/:teamId/installedApps', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params, 'teamId'), { member: 'allowAddRemoveApps' }, { concernsApp: boundAppId(peekBody(req)['teamsApp@odata.bind']) ?? '' }),
    });
    const { s } = req.graph.ctx;
    const t = auth.target.team;
    const body = requireBody(req);
    rejectUnknown(body, ['teamsApp@odata.bind', 'teamsAppDefinition@odata.bind', 'consentedPermissionSet'], 'teamsAppInstallation');
    const appId = boundAppId(body['teamsApp@odata.bind']);
    if (!appId) throw graphErrors.badRequest("The property 'teamsApp@odata.bind' is required.");
    const catalogApp = await findCatalogApp(s, auth.tenant.id, appId);
    if (!catalogApp) throw graphErrors.teamsNotFound(`App '${appId}' was not found in the app catalog.`);
    const existing = await teamsStore(s).listInstalledApps(auth.tenant.id, t.id);
    if (existing.some((a) => a.teamsAppId.toLowerCase() === catalogApp.id.toLowerCase())) throw graphErrors.teamsConflict(`App '${catalogApp.displayName}' is already installed in team '${t.id}'.`);
    await teamsStore(s).putInstalledApp(installation(t, catalogApp.id, s.clock.now()));
    reply.code(201);
    return reply.send();
  });

  app.delete<P>('/teams/:teamId/installedApps/:appInstallationId', async (req, reply) => {
    const { s } = req.graph.ctx;
    const teamId = param(req.params, 'teamId');
    const installId = param(req.params, 'appInstallationId');
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(teamId, { member: 'allowAddRemoveApps' }, { concernsApp: async () => (await teamsStore(s).getInstalledApp(req.graph.tenant!.id, teamId.toLowerCase(), installId))?.teamsAppId }),
    });
    const t = auth.target.team;
    if (!(await teamsStore(s).deleteInstalledApp(auth.tenant.id, t.id, installId))) {
      throw graphErrors.teamsNotFound(`App installation '${installId}' was not found in team '${t.id}'.`);
    }
    reply.code(204);
    return reply.send();
  });
}
