import { ConfidentialClientApplication } from '@azure/msal-node';
import { graphClient } from '../shared/graph.js';
import { signInInteractive } from '../shared/interactive.js';
import { RunLog, runMain } from '../shared/run-log.js';
import { msalAuth, target } from '../shared/target.js';

// mentoring: matches mentors and mentees and schedules their sessions (seed 003). Delegated only,
// plus one application permission:
//
//   a mentor signs in (authorization code; openid, email, User.Read, Calendars.Read.Shared,
//   Calendars.ReadWrite, OnlineMeetings.ReadWrite, Group.Read.All, ChannelMessage.Send), the app
//   reads the groups an admin picks from, finds a time with the mentee, books the session with a
//   Teams meeting, and posts it to the program's channel; the app itself (Channel.ReadBasic.All,
//   application) lists the team's channels for the admin's configuration.
//
//   node --import tsx examples/apps/mentoring/app.ts
//
// Environment: TENANTBOX_URL or HTTPS_PROXY (../shared/target.ts), MENTORING_CLIENT_ID,
// MENTORING_SECRET, MENTOR (login hint), MENTEE, MENTORING_GROUP, MENTORING_CHANNEL.

const CLIENT_ID = process.env.MENTORING_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000005';
const SECRET = process.env.MENTORING_SECRET ?? 'mentoring-secret-1';
const SCOPES = ['email', 'User.Read', 'Calendars.Read.Shared', 'Calendars.ReadWrite', 'OnlineMeetings.ReadWrite', 'Group.Read.All', 'ChannelMessage.Send'];
const MENTEE = process.env.MENTEE ?? 'alex@contoso.test';
const GROUP = process.env.MENTORING_GROUP ?? 'Mentoring Program';
const CHANNEL = process.env.MENTORING_CHANNEL ?? 'Mentors';

interface Suggestion {
  meetingTimeSlot: { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } };
}

async function main(): Promise<RunLog> {
  const t = target();
  const log = new RunLog('mentoring', t.mode);
  const cca = new ConfidentialClientApplication({ auth: msalAuth(t, CLIENT_ID, SECRET) });

  // The admin's configuration page: the app lists the program team's channels as itself.
  const signedIn = await log.step(
    'sign-in',
    'authorization code',
    () => signInInteractive({ cca, scopes: SCOPES, redirectPath: '/auth/callback', context: 'mentor', loginHint: process.env.MENTOR }),
    (r) => `signed in as ${r.account?.username}`,
  );
  if (!signedIn?.account) return log;
  const account = signedIn.account;
  const graph = graphClient(t, async () => (await cca.acquireTokenSilent({ account, scopes: SCOPES })).accessToken);
  const appGraph = graphClient(t, async () => (await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken);

  await log.step('profile', 'GET /me', () => graph.api('/me').select('displayName,mail').get(), (u: { displayName: string }) => u.displayName);

  const groups = await log.step(
    'configure',
    'GET /groups',
    () => graph.api('/groups').select('id,displayName,description').top(100).get().then((r: { value: { id: string; displayName: string }[] }) => r.value),
    (v) => `${v.length} groups to pick from`,
  );
  const team = groups?.find((g) => g.displayName === GROUP);
  if (!team) {
    log.note('configure', `find "${GROUP}"`, 'error', `no group named ${GROUP}`);
    return log;
  }
  const channels = await log.step(
    'configure',
    'GET /teams/{id}/channels (as the app)',
    () => appGraph.api(`/teams/${team.id}/channels`).select('id,displayName,description').get().then((r: { value: { id: string; displayName: string }[] }) => r.value),
    (v) => `${v.length} channels: ${v.map((c) => c.displayName).join(', ')}`,
  );

  const suggestions = await log.step(
    'schedule',
    'POST /me/findMeetingTimes',
    () =>
      graph
        .api('/me/findMeetingTimes')
        .post({
          attendees: [{ type: 'required', emailAddress: { address: MENTEE } }],
          timeConstraint: { activityDomain: 'work', timeSlots: [{ start: utcSlot(1), end: utcSlot(6) }] },
          meetingDuration: 'PT30M',
          maxCandidates: 5,
          isOrganizerOptional: false,
          returnSuggestionReasons: true,
        })
        .then((r: { meetingTimeSuggestions: Suggestion[]; emptySuggestionsReason?: string }) => r),
    (r) => `${r.meetingTimeSuggestions.length} suggestions${r.emptySuggestionsReason ? ` (${r.emptySuggestionsReason})` : ''}`,
  );
  const slot = suggestions?.meetingTimeSuggestions[0]?.meetingTimeSlot ?? { start: utcSlot(2), end: utcSlot(2, 30) };

  const meeting = await log.step(
    'session',
    'POST /me/onlineMeetings',
    () =>
      graph.api('/me/onlineMeetings').post({
        subject: 'Mentoring session',
        startDateTime: asIso(slot.start),
        endDateTime: asIso(slot.end),
        participants: { attendees: [{ upn: MENTEE, role: 'attendee' }] },
      }) as Promise<{ id: string; joinWebUrl: string }>,
    () => 'Teams meeting created',
  );
  await log.step(
    'session',
    'POST /me/events',
    () =>
      graph.api('/me/events').post({
        subject: 'Mentoring session',
        start: slot.start,
        end: slot.end,
        attendees: [{ type: 'required', emailAddress: { address: MENTEE } }],
        body: { contentType: 'text', content: meeting ? `Join: ${meeting.joinWebUrl}` : 'Meet in person.' },
      }),
    () => `session booked with ${MENTEE}`,
  );

  const channel = channels?.find((c) => c.displayName === CHANNEL);
  if (channel) {
    await log.step(
      'announce',
      'POST /teams/{id}/channels/{id}/messages',
      () => graph.api(`/teams/${team.id}/channels/${channel.id}/messages`).post({ body: { contentType: 'text', content: `A mentoring session with ${MENTEE} is booked.` } }),
      () => `posted to ${CHANNEL}`,
    );
  } else {
    log.note('announce', `find channel "${CHANNEL}"`, 'error', 'the channel list did not include it');
  }
  return log;
}

/** Whole hours from now, as Graph's dateTimeTimeZone in UTC. */
function utcSlot(days: number, minutes = 0): { dateTime: string; timeZone: string } {
  const d = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + days * 86_400_000 + minutes * 60_000);
  return { dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' };
}

function asIso(t: { dateTime: string; timeZone: string }): string {
  if (t.timeZone !== 'UTC') throw new Error(`findMeetingTimes answered in ${t.timeZone}; this app asks for UTC`);
  return `${t.dateTime.slice(0, 19)}Z`;
}

runMain(main);
