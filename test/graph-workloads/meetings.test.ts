import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkloadFixture, ids, TID, type WorkloadFixture } from './fixture.js';

// Online meetings (semantics doc §4.6): delegated for the signed-in user; app-only only where a
// Teams application access policy listing the app is granted to the user or globally.

let f: WorkloadFixture;
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(() => f.close());

const body = { subject: 'Mentoring session', startDateTime: '2026-03-02T10:00:00Z', endDateTime: '2026-03-02T10:30:00Z' };

async function setPolicies(policies: { name: string; appIds: string[]; grantedTo?: string[]; global?: boolean }[]) {
  for (const p of await f.stores.policies.listTeamsAccessPolicies(TID)) await f.stores.policies.deleteTeamsAccessPolicy(TID, p.id);
  for (const [i, p] of policies.entries()) {
    await f.stores.policies.putTeamsAccessPolicy({ tenantId: TID, id: `teams-policy-${i}`, name: p.name, appIds: p.appIds, grantedTo: p.grantedTo ?? [], global: p.global ?? false });
  }
}

describe('app-only online meetings need the Teams application access policy', () => {
  beforeEach(() => setPolicies([]));

  it('no policy → 403 Forbidden "No application access policy found for this app"', async () => {
    const r = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, await f.appToken(['OnlineMeetings.ReadWrite.All']), { body });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'Forbidden', message: 'No application access policy found for this app' });
  });

  it('a policy granted to the user → 201; another user of the same tenant is still refused', async () => {
    await setPolicies([{ name: 'Booking', appIds: [ids.clientAppId], grantedTo: [ids.alice] }]);
    const t = await f.appToken(['OnlineMeetings.ReadWrite.All']);
    const ok = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, t, { body });
    expect(ok.status).toBe(201);
    expect(ok.body.participants.organizer.identity.user.id).toBe(ids.alice);
    const other = await f.call('POST', `/users/${ids.bob}/onlineMeetings`, t, { body });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('No application access policy found for this app');
  });

  it('a global policy → 201 for any user; a user-level policy without the app overrides it', async () => {
    await setPolicies([
      { name: 'Global', appIds: [ids.clientAppId], global: true },
      { name: 'OtherApps', appIds: [ids.otherAppId], grantedTo: [ids.bob] },
    ]);
    const t = await f.appToken(['OnlineMeetings.ReadWrite.All']);
    expect((await f.call('POST', `/users/${ids.alice}/onlineMeetings`, t, { body })).status).toBe(201);
    expect((await f.call('POST', `/users/${ids.bob}/onlineMeetings`, t, { body })).status).toBe(403);
  });

  it('the policy also governs reading (OnlineMeetings.Read.All)', async () => {
    await setPolicies([{ name: 'Booking', appIds: [ids.clientAppId], grantedTo: [ids.alice] }]);
    const created = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, await f.appToken(['OnlineMeetings.ReadWrite.All']), { body });
    await setPolicies([]);
    const r = await f.call('GET', `/users/${ids.alice}/onlineMeetings/${created.body.id}`, await f.appToken(['OnlineMeetings.Read.All']));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Forbidden');
  });

  it('without OnlineMeetings.ReadWrite.All the policy does not help: 403 naming the permission', async () => {
    await setPolicies([{ name: 'Global', appIds: [ids.clientAppId], global: true }]);
    const r = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, await f.appToken(['Calendars.ReadWrite']), { body });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe("Missing role permissions on the request. API requires one of 'OnlineMeetings.ReadWrite.All'. Roles on the request 'Calendars.ReadWrite'.");
  });
});

