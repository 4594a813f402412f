import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicClientApplication, type AccountInfo, type ICachePlugin } from '@azure/msal-node';
import { graphClient } from '../shared/graph.js';
import { RunLog, runMain } from '../shared/run-log.js';
import { msalAuth, target } from '../shared/target.js';
import { dayWindow, hhmm, utc } from '../shared/time.js';

// room-display: the tablet outside a meeting room (seed 000). It signs in once, by device code, as
// the room's own resource mailbox, with User.Read, Calendars.ReadWrite and offline_access. Every
// start it shows the room's meetings of the day; `--reserve` makes an instant reservation in the
// room's calendar. Tokens live on the device (an MSAL cache file), so the tablet survives
// access-token expiry through its refresh token, and stops working once an administrator revokes
// the room account's sessions (the next refresh fails with AADSTS50173).
//
//   node --import tsx examples/apps/room-display/app.ts [--reserve] [--sign-out]
//
// Environment: TENANTBOX_URL or HTTPS_PROXY (see ../shared/target.ts), ROOM_DISPLAY_CACHE (token
// cache file), ROOM_TIME_ZONE (default Europe/Berlin), ROOM_DISPLAY_CLIENT_ID.

const CLIENT_ID = process.env.ROOM_DISPLAY_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000001';
const SCOPES = ['User.Read', 'Calendars.ReadWrite']; // MSAL adds openid, profile and offline_access
const CACHE = process.env.ROOM_DISPLAY_CACHE ?? join(tmpdir(), 'tenantbox-room-display-cache.json');
const TZ = process.env.ROOM_TIME_ZONE ?? 'Europe/Berlin';
const RESERVATION_MINUTES = 30;

interface GraphEvent {
  subject: string | null;
  start: { dateTime: string };
  end: { dateTime: string };
  showAs?: string;
  organizer?: { emailAddress?: { name?: string } };
}

const fileCache: ICachePlugin = {
  async beforeCacheAccess(ctx) {
    if (existsSync(CACHE)) ctx.tokenCache.deserialize(readFileSync(CACHE, 'utf8'));
  },
  async afterCacheAccess(ctx) {
    if (ctx.cacheHasChanged) writeFileSync(CACHE, ctx.tokenCache.serialize(), { mode: 0o600 });
  },
};

async function main(): Promise<RunLog> {
  const t = target();
  const log = new RunLog('room-display', t.mode);
  const args = new Set(process.argv.slice(2));
  if (args.has('--sign-out')) {
    rmSync(CACHE, { force: true });
    log.note('sign-in', 'sign out', 'ok', '', { summary: 'token cache removed' });
    return log;
  }
  const pca = new PublicClientApplication({ auth: msalAuth(t, CLIENT_ID), cache: { cachePlugin: fileCache } });

  let account: AccountInfo | null = (await pca.getTokenCache().getAllAccounts())[0] ?? null;
  if (!account) {
    const r = await log.step(
      'sign-in',
      'device code',
      () => pca.acquireTokenByDeviceCode({ scopes: SCOPES, deviceCodeCallback: (d) => console.log(d.message) }),
      (r) => `signed in as ${r?.account?.username}`,
    );
    account = r?.account ?? null;
    if (!account) return log;
  } else {
    log.note('sign-in', 'token cache', 'ok', '', { summary: `signed in as ${account.username} (from the device's token cache)` });
  }

  const signedIn = account;
  let signedOut = false;
  const token = async (forceRefresh = false) => (await pca.acquireTokenSilent({ account: signedIn, scopes: SCOPES, forceRefresh })).accessToken;
  let force = false;
  const graph = graphClient(t, () => token(force));

  // Graph says 401 when the access token expired by its clock (MSAL's clock may disagree): refresh
  // once with the refresh token and retry. If the refresh is refused, the tablet is signed out.
  const withRefresh = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 401) throw e;
      const refreshed = await log.step('sign-in', 'refresh token', async () => {
        force = true;
        try {
          return await token(true);
        } finally {
          force = false;
        }
      }, () => 'access token expired; a new one came with the refresh token');
      if (!refreshed) {
        signedOut = true;
        await pca.getTokenCache().removeAccount(signedIn);
        console.log('The room display is signed out: an administrator revoked its sessions, or its sign-in expired. Sign in again with a device code.');
        throw e;
      }
      return await call();
    }
  };

  const me = await log.step('profile', 'GET /me', () => withRefresh(() => graph.api('/me').select('displayName,mail').get()), (u: { displayName: string; mail: string }) => `${u.displayName} <${u.mail}>`);
  if (signedOut || !me) return log;

  const day = dayWindow(TZ, new Date());
  const events = await log.step(
    'schedule',
    'GET /me/calendarView',
    () =>
      withRefresh(() =>
        graph
          .api('/me/calendarView')
          .header('Prefer', `outlook.timezone="${TZ}"`)
          .query({ startDateTime: day.start.toISOString(), endDateTime: day.end.toISOString() })
          .select('subject,start,end,showAs,organizer')
          .orderby('start/dateTime')
          .top(100)
          .get()
          .then((r: { value: GraphEvent[] }) => r.value),
      ),
    (v) => ({ summary: `${v.length} meeting${v.length === 1 ? '' : 's'} today`, data: v.map((e) => `${hhmm(e.start.dateTime)}-${hhmm(e.end.dateTime)} ${e.subject ?? '(private)'}`) }),
  );
  if (signedOut || !events) return log;
  for (const e of events) console.log(`  ${hhmm(e.start.dateTime)}–${hhmm(e.end.dateTime)}  ${e.subject ?? '(private)'}${e.organizer?.emailAddress?.name ? `  · ${e.organizer.emailAddress.name}` : ''}`);

  if (args.has('--reserve')) {
    const slot = nextFreeSlot(events, new Date(), RESERVATION_MINUTES);
    await log.step(
      'reserve',
      'POST /me/events',
      () =>
        withRefresh(() =>
          graph.api('/me/events').post({
            subject: 'Instant reservation',
            start: utc(slot.start),
            end: utc(slot.end),
            showAs: 'busy',
            isReminderOn: false,
            body: { contentType: 'text', content: 'Booked at the room display.' },
          }),
        ),
      (ev: { id: string; start: { dateTime: string } }) => ({ summary: `reserved ${RESERVATION_MINUTES} minutes`, data: { id: ev.id } }),
    );
  }
  return log;
}

/** The first gap of `minutes` from now (rounded up to 5 minutes) between today's meetings. */
function nextFreeSlot(events: GraphEvent[], now: Date, minutes: number): { start: Date; end: Date } {
  const step = 5 * 60_000;
  let start = Math.ceil(now.getTime() / step) * step;
  const busy = events
    .filter((e) => e.showAs !== 'free')
    .map((e) => ({ s: Date.parse(`${e.start.dateTime.slice(0, 19)}${offsetOf(e.start.dateTime)}`), e: Date.parse(`${e.end.dateTime.slice(0, 19)}${offsetOf(e.end.dateTime)}`) }))
    .sort((a, b) => a.s - b.s);
  for (const b of busy) {
    if (b.e <= start) continue;
    if (b.s >= start + minutes * 60_000) break;
    start = Math.ceil(b.e / step) * step;
  }
  return { start: new Date(start), end: new Date(start + minutes * 60_000) };
}

// Times came back in TZ (Prefer: outlook.timezone); turn them into instants with TZ's offset.
function offsetOf(localDateTime: string): string {
  const guess = new Date(`${localDateTime.slice(0, 19)}Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: TZ, timeZoneName: 'longOffset' }).formatToParts(guess);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}

runMain(main);
