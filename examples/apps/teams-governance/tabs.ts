import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunLog } from '../shared/run-log.js';

// The Teams app's tabs, client side, each with the scopes its feature was granted.

interface Team {
  id: string;
  displayName: string;
}
interface Channel {
  id: string;
  displayName: string;
  membershipType?: string;
}

/** Basic scope: the user's teams and their channels, and the people picker. */
export async function basicTab(graph: Client, log: RunLog): Promise<{ team?: Team; channels: Channel[] }> {
  const teams = await log.step('basic', 'GET /me/joinedTeams', () => graph.api('/me/joinedTeams').select('id,displayName').get().then((r: { value: Team[] }) => r.value), (v) => `${v.length} teams`);
  const team = teams?.find((x) => x.displayName === 'Marketing') ?? teams?.[0];
  let channels: Channel[] = [];
  if (team) {
    channels =
      (await log.step('basic', 'GET /teams/{id}/channels', () => graph.api(`/teams/${team.id}/channels`).select('id,displayName,membershipType').get().then((r: { value: Channel[] }) => r.value), (v) => `${v.length} channels in ${team.displayName}`)) ?? [];
  }
  await log.step('basic', 'GET /users (people picker)', () => graph.api('/users').select('id,displayName,mail').top(25).get().then((r: { value: unknown[] }) => r.value), (v) => `${v.length} people`);
  return { team, channels };
}

/** Home scope: settings, members, channel settings and members, tabs of the user's team. */
export async function homeTab(graph: Client, log: RunLog, team: Team, channels: Channel[]): Promise<void> {
  await log.step('home', 'GET /teams/{id}', () => graph.api(`/teams/${team.id}`).get(), (t: { memberSettings?: unknown }) => (t.memberSettings ? 'team settings' : 'team'));
  await log.step('home', 'GET /teams/{id}/members', () => graph.api(`/teams/${team.id}/members`).get().then((r: { value: unknown[] }) => r.value), (v) => `${v.length} members`);
  const channel = channels.find((c) => c.membershipType === 'private') ?? channels[0];
  if (!channel) return;
  await log.step('home', 'GET /teams/{id}/channels/{id}', () => graph.api(`/teams/${team.id}/channels/${channel.id}`).get(), (c: { displayName: string }) => c.displayName);
  await log.step('home', 'GET /teams/{id}/channels/{id}/members', () => graph.api(`/teams/${team.id}/channels/${channel.id}/members`).get().then((r: { value: unknown[] }) => r.value), (v) => `${v.length} channel members`);
  await log.step('home', 'GET /teams/{id}/channels/{id}/tabs', () => graph.api(`/teams/${team.id}/channels/${channel.id}/tabs`).get().then((r: { value: unknown[] }) => r.value), (v) => `${v.length} tabs`);
}

/** Catalog scope: sensitivity labels a catalog manager may put on a team template. */
export async function catalogTab(graph: Client, log: RunLog): Promise<void> {
  await log.step(
    'catalog',
    'GET /beta/me/security/informationProtection/sensitivityLabels',
    () => graph.api('/me/security/informationProtection/sensitivityLabels').version('beta').get().then((r: { value: { name: string }[] }) => r.value),
    (v) => `${v.length} labels`,
  );
}

/** Settings scope (Global or Teams administrators): find the people to make catalog managers. */
export async function settingsTab(graph: Client, log: RunLog): Promise<void> {
  await log.step(
    'settings',
    'GET /users?$search',
    () => graph.api('/users').header('ConsistencyLevel', 'eventual').search('"displayName:Megan"').select('id,displayName,mail').get().then((r: { value: unknown[] }) => r.value),
    (v) => `${v.length} found`,
  );
}
