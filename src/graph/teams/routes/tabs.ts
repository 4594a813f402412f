import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../shared/services.js';
import type { TabRecord } from '../../../store/teams/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { entityContext } from '../../odata/links.js';
import { param, teamsStore } from '../access.js';
import { boundAppId, findCatalogApp } from '../app-catalog.js';
import { optString, peekBody, rejectUnknown, requireBody, type Body } from '../bodies.js';
import { team, type TeamResource, type TeamTarget } from '../rules.js';
import { appExpansions, tabSpec, toGraphTab } from '../shapes/app-shape.js';

// Channel tabs (channel-list-tabs.md, channel-post-tabs.md, channel-get-tabs.md,
// channel-patch-tabs.md, channel-delete-tabs.md). A tab's app must be installed in the team
// (the Website app is always available). Members may manage tabs as far as
// memberSettings.allowCreateUpdateRemoveTabs allows. TeamsTab.ReadWriteSelfForTeam reaches only
// the calling app's own tabs; TeamsTab.Create creates tabs of any app but cannot read or change
// them afterwards (its catalog entries cover creation only).

type P = { Params: { teamId: string; channelId: string; tabId: string } };

const isSelf = (p: string) => /selfforteam(\.all)?$/i.test(p);
const TAB_SETTING = { member: 'allowCreateUpdateRemoveTabs' } as const;

export function registerTabRoutes(app: FastifyInstance): void {
  const where = (p: P['Params'], need: TeamResource['need'], more: Partial<TeamResource> = {}) =>
    team(param(p, 'teamId'), need, { channelId: param(p, 'channelId'), channelNeed: 'read', ...more });
  const tabApp = (s: Services, p: P['Params'], tenantId: () => string) => async () =>
    (await teamsStore(s).getTab(tenantId(), param(p, 'teamId').toLowerCase(), param(p, 'channelId'), param(p, 'tabId')))?.teamsAppId;

  app.get<P>('/teams/:teamId/channels/:channelId/tabs', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: where(req.params, 'read') });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    let tabs = await teamsStore(s).listTabs(auth.tenant.id, ch.teamId, ch.id);
    if (auth.allowing.every(isSelf)) tabs = await own(s, auth.tenant.id, auth.principal.appId, tabs);
    const spec = tabSpec(appExpansions((id) => findCatalogApp(s, auth.tenant.id, id)));
    return queryCollection(req, spec, tabs.map(toGraphTab), { contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/tabs` });
  });

  app.get<P>('/teams/:teamId/channels/:channelId/tabs/:tabId', async (req) => {
    const { s } = req.graph.ctx;
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: where(req.params, 'read', { concernsApp: tabApp(s, req.params, () => req.graph.tenant!.id) }) });
    const ch = auth.target.channel!;
    const tab = await mustGet(s, ch.tenantId, ch.teamId, ch.id, param(req.params, 'tabId'));
    const spec = tabSpec(appExpansions((id) => findCatalogApp(s, auth.tenant.id, id)));
    return entityResult(req, spec, toGraphTab(tab), { contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/tabs` });
  });

  app.post<P>('/teams/:teamId/channels/:channelId/tabs', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: where(req.params, TAB_SETTING, { concernsApp: boundAppId(peekBody(req)['teamsApp@odata.bind']) ?? '' }),
    });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'teamsApp@odata.bind', 'configuration', 'sortOrderIndex'], 'teamsTab');
    const displayName = optString(body, 'displayName', { required: true, max: 128 })!;
    const appId = boundAppId(body['teamsApp@odata.bind']);
    if (!appId) throw graphErrors.badRequest("The property 'teamsApp@odata.bind' is required.");
    const catalogApp = await findCatalogApp(s, auth.tenant.id, appId);
    if (!catalogApp) throw graphErrors.teamsNotFound(`App '${appId}' was not found in the app catalog.`);
    if (!catalogApp.alwaysAvailable) {
      const installed = await teamsStore(s).listInstalledApps(auth.tenant.id, ch.teamId);
      if (!installed.some((a) => a.teamsAppId.toLowerCase() === catalogApp.id.toLowerCase())) {
        throw graphErrors.badRequest(`App '${catalogApp.displayName}' is not installed in the team; install it (POST /teams/{id}/installedApps) before adding its tab.`);
      }
    }
    const tab: TabRecord = {
      tenantId: auth.tenant.id,
      teamId: ch.teamId,
      channelId: ch.id,
      id: s.ids.uuid(),
      displayName,
      teamsAppId: catalogApp.id,
      configuration: configuration(body.configuration, { entityId: null, contentUrl: null, removeUrl: null, websiteUrl: null }),
      sortOrderIndex: typeof body.sortOrderIndex === 'string' ? body.sortOrderIndex : String((await teamsStore(s).listTabs(auth.tenant.id, ch.teamId, ch.id)).length * 100 + 10000),
      createdMs: s.clock.now(),
    };
    await teamsStore(s).putTab(tab);
    reply.code(201);
    return { '@odata.context': entityContext(req, `teams('${ch.teamId}')/channels('${ch.id}')/tabs`), ...strip(toGraphTab(tab)) };
  });

  app.patch<P>('/teams/:teamId/channels/:channelId/tabs/:tabId', async (req) => {
    const { s } = req.graph.ctx;
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: where(req.params, TAB_SETTING, { concernsApp: tabApp(s, req.params, () => req.graph.tenant!.id) }) });
    const ch = auth.target.channel!;
    const tab = await mustGet(s, ch.tenantId, ch.teamId, ch.id, param(req.params, 'tabId'));
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'configuration'], 'teamsTab');
    const next: TabRecord = {
      ...tab,
      displayName: optString(body, 'displayName', { max: 128 }) ?? tab.displayName,
      configuration: body.configuration === undefined ? tab.configuration : configuration(body.configuration, tab.configuration),
    };
    await teamsStore(s).putTab(next);
    return { '@odata.context': entityContext(req, `teams('${ch.teamId}')/channels('${ch.id}')/tabs`), ...strip(toGraphTab(next)) };
  });

  app.delete<P>('/teams/:teamId/channels/:channelId/tabs/:tabId', async (req, reply) => {
    const { s } = req.graph.ctx;
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: where(req.params, TAB_SETTING, { concernsApp: tabApp(s, req.params, () => req.graph.tenant!.id) }) });
    const ch = auth.target.channel!;
    await mustGet(s, ch.tenantId, ch.teamId, ch.id, param(req.params, 'tabId'));
    await teamsStore(s).deleteTab(ch.tenantId, ch.teamId, ch.id, param(req.params, 'tabId'));
    reply.code(204);
    return reply.send();
  });
}

