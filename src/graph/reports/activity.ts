import type { Services } from '../../shared/services.js';
import type { AuditRecord, UserRecord } from '../../store/types.js';
import { dayOf, type ReportWindow } from './period.js';

// The tenant's own emulated activity, as (user, day, kind) facts the usage reports aggregate:
// - the audit log: a signed-in user's successful Graph calls, by workload (Outlook mail and
//   calendar → Exchange; teams, chats, online meetings → Teams; drives → OneDrive; sites →
//   SharePoint), chat messages sent, and meeting responses;
// - the Teams store (when wired): channel posts and replies by author and creation time, urgent
//   ones too (whoever posted them: a user, or an app importing as one);
// - the mail store: messages sent, received and marked read (app-only sends count for the mailbox);
// - the event store: meetings a user organized (created in the window, with attendees);
// - the online-meeting store: Teams meetings a user organized.
// App-only calls are not a user's activity (as in Microsoft 365, where background reads by an app
// do not make a user active); what an app does *as* a user (sendMail) is counted by its effect.

export type ActivityKind =
  | 'exchange'
  | 'teams'
  | 'oneDrive'
  | 'sharePoint'
  | 'send'
  | 'receive'
  | 'read'
  | 'meetingCreated'
  | 'meetingInteracted'
  | 'teamChat'
  | 'postMessage'
  | 'replyMessage'
  | 'urgentMessage'
  | 'privateChat'
  | 'meetingOrganized';

export interface ActivityFact {
  userId: string;
  day: string;
  kind: ActivityKind;
}

/** Which kinds make a user active in which product (for the active-user reports). */
export const PRODUCT_OF: Record<ActivityKind, 'exchange' | 'teams' | 'oneDrive' | 'sharePoint' | null> = {
  exchange: 'exchange',
  send: 'exchange',
  read: 'exchange',
  meetingCreated: 'exchange',
  meetingInteracted: 'exchange',
  receive: null,
  teams: 'teams',
  teamChat: 'teams',
  postMessage: 'teams',
  replyMessage: 'teams',
  urgentMessage: 'teams',
  privateChat: 'teams',
  meetingOrganized: 'teams',
  oneDrive: 'oneDrive',
  sharePoint: 'sharePoint',
};

const EXCHANGE = /^\/(messages|mailfolders|sendmail|events|calendar|calendars|calendarview|calendargroups|contacts|contactfolders|mailboxsettings|findmeetingtimes|inferenceclassification|outlook|reminderview)/;
const TEAMS_USER = /^\/(joinedteams|chats|onlinemeetings|teamwork|presence)/;

export function classify(r: Pick<AuditRecord, 'template' | 'method'>): ActivityKind[] {
  const t = (r.template ?? '').toLowerCase();
  const rest = t.replace(/^\/(me|users\/\{id\})(?=\/|$)/, '');
  const personal = rest !== t;
  const out: ActivityKind[] = [];
  if (personal && EXCHANGE.test(rest)) out.push('exchange');
  if (/^\/(teams|chats)(\/|$)/.test(t) || (personal && TEAMS_USER.test(rest))) out.push('teams');
  if (/^\/drives(\/|$)/.test(t) || (personal && /^\/drive(\/|$)/.test(rest))) out.push('oneDrive');
  if (/^\/sites(\/|$)/.test(t)) out.push('sharePoint');
  if (r.method.toUpperCase() === 'POST') {
    if (/\/events\/\{id\}\/(accept|decline|tentativelyaccept)$/.test(rest)) out.push('meetingInteracted');
    // Channel messages are counted from the Teams store (step 2), chats (not stored) from here.
    if (/\/chats\/\{id\}\/messages$/.test(t)) out.push('privateChat');
  }
  return out;
}

export async function collectActivity(s: Services, tenantId: string, window: ReportWindow, users: readonly UserRecord[]): Promise<ActivityFact[]> {
  const facts: ActivityFact[] = [];
  const known = new Set(users.map((u) => u.id.toLowerCase()));
  const add = (userId: string, ms: number, kind: ActivityKind) => {
    if (known.has(userId.toLowerCase())) facts.push({ userId: userId.toLowerCase(), day: dayOf(ms), kind });
  };

  // 1. The audit log, in pages (the store caps a query at 10,000 records).
  const since = new Date(window.sinceMs).toISOString();
  const until = new Date(window.untilMs).toISOString();
  for (let after: number | undefined; ; ) {
    const page = await s.stores.audit.query({ tenantId, since, until, afterSeq: after, limit: 10_000 });
    for (const r of page) {
      if (r.service !== 'graph' || r.scheme !== 'delegated' || !r.userId || r.status >= 400) continue;
      for (const kind of classify(r)) add(r.userId, Date.parse(r.time), kind);
    }
    if (page.length < 10_000) break;
    after = page[page.length - 1]!.seq;
  }

  // 2. Channel posts and replies.
  const teams = s.stores.teams;
  if (teams) {
    const count = (m: { createdMs: number; data: Record<string, unknown> }, kind: 'postMessage' | 'replyMessage') => {
      if (m.createdMs < window.sinceMs || m.createdMs >= window.untilMs) return;
      const author = (m.data.from as { user?: { id?: string } } | null)?.user?.id;
      if (!author) return;
      add(author, m.createdMs, 'teamChat');
      add(author, m.createdMs, kind);
      if (m.data.importance === 'urgent') add(author, m.createdMs, 'urgentMessage');
    };
    for (const team of await teams.listTeams(tenantId)) {
      for (const channel of await teams.listChannels(tenantId, team.id)) {
        for (const post of await teams.listMessages(tenantId, team.id, channel.id, null)) {
          count(post, 'postMessage');
          for (const reply of await teams.listMessages(tenantId, team.id, channel.id, post.id)) count(reply, 'replyMessage');
        }
      }
    }
  }

  // 3. Mail sent, received and read.
  const mail = s.stores.mail;
  if (mail) for (const a of await mail.listActivity(tenantId, window.sinceMs, window.untilMs)) add(a.userId, a.atMs, a.kind);

  // 4. Meetings organized: events each user (not room) created in the window, with attendees.
  for (const u of users) {
    if (!u.mailbox || u.kind !== 'user') continue;
    const address = (u.mail ?? u.userPrincipalName).toLowerCase();
    for (const cal of await s.stores.events.listCalendars(tenantId, u.id)) {
      for (const e of await s.stores.events.listEvents(tenantId, cal.id)) {
        const created = Date.parse(e.createdDateTime);
        if (e.type === 'occurrence' || e.type === 'exception' || created < window.sinceMs || created >= window.untilMs) continue;
        const organizer = (e.data.organizer as { emailAddress?: { address?: string } } | undefined)?.emailAddress?.address?.toLowerCase();
        const attendees = e.data.attendees as unknown[] | undefined;
        if (organizer === address && Array.isArray(attendees) && attendees.length > 0) add(u.id, created, 'meetingCreated');
      }
    }
  }

  // 5. Teams meetings organized.
  const meetings = s.stores.onlineMeetings;
  if (meetings) for (const m of await meetings.listCreated(tenantId, window.sinceMs, window.untilMs)) add(m.organizerId, m.createdMs, 'meetingOrganized');

  return facts;
}