describe('delegated online meetings', () => {
  it('POST /me/onlineMeetings creates a standalone meeting: persisted, not on the calendar', async () => {
    const t = await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']);
    const r = await f.call('POST', '/me/onlineMeetings', t, { body: { ...body, participants: { attendees: [{ upn: 'bob@contoso.test' }] }, joinMeetingIdSettings: { isPasscodeRequired: true } } });
    expect(r.status).toBe(201);
    expect(r.body['@odata.context']).toBe(`https://127.0.0.1:8443/v1.0/$metadata#users('${ids.alice}')/onlineMeetings/$entity`);
    expect(r.body).toMatchObject({ subject: 'Mentoring session', startDateTime: '2026-03-02T10:00:00Z', endDateTime: '2026-03-02T10:30:00Z', isBroadcast: false });
    expect(r.body.joinWebUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3Ameeting_[^/]+%40thread\.v2\/0\?context=/);
    expect(r.body.chatInfo.threadId).toMatch(/^19:meeting_.+@thread\.v2$/);
    expect(r.body.joinMeetingIdSettings.joinMeetingId).toMatch(/^\d{12}$/);
    expect(r.body.joinMeetingIdSettings.passcode).toMatch(/^\w{6}$/);
    expect(r.body.participants.attendees[0]).toMatchObject({ upn: 'bob@contoso.test', role: 'attendee', identity: { user: { id: ids.bob, tenantId: TID } } });
    // Standalone: no event was written to anyone's calendar.
    expect(await f.stores.events.countEvents(TID)).toBe(0);
    const stored = await f.stores.onlineMeetings!.get(TID, r.body.id);
    expect(stored?.organizerId).toBe(ids.alice);
    const again = await f.call('GET', `/me/onlineMeetings/${r.body.id}`, await f.userToken(ids.alice, ['OnlineMeetings.Read']));
    expect(again.body.joinWebUrl).toBe(r.body.joinWebUrl);
  });

  it('finds a meeting by joinWebUrl or joinMeetingId; lists nothing without a filter (400 InvalidArgument)', async () => {
    const t = await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']);
    const m = (await f.call('POST', '/me/onlineMeetings', t, { body })).body;
    const byUrl = await f.call('GET', `/me/onlineMeetings?$filter=JoinWebUrl eq '${encodeURIComponent(m.joinWebUrl)}'`, t);
    expect(byUrl.status).toBe(200);
    expect(byUrl.body.value.map((x: { id: string }) => x.id)).toEqual([m.id]);
    // Sent without the encoding the docs ask for, it is still found.
    const raw = await f.call('GET', `/me/onlineMeetings?$filter=${encodeURIComponent(`joinWebUrl eq '${decodeURIComponent(m.joinWebUrl)}'`)}`, t);
    expect(raw.body.value.map((x: { id: string }) => x.id)).toEqual([m.id]);
    const byId = await f.call('GET', `/me/onlineMeetings?$filter=joinMeetingIdSettings/joinMeetingId eq '${m.joinMeetingIdSettings.joinMeetingId}'&$select=subject`, t);
    expect(byId.body.value).toEqual([{ subject: 'Mentoring session' }]);
    const none = await f.call('GET', '/me/onlineMeetings', t);
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'InvalidArgument', message: "Filter expression expected - /onlineMeetings?$filter={ParameterName} eq '{id}'." });
    expect((await f.call('GET', "/me/onlineMeetings?$filter=subject eq 'x'", t)).status).toBe(400);
  });

  it('attendees read the meeting by id, but cannot change it or find it by URL; strangers do not find it', async () => {
    const m = (await f.call('POST', '/me/onlineMeetings', await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']), { body: { ...body, participants: { attendees: [{ identity: { user: { id: ids.bob } } }] } } })).body;
    const bob = await f.userToken(ids.bob, ['OnlineMeetings.ReadWrite']);
    expect((await f.call('GET', `/me/onlineMeetings/${m.id}`, bob)).status).toBe(200);
    const patch = await f.call('PATCH', `/me/onlineMeetings/${m.id}`, bob, { body: { subject: 'hijacked' } });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe('Forbidden');
    expect((await f.call('GET', `/me/onlineMeetings?$filter=joinWebUrl eq '${encodeURIComponent(m.joinWebUrl)}'`, bob)).status).toBe(403);
    expect((await f.call('GET', `/me/onlineMeetings/${m.id}`, await f.userToken(ids.admin, ['OnlineMeetings.ReadWrite']))).status).toBe(404);
  });

  it('the organizer updates (200 with the meeting) and deletes (204) it', async () => {
    const t = await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']);
    const m = (await f.call('POST', '/me/onlineMeetings', t, { body })).body;
    const u = await f.call('PATCH', `/me/onlineMeetings/${m.id}`, t, { body: { subject: 'Moved', endDateTime: '2026-03-02T11:00:00Z' } });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ id: m.id, subject: 'Moved', endDateTime: '2026-03-02T11:00:00Z', joinWebUrl: m.joinWebUrl });
    expect((await f.call('PATCH', `/me/onlineMeetings/${m.id}`, t, { body: { colour: 'red' } })).status).toBe(400);
    expect((await f.call('DELETE', `/me/onlineMeetings/${m.id}`, t)).status).toBe(204);
    expect((await f.call('GET', `/me/onlineMeetings/${m.id}`, t)).status).toBe(404);
  });

  it('createOrGet: 201 the first time, 200 with the same meeting after', async () => {
    const t = await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']);
    const first = await f.call('POST', '/me/onlineMeetings/createOrGet', t, { body: { ...body, externalId: 'session-42' } });
    expect(first.status).toBe(201);
    const second = await f.call('POST', '/me/onlineMeetings/createOrGet', t, { body: { ...body, externalId: 'session-42' } });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await f.call('POST', '/me/onlineMeetings/createOrGet', t, { body })).status).toBe(400);
  });

  it('a delegated token reaches only the signed-in user: /users/{other}/onlineMeetings → 403', async () => {
    const t = await f.userToken(ids.alice, ['OnlineMeetings.ReadWrite']);
    expect((await f.call('POST', `/users/${ids.alice}/onlineMeetings`, t, { body })).status).toBe(201);
    const r = await f.call('POST', `/users/${ids.bob}/onlineMeetings`, t, { body });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Forbidden');
  });

  it('an app-only token on /me → 400 (the pipeline), a delegated token without the scope → 403', async () => {
    expect((await f.call('POST', '/me/onlineMeetings', await f.appToken(['OnlineMeetings.ReadWrite.All']), { body })).status).toBe(400);
    const r = await f.call('POST', '/me/onlineMeetings', await f.userToken(ids.alice, ['OnlineMeetings.Read', 'Calendars.ReadWrite']), { body });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe("Missing scope permissions on the request. API requires one of 'OnlineMeetings.ReadWrite'. Scopes on the request 'OnlineMeetings.Read, Calendars.ReadWrite'.");
  });
});
