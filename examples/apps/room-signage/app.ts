import { ConfidentialClientApplication } from '@azure/msal-node';
import { graphClient } from '../shared/graph.js';
import { signInInteractive } from '../shared/interactive.js';
import { RunLog, runMain } from '../shared/run-log.js';
import { msalAuth, target } from '../shared/target.js';
import { runGoogle } from './google-model.js';
import { roomsFromFindRooms, roomsFromPlaces, showSigns, type Sign } from './microsoft.js';

// room-signage: signs outside meeting rooms (seed 002), connected in one of three ways:
//
//   app              (a) an Entra app with application permissions (Calendars.ReadWrite,
//                    User.Read.All, Place.Read.All), which the tenant limits to the signage rooms
//                    with an Exchange application access policy
//   service-account  (b) a licensed service account with Full Access on each room mailbox,
//                    delegated Calendars.ReadWrite.Shared, User.ReadBasic.All, offline_access
//   google           (c) Google Workspace domain-wide delegation, impersonating a dedicated account
//
//   node --import tsx examples/apps/room-signage/app.ts [app] [service-account] [google]
//
// Environment: TENANTBOX_URL or HTTPS_PROXY (../shared/target.ts); SIGNAGE_EXTRA_ROOMS (signs set
// up for rooms the tenant did not put in scope, default andromeda@contoso.test);
// GOOGLE_APPLICATION_CREDENTIALS (the service account's key file, <dataDir>/google/room-signage.json);
// SIGNAGE_GOOGLE_SUBJECT; SIGNAGE_SERVICE_ACCOUNT (login hint); the client ids and secrets below.

const APP_ID = process.env.SIGNAGE_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000003';
const APP_SECRET = process.env.SIGNAGE_SECRET ?? 'signage-secret-1';
const SA_APP_ID = process.env.SIGNAGE_SA_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000004';
const SA_SECRET = process.env.SIGNAGE_SA_SECRET ?? 'signage-svc-secret-1';
const SA_SCOPES = ['Calendars.ReadWrite.Shared', 'User.ReadBasic.All'];
const TZ = process.env.SIGNAGE_TIME_ZONE ?? 'Europe/Berlin';
const EXTRA = (process.env.SIGNAGE_EXTRA_ROOMS ?? 'andromeda@contoso.test').split(',').filter(Boolean);

async function main(): Promise<RunLog> {
  const t = target();
  const log = new RunLog('room-signage', t.mode);
  const models = process.argv.slice(2);
  const wanted = (m: string) => models.length === 0 || models.includes(m);
  const withExtra = (signs: Sign[]) => [...signs, ...EXTRA.filter((r) => !signs.some((s) => s.room === r)).map((room) => ({ room, name: room }))];

  if (wanted('app')) {
    const cca = new ConfidentialClientApplication({ auth: msalAuth(t, APP_ID, APP_SECRET) });
    const token = async () => (await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken;
    if (await log.step('app', 'client credentials', token, () => 'app-only token')) {
      const graph = graphClient(t, token);
      const signs = await roomsFromPlaces(graph, log, 'app');
      if (signs) await showSigns(graph, log, 'app', withExtra(signs), { readUser: true, bookNow: 'pegasus@contoso.test', timeZone: TZ });
    }
  }

  if (wanted('service-account')) {
    const cca = new ConfidentialClientApplication({ auth: msalAuth(t, SA_APP_ID, SA_SECRET) });
    const r = await log.step(
      'service-account',
      'authorization code',
      () => signInInteractive({ cca, scopes: SA_SCOPES, redirectPath: '/auth/callback', context: 'service-account', loginHint: process.env.SIGNAGE_SERVICE_ACCOUNT ?? 'svc-signage@contoso.test' }),
      (x) => `signed in as ${x.account?.username}`,
    );
    if (r?.account) {
      const account = r.account;
      const graph = graphClient(t, async () => (await cca.acquireTokenSilent({ account, scopes: SA_SCOPES })).accessToken);
      // The vendor lists rooms with findRooms (User.ReadBasic.All); when that fails the sign falls
      // back to the rooms it was set up with.
      const found = await roomsFromFindRooms(graph, log, 'service-account');
      const configured = (process.env.SIGNAGE_ROOMS ?? 'anchor@contoso.test,hydra@contoso.test,pegasus@contoso.test,quay@contoso.test').split(',').map((room) => ({ room, name: room }));
      const signs = withExtra(found?.filter((s) => configured.some((c) => c.room === s.room)) ?? configured);
      await showSigns(graph, log, 'service-account', signs, { readUser: false, bookNow: 'quay@contoso.test', timeZone: TZ });
    }
  }

  if (wanted('google')) {
    const keyFile = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    if (!keyFile) log.note('google', 'key file', 'error', 'GOOGLE_APPLICATION_CREDENTIALS is not set (tenantbox writes it to <dataDir>/google/room-signage.json)');
    else await runGoogle(t, log, { keyFile, subject: process.env.SIGNAGE_GOOGLE_SUBJECT ?? 'svc-signage@contoso.test', timeZone: TZ, bookNow: 'Lantern' });
  }
  return log;
}

runMain(main);
