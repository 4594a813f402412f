import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphFixture } from '../graph-core/fixture.js';
import { createCalendarFixture, dayAt, dt, ids, share, unshareAll, utc } from './fixture.js';

// Delegated access to another user's calendar (semantics doc §4.3): a `.Shared` scope AND the
// owner's sharing (folder permission, delegation or FullAccess). What the reader then sees follows
// the role: private items only with CanViewPrivateItems (delegate flag or FullAccess).

let f: GraphFixture;
let alice: string; // alice's own token, to set up her calendar
let start: number;
let privateId: string;

const view = () => `/users/alice@contoso.test/calendarView?startDateTime=${new Date(start - 3_600_000).toISOString()}&endDateTime=${new Date(start + 5 * 3_600_000).toISOString()}`;
const bob = (scopes: string[]) => f.userToken(ids.bob, scopes);

beforeAll(async () => {
  f = await createCalendarFixture();
  alice = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  start = dayAt(f, 2, 9);
  const mk = async (subject: string, hour: number, extra: Record<string, unknown> = {}) =>
    (await f.call('POST', '/me/events', alice, { body: { subject, body: { contentType: 'text', content: `${subject} notes` }, start: dt(utc(start + hour * 3_600_000)), end: dt(utc(start + (hour + 1) * 3_600_000)), location: { displayName: 'Room 12' }, ...extra } })).body;
  await mk('Planning', 0);
  privateId = (await mk('Doctor', 2, { sensitivity: 'private' })).id;
});
afterAll(() => f.close());
beforeEach(() => unshareAll(f));

