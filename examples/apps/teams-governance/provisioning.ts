import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { promptLine } from '../shared/prompts.js';
import type { RunLog } from '../shared/run-log.js';

// Server-side jobs: provisioning an approved team request, as the registered service account
// (delegated), and what the application model can do with the permissions it is registered with.

const GRAPH = 'https://graph.microsoft.com/v1.0';
const userBind = (id: string) => `${GRAPH}/users('${id}')`;
const appBind = (id: string) => `${GRAPH}/appCatalogs/teamsApps/${id}`;
const member = (id: string, roles: string[]) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles, 'user@odata.bind': userBind(id) });

export interface TeamRequest {
  displayName: string;
  requester: string;
  owners: string[];
  members: string[];
}

/** Finds people by display name (the request's owners and members). */
async function findUsers(graph: Client, log: RunLog, feature: string, names: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const n of names) {
    const found = await log.step(
      feature,
      'GET /users?$filter=startswith(displayName)',
      () => graph.api('/users').filter(`startswith(displayName,'${n}')`).select('id,displayName,userPrincipalName').get().then((r: { value: { id: string }[] }) => r.value),
      (v) => `${v.length} match "${n}"`,
    );
    if (found?.[0]) ids.set(n, found[0].id);
  }
  return ids;
}

export async function provisionTeam(graph: Client, log: RunLog, req: TeamRequest): Promise<void> {
  const f = 'service-account';
  const ids = await findUsers(graph, log, f, [...req.owners, ...req.members]);
  const labels = await log.step(
    f,
    'GET /beta/me/security/informationProtection/sensitivityLabels',
    () => graph.api('/me/security/informationProtection/sensitivityLabels').version('beta').get().then((r: { value: { id: string; name: string }[] }) => r.value),
    (v) => `${v.length} labels`,
  );

  // POST /teams answers 202 with the operation to poll in Location: /teams('{id}')/operations('{id}').
  const created = await log.step(
    f,
    'POST /teams',
    async () => {
      const res = (await graph.api('/teams').responseType(ResponseType.RAW).post({
        'template@odata.bind': `${GRAPH}/teamsTemplates('standard')`,
        displayName: req.displayName,
        description: `Requested by ${req.requester}`,
        visibility: 'Private',
      })) as Response;
      if (res.status !== 202) throw Object.assign(new Error(await res.text()), { statusCode: res.status });
      const m = /^\/teams\('([^']+)'\)\/operations\('([^']+)'\)$/.exec(res.headers.get('location') ?? '');
      if (!m) throw new Error(`unexpected Location: ${res.headers.get('location')}`);
      // The same operation in path form (both address it; this one reads better in logs and audits).
      return { team: m[1]!, operation: `/teams/${m[1]}/operations/${m[2]}` };
    },
    () => 'accepted (202), provisioning',
  );
  if (!created) return;
  const team = created.team;

  // Provisioning takes a while: poll, say so once, then poll every two seconds.
  const ready = await log.step(
    f,
    'GET /teams/{id}/operations/{id}',
    async () => {
      for (let i = 0; i < 30; i++) {
        const op = (await graph.api(created.operation).get()) as { status: string };
        if (op.status === 'succeeded') return op;
        if (op.status === 'failed') throw new Error('team provisioning failed');
        if (i === 0) console.log(promptLine({ kind: 'wait', what: 'team provisioning' }));
        await new Promise((r) => setTimeout(r, 2000));
      }
      throw new Error('team provisioning did not finish within a minute');
    },
    () => 'succeeded',
  );
  if (!ready) return;

  await log.step(f, 'PATCH /teams/{id}', () => graph.api(`/teams/${team}`).patch({ memberSettings: { allowCreateUpdateChannels: false, allowDeleteChannels: false }, guestSettings: { allowCreateUpdateChannels: false } }), () => 'settings applied');
  for (const name of req.owners) {
    const id = ids.get(name);
    if (id) await log.step(f, 'POST /teams/{id}/members (owner)', () => graph.api(`/teams/${team}/members`).post(member(id, ['owner'])), () => `${name} is an owner`);
  }
  for (const name of req.members) {
    const id = ids.get(name);
    if (id) await log.step(f, 'POST /teams/{id}/members', () => graph.api(`/teams/${team}/members`).post(member(id, [])), () => `${name} is a member`);
  }
  const planning = await log.step(f, 'POST /teams/{id}/channels', () => graph.api(`/teams/${team}/channels`).post({ displayName: 'Planning', description: 'Plans and milestones' }) as Promise<{ id: string }>, () => 'Planning created');
  if (planning) {
    await log.step(f, 'PATCH /teams/{id}/channels/{id}', () => graph.api(`/teams/${team}/channels/${planning.id}`).patch({ description: `Plans and milestones of ${req.displayName}` }), () => 'channel settings applied');
  }
  const leads = await log.step(f, 'POST /teams/{id}/channels (private)', () => graph.api(`/teams/${team}/channels`).post({ displayName: 'Leads', membershipType: 'private' }) as Promise<{ id: string }>, () => 'private channel Leads created');
  const firstOwner = ids.get(req.owners[0] ?? '');
  if (leads && firstOwner) {
    await log.step(f, 'POST /teams/{id}/channels/{id}/members', () => graph.api(`/teams/${team}/channels/${leads.id}/members`).post(member(firstOwner, ['owner'])), () => `${req.owners[0]} owns Leads`);
  }
  await log.step(f, 'POST /teams/{id}/installedApps', () => graph.api(`/teams/${team}/installedApps`).post({ 'teamsApp@odata.bind': appBind('com.microsoft.teamspace.tab.planner') }), () => 'Planner installed');
  if (planning) {
    await log.step(
      f,
      'POST /teams/{id}/channels/{id}/tabs',
      () =>
        graph.api(`/teams/${team}/channels/${planning.id}/tabs`).post({
          displayName: 'Team charter',
          'teamsApp@odata.bind': appBind('com.microsoft.teamspace.tab.web'),
          configuration: { contentUrl: 'https://governance.example.test/charter', websiteUrl: 'https://governance.example.test/charter' },
        }),
      () => 'charter tab added',
    );
  }
  const label = labels?.find((l) => l.name === 'Confidential');
  if (label) {
    await log.step(f, 'PATCH /groups/{id} (sensitivity label)', () => graph.api(`/groups/${team}`).patch({ assignedLabels: [{ labelId: label.id }] }), () => `labelled ${label.name}`);
  }
  await log.step(
    f,
    'POST /me/sendMail',
    () => graph.api('/me/sendMail').post({ message: { subject: `Your team ${req.displayName} is ready`, body: { contentType: 'text', content: 'It has been provisioned from the Project template.' }, toRecipients: [{ emailAddress: { address: req.requester } }] } }),
    () => `told ${req.requester}`,
  );
}

/** The application model, with what the vendor's table registers as application permissions. */
export async function applicationModel(graph: Client, log: RunLog, req: TeamRequest, sender: string): Promise<void> {
  const f = 'application';
  const ids = await findUsers(graph, log, f, req.owners);
  await log.step(
    f,
    'POST /users/{id}/sendMail',
    () => graph.api(`/users/${sender}/sendMail`).post({ message: { subject: `Your team request ${req.displayName} was approved`, body: { contentType: 'text', content: 'Provisioning starts now.' }, toRecipients: [{ emailAddress: { address: req.requester } }] } }),
    () => `mail sent as ${sender}`,
  );
  const owner = ids.get(req.owners[0] ?? '');
  await log.step(
    f,
    'POST /teams',
    () =>
      graph.api('/teams').post({
        'template@odata.bind': `${GRAPH}/teamsTemplates('standard')`,
        displayName: `${req.displayName} (app)`,
        visibility: 'Private',
        members: owner ? [member(owner, ['owner'])] : [],
      }),
    () => 'accepted',
  );
}
