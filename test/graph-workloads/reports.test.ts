import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/graph/reports/index.js';
import type { TeamRecord } from '../../src/store/teams/types.js';
import type { AuditRecord } from '../../src/store/types.js';
import { createWorkloadFixture, DOMAIN, ids, more, TID, type WorkloadFixture } from './fixture.js';

// Usage reports computed from a constructed history: mail sent, received and read through the
// mail routes, a meeting organized (events store), an online meeting, channel messages (Teams
// store) and a chat message (audit record, as the Teams area writes them), and activity outside
// the 7-day window.

let f: WorkloadFixture;
let today: string;
const DAY = 86_400_000;

function auditRecord(over: Partial<AuditRecord>): AuditRecord {
  return {
    time: f.clock.nowDate().toISOString(),
    service: 'graph',
    tenantId: TID,
    appId: ids.clientAppId,
    userId: ids.bob,
    scheme: 'delegated',
    method: 'POST',
    path: '/v1.0/teams/x/channels/y/messages',
    template: '/teams/{id}/channels/{id}/messages',
    permission: 'ChannelMessage.Send',
    missing: [],
    policy: null,
    status: 201,
    requestId: 'r',
    granted: ['ChannelMessage.Send'],
    ...over,
  };
}

/** Bob posts in the Staff team's General channel (urgently) and replies, as the Teams area stores messages; an old post is outside D7. */
async function postChannelMessages() {
  const teams = f.stores.teams!;
  const at = f.clock.now();
  await teams.putTeam({ tenantId: TID, id: ids.staffGroup, internalId: '19:staff@thread.tacv2', specialization: 'none', visibility: 'private', isArchived: false, createdDateTime: new Date(at).toISOString(), provisionedAtMs: at } as TeamRecord);
  await teams.putChannel({ tenantId: TID, teamId: ids.staffGroup, id: '19:general@thread.tacv2', displayName: 'General', description: null, membershipType: 'standard', isFavoriteByDefault: null, isPrimary: true, email: '', createdDateTime: new Date(at).toISOString() });
  const message = (id: number, replyToId: string | null, userId: string, importance = 'normal') => ({
    tenantId: TID, teamId: ids.staffGroup, channelId: '19:general@thread.tacv2', id: String(id), replyToId, createdMs: id,
    data: { id: String(id), replyToId, importance, from: { application: null, device: null, user: { id: userId, displayName: 'x', userIdentityType: 'aadUser' } } },
  });
  await teams.putMessage(message(at - 20 * DAY, null, ids.alice));
  await teams.putMessage(message(at, null, ids.bob, 'urgent'));
  await teams.putMessage(message(at + 1, String(at), ids.bob));
}