async function mustGet(s: Services, tenantId: string, teamId: string, channelId: string, id: string): Promise<TabRecord> {
  const tab = await teamsStore(s).getTab(tenantId, teamId, channelId, id);
  if (!tab) throw graphErrors.teamsNotFound(`Tab '${id}' was not found in channel '${channelId}'.`);
  return tab;
}

async function own(s: Services, tenantId: string, appId: string, tabs: TabRecord[]): Promise<TabRecord[]> {
  const out: TabRecord[] = [];
  for (const t of tabs) if ((await findCatalogApp(s, tenantId, t.teamsAppId))?.azureADAppId?.toLowerCase() === appId.toLowerCase()) out.push(t);
  return out;
}

function configuration(v: unknown, base: TabRecord['configuration']): TabRecord['configuration'] {
  if (v === null || v === undefined) return base;
  if (typeof v !== 'object' || Array.isArray(v)) throw graphErrors.badRequest("Invalid value for property 'configuration'.");
  const c = v as Body;
  const out = { ...base };
  for (const k of Object.keys(c)) {
    if (k.startsWith('@odata.')) continue;
    if (!(k in base)) throw graphErrors.badRequest(`Could not find a property named '${k}' on type 'microsoft.graph.teamsTabConfiguration'.`);
    const x = c[k];
    if (x !== null && typeof x !== 'string') throw graphErrors.badRequest(`Invalid value for property 'configuration.${k}'.`);
    (out as Record<string, string | null>)[k] = x as string | null;
  }
  return out;
}

/** The internal app id rides along for $expand; a created or updated tab is returned without it. */
function strip(r: Record<string, unknown>): Record<string, unknown> {
  const { _teamsAppId: _, ...rest } = r;
  return rest;
}
