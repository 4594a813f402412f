import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFixture } from '../graph-core/fixture.js';
import { cal, createCalendarFixture, dayAt, dt, ids, utc } from './fixture.js';

// Room booking as Exchange does it (semantics doc §4.4): a meeting with a room attendee lands on
// the room's calendar; an auto-accepting room accepts when free and declines on a conflict; its
// copy shows the organizer's name as subject (AddOrganizerToSubject + DeleteSubject). Attendees get
// their own items with the same iCalUId; the organizer's item records the answers.

let f: GraphFixture;
let alice: string;
let bob: string;
let app: string; // reads any calendar
let day = 10;

beforeAll(async () => {
  f = await createCalendarFixture();
  alice = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  bob = await f.userToken(ids.bob, ['Calendars.ReadWrite']);
  app = await f.appToken(['Calendars.Read']);
});
afterAll(() => f.close());

const attendee = (address: string, type = 'required') => ({ emailAddress: { address }, type });
async function meeting(token: string, subject: string, startMs: number, minutes: number, attendees: unknown[], extra: Record<string, unknown> = {}) {
  const r = await f.call('POST', '/me/events', token, { body: { subject, body: { contentType: 'text', content: 'agenda' }, start: dt(utc(startMs)), end: dt(utc(startMs + minutes * 60_000)), attendees, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
async function viewOf(mailbox: string, from: number, to: number) {
  const r = await f.call('GET', `/users/${mailbox}/calendarView?startDateTime=${new Date(from).toISOString()}&endDateTime=${new Date(to).toISOString()}`, app);
  expect(r.status).toBe(200);
  return r.body.value as any[];
}
const statusOf = (event: any, address: string) => event.attendees.find((a: any) => a.emailAddress.address === address)?.status.response;

describe('a meeting with a room and a user', () => {
  it('the room accepts when free; its copy shows the organizer as subject and no body; the user gets an invitation', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Quarterly review', s, 60, [attendee('orion@contoso.test', 'required'), attendee('bob@contoso.test')]);
    expect(statusOf(m, 'orion@contoso.test')).toBe('accepted');
    expect(m.attendees.find((a: any) => a.emailAddress.address === 'orion@contoso.test').type).toBe('resource');
    expect(m.location.displayName).toBe('Orion');
    expect(m.locations[0]).toMatchObject({ locationEmailAddress: 'orion@contoso.test', locationType: 'conferenceRoom' });
    const [room] = await viewOf('orion@contoso.test', s, s + 1);
    expect(room).toMatchObject({ subject: 'Alice', iCalUId: m.iCalUId, isOrganizer: false, showAs: 'busy', responseStatus: { response: 'accepted' }, organizer: { emailAddress: { address: 'alice@contoso.test' } } });
    expect(room.body.content).not.toContain('agenda');
    const [copy] = await viewOf('bob@contoso.test', s, s + 1);
    expect(copy).toMatchObject({ subject: 'Quarterly review', iCalUId: m.iCalUId, isOrganizer: false, showAs: 'tentative', responseStatus: { response: 'notResponded' } });
    expect(copy.id).not.toBe(m.id);
  });

  it('a room that keeps subjects shows the subject; a room without AutoAccept leaves the request unanswered', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Design', s, 30, [attendee('lyra@contoso.test', 'resource'), attendee('desk@contoso.test', 'resource')]);
    expect(statusOf(m, 'lyra@contoso.test')).toBe('accepted');
    expect(statusOf(m, 'desk@contoso.test')).toBe('none');
    expect((await viewOf('lyra@contoso.test', s, s + 1))[0].subject).toBe('Design');
    const [desk] = await viewOf('desk@contoso.test', s, s + 1);
    expect(desk).toMatchObject({ subject: 'Alice', showAs: 'tentative', responseStatus: { response: 'notResponded' } });
  });

  it('a conflicting request is declined and does not stay on the room calendar; back-to-back is fine', async () => {
    const s = dayAt(f, ++day, 13);
    await meeting(alice, 'First', s, 60, [attendee('orion@contoso.test', 'resource')]);
    const clash = await meeting(bob, 'Clash', s + 30 * 60_000, 60, [attendee('orion@contoso.test', 'resource')]);
    expect(statusOf(clash, 'orion@contoso.test')).toBe('declined');
    const next = await meeting(bob, 'Next', s + 60 * 60_000, 30, [attendee('orion@contoso.test', 'resource')]);
    expect(statusOf(next, 'orion@contoso.test')).toBe('accepted');
    expect((await viewOf('orion@contoso.test', s, s + 3 * 3_600_000)).map((e) => e.subject)).toEqual(['Alice', 'Bob']);
    // The declined meeting stays on the organizer's calendar, with the room's answer.
    const own = await f.call('GET', `/me/events/${clash.id}`, bob);
    expect(statusOf(own.body, 'orion@contoso.test')).toBe('declined');
  });

  it('a series with one conflicting occurrence is declined as a whole; a series on free days is accepted', async () => {
    const s = dayAt(f, ++day, 15);
    await meeting(alice, 'Blocker', s + 2 * 86_400_000, 60, [attendee('orion@contoso.test', 'resource')]);
    const rec = (n: number) => ({ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: utc(s).slice(0, 10), numberOfOccurrences: n } });
    const series = await meeting(bob, 'Daily', s, 30, [attendee('orion@contoso.test', 'resource')], { recurrence: rec(5) });
    expect(statusOf(series, 'orion@contoso.test')).toBe('declined');
    const short = await meeting(bob, 'Two days', s, 30, [attendee('orion@contoso.test', 'resource')], { recurrence: rec(2) });
    expect(statusOf(short, 'orion@contoso.test')).toBe('accepted');
    const onRoom = await viewOf('orion@contoso.test', s, s + 3 * 86_400_000);
    expect(onRoom.map((e) => [e.subject, e.type])).toEqual([['Bob', 'occurrence'], ['Bob', 'occurrence'], ['Alice', 'singleInstance']]);
    day += 3;
  });
});

describe('answers, changes and cancellation', () => {
  it("accept: the attendee's item is busy and the organizer's item records it; decline removes the item", async () => {
    const s = dayAt(f, ++day, 10);
    const m = await meeting(alice, 'One on one', s, 30, [attendee('bob@contoso.test'), attendee('carol@contoso.test')]);
    const bobCopy = (await viewOf('bob@contoso.test', s, s + 1))[0];
    expect((await f.call('POST', `/me/events/${bobCopy.id}/accept`, bob, { body: { comment: 'sure', sendResponse: true } })).status).toBe(202);
    const accepted = (await f.call('GET', `/me/events/${bobCopy.id}`, bob)).body;
    expect(accepted).toMatchObject({ showAs: 'busy', responseStatus: { response: 'accepted' } });
    expect(statusOf((await f.call('GET', `/me/events/${m.id}`, alice)).body, 'bob@contoso.test')).toBe('accepted');

    const carol = await f.userToken(cal.carol, ['Calendars.ReadWrite']);
    const carolCopy = (await viewOf('carol@contoso.test', s, s + 1))[0];
    expect((await f.call('POST', `/me/events/${carolCopy.id}/decline`, carol, { body: {} })).status).toBe(202);
    expect(await viewOf('carol@contoso.test', s, s + 1)).toEqual([]);
    expect(statusOf((await f.call('GET', `/me/events/${m.id}`, alice)).body, 'carol@contoso.test')).toBe('declined');

    const own = await f.call('POST', `/me/events/${m.id}/accept`, alice, { body: {} });
    expect(own.status).toBe(400);
    expect(own.body.error).toMatchObject({ code: 'ErrorInvalidRequest', message: "You can't respond to a meeting you organized." });
  });

  it("tentativelyAccept with sendResponse false changes only the attendee's item", async () => {
    const s = dayAt(f, ++day, 10);
    const m = await meeting(alice, 'Maybe', s, 30, [attendee('bob@contoso.test')]);
    const bobCopy = (await viewOf('bob@contoso.test', s, s + 1))[0];
    await f.call('POST', `/me/events/${bobCopy.id}/tentativelyAccept`, bob, { body: { sendResponse: false } });
    expect((await f.call('GET', `/me/events/${bobCopy.id}`, bob)).body.responseStatus.response).toBe('tentativelyAccepted');
    expect(statusOf((await f.call('GET', `/me/events/${m.id}`, alice)).body, 'bob@contoso.test')).toBe('none');
  });

  it('moving a meeting: the room re-checks (a conflict declines and frees it), answers are reset', async () => {
    const s = dayAt(f, ++day, 9);
    await meeting(bob, 'Taken', s + 4 * 3_600_000, 60, [attendee('orion@contoso.test', 'resource')]);
    const m = await meeting(alice, 'Movable', s, 60, [attendee('orion@contoso.test', 'resource'), attendee('bob@contoso.test')]);
    const bobCopy = (await viewOf('bob@contoso.test', s, s + 1)).find((e) => e.iCalUId === m.iCalUId);
    await f.call('POST', `/me/events/${bobCopy.id}/accept`, bob, { body: {} });
    const moved = await f.call('PATCH', `/me/events/${m.id}`, alice, { body: { start: dt(utc(s + 4 * 3_600_000)), end: dt(utc(s + 5 * 3_600_000)) } });
    expect(moved.status).toBe(200);
    expect(statusOf(moved.body, 'orion@contoso.test')).toBe('declined');
    expect(statusOf(moved.body, 'bob@contoso.test')).toBe('none');
    expect((await viewOf('orion@contoso.test', s, s + 6 * 3_600_000)).map((e) => e.subject)).toEqual(['Bob']);
    const bobNow = (await viewOf('bob@contoso.test', s, s + 6 * 3_600_000)).find((e) => e.iCalUId === m.iCalUId);
    expect(bobNow).toMatchObject({ start: { dateTime: `${utc(s + 4 * 3_600_000)}.0000000` }, responseStatus: { response: 'notResponded' } });
    // Renaming only: the room's copy keeps the organizer's name, bob's copy follows.
    const renamed = await f.call('PATCH', `/me/events/${m.id}`, alice, { body: { subject: 'Renamed' } });
    expect(renamed.status).toBe(200);
    expect((await viewOf('bob@contoso.test', s, s + 6 * 3_600_000)).find((e) => e.iCalUId === m.iCalUId).subject).toBe('Renamed');
  });

  it('removing the room from the attendees frees the room', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Room dropped', s, 60, [attendee('orion@contoso.test', 'resource'), attendee('bob@contoso.test')]);
    expect(await viewOf('orion@contoso.test', s, s + 1)).toHaveLength(1);
    await f.call('PATCH', `/me/events/${m.id}`, alice, { body: { attendees: [attendee('bob@contoso.test')] } });
    expect(await viewOf('orion@contoso.test', s, s + 1)).toEqual([]);
  });

  it('the organizer cancels: users see "Canceled:", rooms drop it; an attendee cannot cancel', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Offsite', s, 60, [attendee('orion@contoso.test', 'resource'), attendee('bob@contoso.test')]);
    const bobCopy = (await viewOf('bob@contoso.test', s, s + 1))[0];
    const refused = await f.call('POST', `/me/events/${bobCopy.id}/cancel`, bob, { body: { comment: 'no' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("Your request can't be completed. You need to be an organizer to cancel a meeting.");
    expect((await f.call('POST', `/me/events/${m.id}/cancel`, alice, { body: { comment: 'weather' } })).status).toBe(202);
    expect(await viewOf('alice@contoso.test', s, s + 1)).toEqual([]);
    expect(await viewOf('orion@contoso.test', s, s + 1)).toEqual([]);
    const [cancelled] = await viewOf('bob@contoso.test', s, s + 1);
    expect(cancelled).toMatchObject({ subject: 'Canceled: Offsite', isCancelled: true });
    const answer = await f.call('POST', `/me/events/${cancelled.id}/accept`, bob, { body: {} });
    expect(answer.body.error.message).toBe("You can't respond to a meeting that's been canceled.");
  });

  it('an attendee deleting their item changes nothing for the others', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Keep', s, 60, [attendee('bob@contoso.test'), attendee('orion@contoso.test', 'resource')]);
    const bobCopy = (await viewOf('bob@contoso.test', s, s + 1))[0];
    expect((await f.call('DELETE', `/me/events/${bobCopy.id}`, bob)).status).toBe(204);
    expect(await viewOf('orion@contoso.test', s, s + 1)).toHaveLength(1);
    expect((await f.call('GET', `/me/events/${m.id}`, alice)).status).toBe(200);
  });

  it('an instant reservation by the room itself (a room display signed in as the room)', async () => {
    const s = dayAt(f, ++day, 11);
    const roomToken = await f.userToken(cal.orion, ['Calendars.ReadWrite']);
    const r = await meeting(roomToken, 'Instant reservation', s, 15, []);
    expect(r.organizer.emailAddress.address).toBe('orion@contoso.test');
    expect((await viewOf('orion@contoso.test', s, s + 1))[0].subject).toBe('Instant reservation');
    // Now the room is busy for others.
    const later = await meeting(alice, 'Too late', s + 5 * 60_000, 30, [attendee('orion@contoso.test', 'resource')]);
    expect(statusOf(later, 'orion@contoso.test')).toBe('declined');
  });

  it('group attendees: each member with a mailbox gets the invitation', async () => {
    const s = dayAt(f, ++day, 9);
    const m = await meeting(alice, 'Staff meeting', s, 60, [attendee('staff@contoso.test')]);
    expect(m.attendees[0].emailAddress.name).toBe('Staff');
    expect((await viewOf('bob@contoso.test', s, s + 1))[0].iCalUId).toBe(m.iCalUId);
  });
});