beforeAll(async () => {
  f = await createWorkloadFixture();
  today = f.clock.nowDate().toISOString().slice(0, 10);
  // Ten days ago Gina read her mail (outside D7, inside D30).
  f.stores.audit.append(auditRecord({ userId: ids.gina, method: 'GET', template: '/me/messages', path: '/v1.0/me/messages', status: 200, time: new Date(f.clock.now() - 10 * DAY).toISOString() }));
  // Alice mails Bob twice; Bob reads one.
  const alice = await f.userToken(ids.alice, ['Mail.Send', 'Mail.Read']);
  for (const subject of ['One', 'Two']) {
    const r = await f.call('POST', '/me/sendMail', alice, { body: { message: { subject, toRecipients: [{ emailAddress: { address: `bob@${DOMAIN}` } }] } } });
    expect(r.status).toBe(202);
  }
  const bob = await f.userToken(ids.bob, ['Mail.ReadWrite']);
  const list = (await f.call('GET', '/me/messages', bob)).body.value;
  expect((await f.call('PATCH', `/me/messages/${list[0].id}`, bob, { body: { isRead: true } })).status).toBe(200);
  // Alice organizes a meeting with attendees (written as the calendar area writes events).
  const cal = { tenantId: TID, id: 'cal-alice', ownerId: ids.alice, name: 'Calendar', isDefault: true, color: 'auto', changeKey: 'c' };
  await f.stores.events.putCalendar(cal);
  const now = f.clock.nowDate().toISOString();
  await f.stores.events.putEvent({
    tenantId: TID, id: 'evt-1', calendarId: cal.id, ownerId: ids.alice, iCalUId: 'ical-1', type: 'singleInstance', seriesMasterId: null,
    startMs: f.clock.now() + DAY, endMs: f.clock.now() + DAY + 3_600_000, createdDateTime: now, lastModifiedDateTime: now, changeKey: 'k',
    data: { subject: 'Planning', organizer: { emailAddress: { address: `alice@${DOMAIN}`, name: 'Alice' } }, attendees: [{ type: 'required', emailAddress: { address: `bob@${DOMAIN}` } }] },
  });
  // Alice creates an online meeting; Bob posts and replies in a channel; the admin chats.
  expect((await f.call('POST', '/me/onlineMeetings', await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']), { body: { subject: 'Sync' } })).status).toBe(201);
  await postChannelMessages();
  // The audit record of Bob's post: Teams activity, not a second message (messages come from the store).
  f.stores.audit.append(auditRecord({}));
  f.stores.audit.append(auditRecord({ userId: ids.admin, template: '/chats/{id}/messages', path: '/v1.0/chats/c/messages' }));
  // A refused call is not activity.
  f.stores.audit.append(auditRecord({ userId: ids.gina, status: 403 }));
});
afterAll(() => f.close());

const reader = () => f.appToken(['Reports.Read.All']);
const json = async (fn: string, query = '') => {
  const r = await f.call('GET', `/beta/reports/${fn}?$format=application/json${query}`, await reader());
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const row = (rows: any[], upn: string) => rows.find((x) => x.userPrincipalName === upn);

describe('reports computed from the tenant\'s activity', () => {
  it('email activity per user: sends, receipts, reads, meetings created', async () => {
    const body = await json("getEmailActivityUserDetail(period='D7')");
    expect(row(body.value, `alice@${DOMAIN}`)).toMatchObject({ reportRefreshDate: today, lastActivityDate: today, sendCount: 2, receiveCount: 0, readCount: 0, meetingCreatedCount: 1, meetingInteractedCount: 0, assignedProducts: ['MICROSOFT 365 E3'], reportPeriod: '7' });
    expect(row(body.value, `bob@${DOMAIN}`)).toMatchObject({ sendCount: 0, receiveCount: 2, readCount: 1, meetingCreatedCount: 0, lastActivityDate: today });
    expect(row(body.value, `gina_ext#ext#@${DOMAIN}`)).toMatchObject({ sendCount: 0, lastActivityDate: null });
    // Rooms are not users in this report.
    expect(body.value.map((x: any) => x.userPrincipalName)).not.toContain(`room1@${DOMAIN}`);
  });

  it('email activity counts: one row per day, newest first', async () => {
    const body = await json("getEmailActivityCounts(period='D7')");
    expect(body['@odata.context']).toBe('https://127.0.0.1:8443/beta/$metadata#Collection(microsoft.graph.emailActivitySummary)');
    expect(body.value).toHaveLength(7);
    expect(body.value[0]).toEqual({ reportRefreshDate: today, send: 2, receive: 2, read: 1, meetingCreated: 1, meetingInteracted: 0, reportDate: today, reportPeriod: '7' });
    expect(body.value.slice(1).every((d: any) => d.send === 0 && d.receive === 0)).toBe(true);
  });

  it('active users per product and day, and per user', async () => {
    const counts = await json("getOffice365ActiveUserCounts(period='D7')");
    expect(counts.value[0]).toMatchObject({ reportDate: today, office365: 3, exchange: 2, teams: 3, oneDrive: 0, sharePoint: 0 });
    const detail = await json("getOffice365ActiveUserDetail(period='D7')");
    expect(row(detail.value, `alice@${DOMAIN}`)).toMatchObject({ hasExchangeLicense: true, exchangeLastActivityDate: today, teamsLastActivityDate: today });
    expect(row(detail.value, `gina_ext#ext#@${DOMAIN}`)).toMatchObject({ exchangeLastActivityDate: null });
    const d30 = await json("getOffice365ActiveUserDetail(period='D30')");
    expect(row(d30.value, `gina_ext#ext#@${DOMAIN}`).exchangeLastActivityDate).toBe(new Date(f.clock.now() - 10 * DAY).toISOString().slice(0, 10));
    expect(row(detail.value, `nolicense@${DOMAIN}`)).toMatchObject({ hasExchangeLicense: false, assignedProducts: [] });
  });

  it('Teams activity per user and per day', async () => {
    const detail = await json("getTeamsUserActivityUserDetail(period='D7')");
    expect(row(detail.value, `bob@${DOMAIN}`)).toMatchObject({ userId: ids.bob, teamChatMessageCount: 2, postMessages: 1, replyMessages: 1, urgentMessages: 1, privateChatMessageCount: 0, lastActivityDate: today, tenantDisplayName: 'Contoso' });
    expect(row(detail.value, `alice@${DOMAIN}`)).toMatchObject({ meetingsOrganizedCount: 1, meetingCount: 1, teamChatMessageCount: 0 });
    expect(row(detail.value, `admin@${DOMAIN}`)).toMatchObject({ privateChatMessageCount: 1 });
    expect(row(detail.value, `alice@${DOMAIN}`).postMessages).toBe(0);
    const d30 = await json("getTeamsUserActivityUserDetail(period='D30')");
    expect(row(d30.value, `alice@${DOMAIN}`)).toMatchObject({ postMessages: 1, teamChatMessageCount: 1 });
    const counts = await json("getTeamsUserActivityCounts(period='D7')");
    expect(counts.value[0]).toEqual({ reportRefreshDate: today, reportDate: today, teamChatMessages: 2, privateChatMessages: 1, calls: 0, meetings: 1, reportPeriod: '7' });
  });

  it('mailbox usage: items and bytes per mailbox, rooms included', async () => {
    const body = await json("getMailboxUsageDetail(period='D7')");
    const bob = row(body.value, `bob@${DOMAIN}`);
    expect(bob.itemCount).toBe(2);
    expect(bob.storageUsedInBytes).toBeGreaterThan(0);
    expect(bob.prohibitSendReceiveQuotaInBytes).toBe(50 * 1024 ** 3);
    expect(body.value.map((x: any) => x.userPrincipalName)).toContain(`room1@${DOMAIN}`);
  });

  it('a date instead of a period: that day only', async () => {
    const body = await json(`getEmailActivityUserDetail(date=${today})`);
    expect(row(body.value, `alice@${DOMAIN}`)).toMatchObject({ sendCount: 2, reportPeriod: '1' });
    const old = await f.call('GET', `/beta/reports/getEmailActivityUserDetail(date=${new Date(f.clock.now() - 40 * DAY).toISOString().slice(0, 10)})?$format=application/json`, await reader());
    expect(old.status).toBe(400);
  });
});

describe('report formats and protocol', () => {
  it('CSV (default, v1.0): 302 to a preauthenticated download URL serving the CSV with Microsoft\'s columns', async () => {
    const r = await f.call('GET', "/v1.0/reports/getEmailActivityUserDetail(period='D7')", await reader());
    expect(r.status).toBe(302);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const location = new URL(String(r.headers.location));
    expect(location.origin).toBe('https://127.0.0.1:8443');
    const csv = await f.call('GET', `${location.pathname}${location.search}`, null);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('application/octet-stream');
    expect(csv.text.startsWith('\uFEFFReport Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Send Count,Receive Count,Read Count,Meeting Created Count,Meeting Interacted Count,Assigned Products,Report Period\r\n')).toBe(true);
    const rows = parseCsv(csv.text);
    expect(rows.find((x) => x['User Principal Name'] === `alice@${DOMAIN}`)).toMatchObject({ 'Send Count': '2', 'Is Deleted': 'False', 'Deleted Date': '', 'Report Period': '7', 'Assigned Products': 'MICROSOFT 365 E3' });
    // Beta's $format=text/csv is the same redirect.
    expect((await f.call('GET', "/beta/reports/getEmailActivityCounts(period='D30')?$format=text/csv", await reader())).status).toBe(302);
  });

  it('download URLs expire after a few minutes and cannot be forged', async () => {
    const r = await f.call('GET', "/v1.0/reports/getOffice365ActiveUserCounts(period='D7')", await reader());
    const location = new URL(String(r.headers.location));
    const forged = location.pathname.replace(/\.[^.]+$/, '.AAAA');
    expect((await f.call('GET', forged, null)).status).toBe(404);
    f.clock.advance(6 * 60_000);
    const expired = await f.call('GET', location.pathname, null);
    expect(expired.status).toBe(404);
    expect(expired.body.error.code).toBe('NotFound');
  });

  it('JSON is beta only; pages with $top and $skiptoken', async () => {
    expect((await f.call('GET', "/v1.0/reports/getEmailActivityUserDetail(period='D7')?$format=application/json", await reader())).status).toBe(400);
    const first = await json("getEmailActivityUserDetail(period='D7')", '&$top=3');
    expect(first.value).toHaveLength(3);
    const next = new URL(first['@odata.nextLink']);
    expect(next.pathname).toBe("/beta/reports/getEmailActivityUserDetail(period='D7')");
    const second = await f.call('GET', `${next.pathname}${next.search}`, await reader());
    expect(second.status).toBe(200);
    const all = await json("getEmailActivityUserDetail(period='D7')");
    expect([...first.value, ...second.body.value].map((x: any) => x.userPrincipalName)).toEqual(all.value.slice(0, first.value.length + second.body.value.length).map((x: any) => x.userPrincipalName));
  });

  it('validates the period (D7, D30, D90, D180) and query options', async () => {
    const t = await reader();
    const bad = await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D8')", t);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('D7, D30, D90 and D180');
    expect((await f.call('GET', '/v1.0/reports/getEmailActivityCounts', t)).status).toBe(400);
    expect((await f.call('GET', `/v1.0/reports/getEmailActivityCounts(date=${today})`, t)).status).toBe(400);
    expect((await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D180')?$filter=x eq 1", t)).status).toBe(400);
    expect((await f.call('GET', "/v1.0/reports/getSharePointSiteUsageDetail(period='D7')", t)).status).toBe(501);
    expect((await f.call('GET', "/v1.0/reports/getNothingAtAll(period='D7')", t)).status).toBe(400);
  });

  it('malformed options get the shared OData answers (Graph\'s front end parses them before the reports service)', async () => {
    const t = await reader();
    const fn = "/beta/reports/getEmailActivityUserDetail(period='D7')";
    const repeated = (o: string) => `Query option '${o}' was specified more than once, but it must be specified at most once.`;
    const badInt = (v: string) => `Invalid value '${v}' for $top query option found. The $top query option requires a non-negative integer value.`;
    const rows: [query: string, message: string][] = [
      ['$format=application/json&$top=1&$top=2', repeated('$top')],
      ['$format=application/json&$top=1&$TOP=1', repeated('$top')],
      ['$format=application/json&$format=text/csv', repeated('$format')],
      ['$format=application/json&$skiptoken=a&$skiptoken=b', repeated('$skiptoken')],
      ['$format=application/json&$top=abc', badInt('abc')],
      ['$format=application/json&$top=-1', badInt('-1')],
      ['$format=application/json&$top=1.5', badInt('1.5')],
      ['$top=x', badInt('x')], // CSV too: the options are read before the format matters
    ];
    for (const [query, message] of rows) {
      const r = await f.call('GET', `${fn}?${query}`, t);
      expect(r.status, query).toBe(400);
      expect(r.body.error, query).toMatchObject({ code: 'BadRequest', message });
    }
    // What the reports do not take is still refused, and $top=0 (which ODataLib lets through) too.
    expect((await f.call('GET', `${fn}?$format=application/json&$select=userPrincipalName`, t)).body.error.message).toBe("The query parameter '$select' is not supported.");
    expect((await f.call('GET', `${fn}?$format=application/json&$top=0`, t)).status).toBe(400);
    // Well-formed ones answer as before: $top with JSON, $format in any casing, CSV.
    expect((await json("getEmailActivityUserDetail(period='D7')", '&$top=2')).value).toHaveLength(2);
    expect((await f.call('GET', `${fn}?$FORMAT=application/json&$top=2`, t)).body.value).toHaveLength(2);
    expect((await f.call('GET', `${fn}?$format=text/csv&$top=2`, t)).status).toBe(302);
  });

  it('Reports.Read.All is required (403 S2SUnauthorized), and a delegated user needs a reports role', async () => {
    const none = await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", await f.appToken(['User.Read.All']));
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({ code: 'S2SUnauthorized', message: 'Invalid permission.' });
    expect(none.body.error.details[0].target).toBe('Reports.Read.All');
    const plainUser = await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", await f.userToken(ids.alice, ['Reports.Read.All']));
    expect(plainUser.status).toBe(403);
    expect(plainUser.body.error.details[0].code).toBe('tenantbox.reportsRole');
    expect((await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", await f.userToken(more.reportsReader, ['Reports.Read.All']))).status).toBe(302);
    expect((await f.call('GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", await f.userToken(ids.admin, ['Reports.Read.All']))).status).toBe(302);
  });
});
