import { ConfidentialClientApplication, type AccountInfo } from '@azure/msal-node';
import { graphClient } from '../shared/graph.js';
import { RunLog, runMain } from '../shared/run-log.js';
import { msalAuth, target } from '../shared/target.js';
import { adminConsentForApplication, authorizeFeature, CLIENT_ID, SECRET } from './consent.js';
import { applicationModel, provisionTeam } from './provisioning.js';
import { basicTab, catalogTab, homeTab, settingsTab } from './tabs.js';

// teams-governance: self-service team requests and provisioning from a Teams app (seed 004).
// Client side it asks for permissions incrementally, per tab: basic (any tab), home, catalog,
// settings. Server side, jobs run as a registered service account (delegated) or as the
// application. Features, in order (all by default):
//
//   basic            the user's teams and channels, the people picker
//   home             team settings, members, channel settings and members, tabs
//   catalog          sensitivity labels for templates (a catalog manager)
//   settings         the settings tab (a Teams administrator): find people
//   service-account  an admin registers the service account; it provisions a requested team
//   application      the application model, with the permissions the vendor's table types as
//                    Application (Mail.Send, User.Read.All): it cannot create the team
//
//   node --import tsx examples/apps/teams-governance/app.ts [feature...]
//
// Environment: TENANTBOX_URL or HTTPS_PROXY (../shared/target.ts), TEAMS_GOVERNANCE_CLIENT_ID,
// TEAMS_GOVERNANCE_SECRET, TEAMS_USER, TEAMS_ADMIN, TEAMS_SERVICE_ACCOUNT (login hints).

const BASIC = ['openid', 'offline_access', 'email', 'profile', 'User.ReadBasic.All', 'Team.ReadBasic.All', 'Channel.ReadBasic.All'];
const HOME = ['TeamSettings.Read.All', 'TeamMember.Read.All', 'ChannelMember.Read.All', 'ChannelSettings.Read.All', 'TeamsTab.Read.All'];
const CATALOG = ['InformationProtectionPolicy.Read'];
const SERVICE_ACCOUNT = [
  'openid', 'offline_access', 'email', 'profile', 'Mail.Send', 'User.Read.All', 'Group.ReadWrite.All', 'InformationProtectionPolicy.Read', 'Team.Create',
  'TeamSettings.ReadWrite.All', 'TeamsAppInstallation.ReadWriteForTeam', 'TeamMember.ReadWrite.All', 'TeamsTab.ReadWrite.All', 'Channel.Create',
  'ChannelSettings.ReadWrite.All', 'ChannelMember.ReadWrite.All',
];
const FEATURES = ['basic', 'home', 'catalog', 'settings', 'service-account', 'application'];

async function main(): Promise<RunLog> {
  const t = target();
  const log = new RunLog('teams-governance', t.mode);
  const asked = process.argv.slice(2);
  const bad = asked.filter((f) => !FEATURES.includes(f));
  if (bad.length) throw new Error(`unknown feature ${bad.join(', ')}; features: ${FEATURES.join(', ')}`);
  const wanted = (f: string) => asked.length === 0 || asked.includes(f);
  const cca = new ConfidentialClientApplication({ auth: msalAuth(t, CLIENT_ID, SECRET) });
  const user = process.env.TEAMS_USER ?? 'megan@contoso.test';
  const graphAs = (account: AccountInfo, scopes: string[]) => graphClient(t, async () => (await cca.acquireTokenSilent({ account, scopes })).accessToken);
  const request = { displayName: 'Project Nova', requester: user, owners: ['Lidia'], members: ['Cameron', 'Bianca'] };

  let home: Awaited<ReturnType<typeof basicTab>> = { channels: [] };
  if (wanted('basic') || wanted('home')) {
    const account = await authorizeFeature(t, cca, log, { context: 'basic', scopes: BASIC, loginHint: user });
    if (account) home = await basicTab(graphAs(account, BASIC), log);
  }
  if (wanted('home')) {
    const account = await authorizeFeature(t, cca, log, { context: 'home', scopes: HOME, loginHint: user });
    if (account && home.team) await homeTab(graphAs(account, HOME), log, home.team, home.channels);
  }
  if (wanted('catalog')) {
    const account = await authorizeFeature(t, cca, log, { context: 'catalog', scopes: CATALOG, loginHint: user });
    if (account) await catalogTab(graphAs(account, CATALOG), log);
  }
  if (wanted('settings')) {
    const admin = process.env.TEAMS_ADMIN ?? 'isaiah@contoso.test';
    const account = await authorizeFeature(t, cca, log, { context: 'settings', scopes: BASIC, loginHint: admin });
    if (account) await settingsTab(graphAs(account, BASIC), log);
  }
  if (wanted('service-account')) {
    const svc = process.env.TEAMS_SERVICE_ACCOUNT ?? 'svc-teamsgov@contoso.test';
    const account = await authorizeFeature(t, cca, log, { context: 'service-account', scopes: SERVICE_ACCOUNT, loginHint: svc });
    if (account) await provisionTeam(graphAs(account, SERVICE_ACCOUNT), log, request);
  }
  if (wanted('application')) {
    const token = async () => (await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken;
    if ((await adminConsentForApplication(t, log)) && (await log.step('application', 'client credentials', token, () => 'app-only token'))) {
      await applicationModel(graphClient(t, token), log, request, process.env.TEAMS_SERVICE_ACCOUNT ?? 'svc-teamsgov@contoso.test');
    }
  }
  return log;
}

runMain(main);