describe("reading another user's calendar", () => {
  it('without sharing, a .Shared scope is not enough: 403 ErrorAccessDenied naming the sharing', async () => {
    const r = await f.call('GET', view(), await bob(['Calendars.Read.Shared']));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ErrorAccessDenied');
    expect(r.body.error.details[0].code).toBe('tenantbox.mailboxAccess');
    expect(r.body.error.details[0].message).toContain('freeBusyRead');
  });

  it('with Reviewer but only Calendars.Read (no .Shared): 403, naming the .Shared scopes', async () => {
    await share(f, ids.alice, ids.bob, 'Reviewer');
    const r = await f.call('GET', view(), await bob(['Calendars.Read']));
    expect(r.status).toBe(403);
    expect(r.body.error.details[0].message).toContain('Calendars.Read.Shared');
  });

  it('Reviewer + Calendars.Read.Shared: all details of normal items, private items as time and status only', async () => {
    await share(f, ids.alice, ids.bob, 'Reviewer');
    const r = await f.call('GET', view(), await bob(['Calendars.Read.Shared']));
    expect(r.status).toBe(200);
    const [planning, doctor] = r.body.value;
    expect(planning).toMatchObject({ subject: 'Planning', location: { displayName: 'Room 12' }, sensitivity: 'normal' });
    expect(planning.body.content).toContain('Planning notes');
    expect(doctor).toMatchObject({ subject: '', sensitivity: 'private', showAs: 'busy', location: { displayName: '' }, attendees: [] });
    expect(doctor.body.content).not.toContain('Doctor');
    expect(doctor.start.dateTime).toBe(`${utc(start + 2 * 3_600_000)}.0000000`);
    // The item read by id: the same rule.
    const one = await f.call('GET', `/users/${ids.alice}/events/${privateId}`, await bob(['Calendars.Read.Shared']));
    expect(one.body.subject).toBe('');
  });

  it('FullAccess on the mailbox shows private items too', async () => {
    await share(f, ids.alice, ids.bob, 'FullAccess');
    const r = await f.call('GET', view(), await bob(['Calendars.ReadWrite.Shared']));
    expect(r.status).toBe(200);
    expect(r.body.value.map((e: { subject: string }) => e.subject)).toEqual(['Planning', 'Doctor']);
  });

  it('FullAccess without a .Shared scope: still 403', async () => {
    await share(f, ids.alice, ids.bob, 'FullAccess');
    const r = await f.call('GET', view(), await bob(['Calendars.ReadWrite']));
    expect(r.status).toBe(403);
  });

  it('a delegate with CanViewPrivateItems sees private items; without the flag does not', async () => {
    const id = await share(f, ids.alice, ids.bob, 'Editor', ['Delegate', 'CanViewPrivateItems']);
    let r = await f.call('GET', view(), await bob(['Calendars.Read.Shared']));
    expect(r.body.value[1].subject).toBe('Doctor');
    await f.stores.policies.deleteMailboxPermission('7f3b2c1a-0000-4000-8000-000000000001', id);
    await share(f, ids.alice, ids.bob, 'Editor', ['Delegate']);
    r = await f.call('GET', view(), await bob(['Calendars.Read.Shared']));
    expect(r.body.value[1].subject).toBe('');
  });

  it('AvailabilityOnly (the organization default) and LimitedDetails: no calendarView, but getSchedule', async () => {
    await share(f, ids.alice, ids.bob, 'LimitedDetails');
    const token = await bob(['Calendars.Read.Shared', 'Calendars.Read']);
    expect((await f.call('GET', view(), token)).status).toBe(403);
    const body = { schedules: ['alice@contoso.test'], startTime: dt(utc(start)), endTime: dt(utc(start + 4 * 3_600_000)), availabilityViewInterval: 60 };
    const limited = await f.call('POST', '/me/calendar/getSchedule', token, { body });
    expect(limited.body.value[0].availabilityView).toBe('2020');
    expect(limited.body.value[0].scheduleItems[0]).toMatchObject({ subject: 'Planning', location: 'Room 12', status: 'busy', isPrivate: false });
    expect(limited.body.value[0].scheduleItems[1]).toMatchObject({ isPrivate: true, status: 'busy' });
    expect(limited.body.value[0].scheduleItems[1].subject).toBeUndefined();
    await unshareAll(f);
    const freeBusy = await f.call('POST', '/me/calendar/getSchedule', token, { body });
    expect(freeBusy.body.value[0].scheduleItems[0]).toEqual({ status: 'busy', start: dt(`${utc(start)}.0000000`), end: dt(`${utc(start + 3_600_000)}.0000000`) });
  });

  it("an item id of another mailbox through one's own: 404 ErrorItemNotFound", async () => {
    await share(f, ids.alice, ids.bob, 'Reviewer');
    const r = await f.call('GET', `/me/events/${privateId}`, await bob(['Calendars.Read']));
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' });
  });

  it('users without a mailbox, and addresses nobody has', async () => {
    const t = await bob(['Calendars.Read.Shared']);
    const unlicensed = await f.call('GET', `/users/nolicense@contoso.test/calendar`, t);
    expect(unlicensed.status).toBe(404);
    expect(unlicensed.body.error.code).toBe('MailboxNotEnabledForRESTAPI');
    const nobody = await f.call('GET', `/users/nobody@contoso.test/calendar`, t);
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe('ErrorInvalidUser');
  });

  it("one's own calendar through a .Shared scope alone", async () => {
    const r = await f.call('GET', `/me/calendarView?startDateTime=${new Date(start).toISOString()}&endDateTime=${new Date(start + 1).toISOString()}`, await f.userToken(ids.alice, ['Calendars.Read.Shared']));
    expect(r.status).toBe(200);
    expect(r.body.value[0].subject).toBe('Planning');
  });
});

