import { ConfidentialClientApplication } from '@azure/msal-node';
import { graphClient } from '../shared/graph.js';
import { signInInteractive } from '../shared/interactive.js';
import { RunLog, runMain } from '../shared/run-log.js';
import { msalAuth, target } from '../shared/target.js';
import { runPlatform } from './platform.js';

// workplace-booking: desks, rooms and visitors (seed 001). A multi-tenant SaaS app with two
// connection models, both run here:
//
//   platform     application permissions (client credentials): user and group sync, room
//                availability and calendars, bookings, Teams meetings, usage reports
//   sign-in      a person signs in to the platform (authorization code): profile, organization,
//                their own online meetings
//
// It is registered with exactly what the vendor publishes, including Mail.ReadWrite ("for calendar
// data") and EWS full_access_as_app: nothing here needs them, and the audit shows it.
//
//   node --import tsx examples/apps/workplace-booking/app.ts [platform] [sign-in]
//
// Environment: TENANTBOX_URL or HTTPS_PROXY (../shared/target.ts), WORKPLACE_BOOKING_CLIENT_ID,
// WORKPLACE_BOOKING_SECRET, BOOKING_USER (login hint for the sign-in part).

const CLIENT_ID = process.env.WORKPLACE_BOOKING_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000002';
const SECRET = process.env.WORKPLACE_BOOKING_SECRET ?? 'booking-secret-1';
const TZ = process.env.BOOKING_TIME_ZONE ?? 'Europe/Berlin';
const USER_SCOPES = ['User.Read', 'Organization.Read.All', 'OnlineMeetings.ReadWrite'];

async function main(): Promise<RunLog> {
  const t = target();
  const log = new RunLog('workplace-booking', t.mode);
  const parts = process.argv.slice(2);
  const wanted = (p: string) => parts.length === 0 || parts.includes(p);
  const cca = new ConfidentialClientApplication({ auth: msalAuth(t, CLIENT_ID, SECRET) });

  if (wanted('platform')) {
    const appToken = async () => (await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken;
    const token = await log.step('platform', 'client credentials', appToken, () => 'app-only token');
    if (token) {
      await runPlatform(graphClient(t, appToken), log, {
        rooms: ['andromeda@contoso.test', 'cygnus@contoso.test', 'beacon@contoso.test', 'compass@contoso.test'],
        people: ['megan@contoso.test', 'christie@contoso.test', 'patti@contoso.test'],
        bookings: [
          { organizer: 'megan@contoso.test', room: 'cygnus@contoso.test', online: true, subject: 'Campaign kickoff' },
          { organizer: 'alex@contoso.test', online: true, subject: 'Agency check-in' },
        ],
        timeZone: TZ,
      });
    }
  }

  if (wanted('sign-in')) {
    const result = await log.step(
      'sign-in',
      'authorization code',
      () => signInInteractive({ cca, scopes: USER_SCOPES, redirectPath: '/auth/callback', context: 'booking', loginHint: process.env.BOOKING_USER }),
      (r) => `signed in as ${r.account?.username}`,
    );
    if (result?.account) {
      const account = result.account;
      const graph = graphClient(t, async () => (await cca.acquireTokenSilent({ account, scopes: USER_SCOPES })).accessToken);
      await log.step('sign-in', 'GET /me', () => graph.api('/me').select('displayName,mail').get(), (u: { mail: string }) => u.mail);
      await log.step('sign-in', 'GET /organization', () => graph.api('/organization').select('id,displayName,verifiedDomains').get(), (o: { value: { displayName: string }[] }) => `organization ${o.value[0]?.displayName}`);
      const meeting = await log.step(
        'my-meetings',
        'POST /me/onlineMeetings',
        () => graph.api('/me/onlineMeetings').post({ subject: 'Desk neighbours coffee', startDateTime: new Date(Date.now() + 86_400_000).toISOString(), endDateTime: new Date(Date.now() + 86_400_000 + 1_800_000).toISOString() }),
        () => 'created',
      );
      if (meeting) await log.step('my-meetings', 'GET /me/onlineMeetings/{id}', () => graph.api(`/me/onlineMeetings/${(meeting as { id: string }).id}`).get(), (m: { subject: string }) => m.subject);
    }
  }
  return log;
}

runMain(main);