describe("writing into another user's calendar (§4.3.3)", () => {
  const body = () => ({ subject: 'Booked by Bob', start: dt(utc(start + 6 * 3_600_000)), end: dt(utc(start + 7 * 3_600_000)) });

  it('Reviewer is not enough to create, Editor is; the organizer is the calendar owner', async () => {
    await share(f, ids.alice, ids.bob, 'Reviewer');
    const t = await bob(['Calendars.ReadWrite.Shared']);
    const refused = await f.call('POST', `/users/${ids.alice}/events`, t, { body: body() });
    expect(refused.status).toBe(403);
    await unshareAll(f);
    await share(f, ids.alice, ids.bob, 'Editor');
    const r = await f.call('POST', `/users/${ids.alice}/events`, t, { body: body() });
    expect(r.status).toBe(201);
    expect(r.body.organizer.emailAddress.address).toBe('alice@contoso.test');
    expect(r.body.isOrganizer).toBe(true);
  });

  it('Editor with Calendars.Read.Shared only: 403 naming Calendars.ReadWrite.Shared', async () => {
    await share(f, ids.alice, ids.bob, 'Editor');
    const r = await f.call('POST', `/users/${ids.alice}/events`, await bob(['Calendars.Read.Shared', 'Calendars.ReadWrite']), { body: body() });
    expect(r.status).toBe(403);
    expect(r.body.error.details[0].message).toContain('Calendars.ReadWrite.Shared');
  });
});

describe('calendarPermissions: sharing managed through Graph is what the rules check', () => {
  it('lists My Organization (free/busy) and the folder permissions with their Graph roles', async () => {
    await share(f, ids.alice, ids.bob, 'Editor', ['Delegate']);
    await share(f, ids.alice, 'c0000005-0000-4000-8000-0000000000d5', 'AvailabilityOnly');
    const r = await f.call('GET', '/me/calendar/calendarPermissions', alice);
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.value.map((p: { emailAddress: { name: string }; role: string }) => [p.emailAddress.name, p.role]));
    expect(byName).toEqual({ Bob: 'delegateWithoutPrivateEventAccess', 'Carol Cole': 'freeBusyRead', 'My Organization': 'freeBusyRead' });
    const org = r.body.value.find((p: { emailAddress: { name: string } }) => p.emailAddress.name === 'My Organization');
    expect(org).toMatchObject({ id: 'RGVmYXVsdA==', isRemovable: false, isInsideOrganization: true });
  });

  it('sharing with read lets bob read; removing it takes it back', async () => {
    const t = await bob(['Calendars.Read.Shared']);
    expect((await f.call('GET', view(), t)).status).toBe(403);
    const created = await f.call('POST', '/me/calendar/calendarPermissions', alice, { body: { emailAddress: { address: 'bob@contoso.test' }, role: 'read' } });
    expect(created.status).toBe(201);
    expect(created.body.role).toBe('read');
    expect((await f.call('GET', view(), t)).status).toBe(200);
    const patched = await f.call('PATCH', `/me/calendar/calendarPermissions/${created.body.id}`, alice, { body: { role: 'freeBusyRead' } });
    expect(patched.body.role).toBe('freeBusyRead');
    expect((await f.call('GET', view(), t)).status).toBe(403);
    expect((await f.call('DELETE', `/me/calendar/calendarPermissions/${created.body.id}`, alice)).status).toBe(204);
    expect((await f.call('GET', `/me/calendar/calendarPermissions/${created.body.id}`, alice)).status).toBe(404);
  });

  it('My Organization cannot be removed, and changing its role is refused by name', async () => {
    expect((await f.call('DELETE', '/me/calendar/calendarPermissions/RGVmYXVsdA==', alice)).status).toBe(400);
    const r = await f.call('PATCH', '/me/calendar/calendarPermissions/RGVmYXVsdA==', alice, { body: { role: 'read' } });
    expect(r.status).toBe(501);
    expect(r.body.error.message).toContain('My Organization');
  });

  it('only the owner manages sharing: a reader with Reviewer cannot', async () => {
    await share(f, ids.alice, ids.bob, 'Editor');
    const r = await f.call('POST', `/users/${ids.alice}/calendar/calendarPermissions`, await bob(['Calendars.ReadWrite.Shared']), { body: { emailAddress: { address: 'carol@contoso.test' }, role: 'read' } });
    expect(r.status).toBe(403);
  });
});
