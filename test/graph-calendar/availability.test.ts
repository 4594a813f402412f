import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFixture } from '../graph-core/fixture.js';
import { cal, createCalendarFixture, dt, ids } from './fixture.js';

// getSchedule (availabilityView, items, working hours, per-entry errors, its parameters) and
// findMeetingTimes (the documented confidence: free 100, unknown 49, busy 0; ordered by
// confidence, then time).

let f: GraphFixture;
let alice: string;
let carol: string;

beforeAll(async () => {
  f = await createCalendarFixture();
  alice = await f.userToken(ids.alice, ['Calendars.ReadWrite', 'Calendars.Read.Shared']);
  carol = await f.userToken(cal.carol, ['Calendars.ReadWrite', 'Calendars.Read.Shared']);
  const bob = await f.userToken(ids.bob, ['Calendars.ReadWrite']);
  const ev = (token: string, subject: string, from: string, to: string, extra: Record<string, unknown> = {}) => f.call('POST', '/me/events', token, { body: { subject, start: dt(from), end: dt(to), ...extra } });
  // Monday 2028-01-03 (UTC): bob busy 09:00-10:00, tentative 10:00-10:30 overlapped by oof 10:15-11:00, free 13:00-14:00.
  await ev(bob, 'Busy', '2028-01-03T09:00:00', '2028-01-03T10:00:00');
  await ev(bob, 'Maybe', '2028-01-03T10:00:00', '2028-01-03T10:30:00', { showAs: 'tentative' });
  await ev(bob, 'Away', '2028-01-03T10:15:00', '2028-01-03T11:00:00', { showAs: 'oof' });
  await ev(bob, 'Gym', '2028-01-03T13:00:00', '2028-01-03T14:00:00', { showAs: 'free' });
  await ev(bob, 'Daily', '2028-01-03T15:00:00', '2028-01-03T15:30:00', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2028-01-03', numberOfOccurrences: 3 } } });
  // carol busy all Monday morning.
  await ev(carol, 'Workshop', '2028-01-03T08:00:00', '2028-01-03T12:00:00');
});
afterAll(() => f.close());

const schedule = (body: Record<string, unknown>, headers: Record<string, string> = {}) => f.call('POST', '/me/calendar/getSchedule', alice, { body, headers });

describe('getSchedule', () => {
  it('availabilityView per interval, the busiest status winning; items with their status', async () => {
    const r = await schedule({ schedules: ['bob@contoso.test'], startTime: dt('2028-01-03T08:00:00'), endTime: dt('2028-01-03T16:00:00'), availabilityViewInterval: 30 });
    expect(r.status).toBe(200);
    const [bob] = r.body.value;
    // 08:00 … 16:00 in half hours: free, free, busy, busy, oof (tentative+oof), oof, free ×4, free (free item), free, free ×2, busy (series), free
    expect(bob.availabilityView).toBe('0022330000000020');
    expect(bob.scheduleItems.map((i: any) => i.status)).toEqual(['busy', 'tentative', 'oof', 'free', 'busy']);
    expect(bob.scheduleItems[4]).toMatchObject({ start: dt('2028-01-03T15:00:00.0000000'), end: dt('2028-01-03T15:30:00.0000000') });
    expect(bob.workingHours).toEqual({ daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } });
    expect(r.body['@odata.context']).toContain('$metadata#Collection(microsoft.graph.scheduleInformation)');
  });

  it('the interval defaults to 30 minutes; a partial last interval counts; Prefer zone applies to items', async () => {
    const r = await schedule({ schedules: ['bob@contoso.test'], startTime: dt('2028-01-03T01:00:00', 'Pacific Standard Time'), endTime: dt('2028-01-03T02:10:00', 'Pacific Standard Time') }, { prefer: 'outlook.timezone="Pacific Standard Time"' });
    // 01:00-02:10 PST is 09:00-10:10 UTC: busy, busy, then the tentative item in the last 10 minutes.
    expect(r.body.value[0].availabilityView).toBe('221');
    expect(r.body.value[0].scheduleItems[0].start).toEqual({ dateTime: '2028-01-03T01:00:00.0000000', timeZone: 'Pacific Standard Time' });
    expect(r.headers['preference-applied']).toBe('outlook.timezone="Pacific Standard Time"');
  });

  it('unknown addresses and unlicensed users are per-entry errors', async () => {
    const r = await schedule({ schedules: ['ghost@contoso.test', 'nolicense@contoso.test', 'bob@contoso.test'], startTime: dt('2028-01-03T08:00:00'), endTime: dt('2028-01-03T09:00:00') });
    expect(r.body.value[0]).toEqual({ scheduleId: 'ghost@contoso.test', error: { message: 'Unable to resolve e-mail address ghost@contoso.test to an Active Directory object.', responseCode: '5009' } });
    expect(r.body.value[1].error.responseCode).toBe('MailboxNotEnabledForRESTAPI');
    expect(r.body.value[2].availabilityView).toBe('00');
  });

  it.each([
    [{ startTime: dt('2028-01-03T08:00:00'), endTime: dt('2028-01-03T09:00:00') }, 'schedules'],
    [{ schedules: ['bob@contoso.test'], startTime: dt('2028-01-03T08:00:00'), endTime: dt('2028-01-03T09:00:00'), availabilityViewInterval: 4 }, 'availabilityViewInterval'],
    [{ schedules: ['bob@contoso.test'], startTime: dt('2028-01-03T08:00:00'), endTime: dt('2028-01-03T09:00:00'), availabilityViewInterval: 1441 }, 'availabilityViewInterval'],
    [{ schedules: ['bob@contoso.test'], startTime: dt('2028-01-03T09:00:00'), endTime: dt('2028-01-03T08:00:00') }, 'endTime'],
  ])('%j → 400 ErrorInvalidParameter naming %s', async (body, what) => {
    const r = await schedule(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ErrorInvalidParameter');
    expect(r.body.error.message).toContain(what);
  });

  it('a missing startTime is refused', async () => {
    const r = await schedule({ schedules: ['bob@contoso.test'], endTime: dt('2028-01-03T08:00:00') });
    expect(r.status).toBe(400);
  });
});

describe('findMeetingTimes', () => {
  const find = (token: string, body: Record<string, unknown>) => f.call('POST', '/me/findMeetingTimes', token, { body });
  const slot = { timeConstraint: { activityDomain: 'work', timeSlots: [{ start: dt('2028-01-03T08:00:00'), end: dt('2028-01-03T12:00:00') }] }, meetingDuration: 'PT1H' };

  it('with one free attendee: slots where both are free come first, with confidence 100', async () => {
    const r = await find(alice, { ...slot, attendees: [{ type: 'required', emailAddress: { address: 'bob@contoso.test' } }], returnSuggestionReasons: true });
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toContain('microsoft.graph.meetingTimeSuggestionsResult');
    expect(r.body.emptySuggestionsReason).toBe('');
    const slots = r.body.meetingTimeSuggestions.map((s: any) => [s.meetingTimeSlot.start.dateTime.slice(11, 16), s.confidence]);
    expect(slots).toEqual([['08:00', 100], ['11:00', 100]]);
    expect(r.body.meetingTimeSuggestions[0]).toMatchObject({ order: 1, organizerAvailability: 'free', attendeeAvailability: [{ attendee: { emailAddress: { address: 'bob@contoso.test' } }, availability: 'free' }] });
    expect(r.body.meetingTimeSuggestions[0].suggestionReason).toContain('all attendees are available');
  });

  it('confidence averages free 100, unknown 49, busy 0, and orders by confidence then time', async () => {
    const r = await find(alice, {
      ...slot,
      minimumAttendeePercentage: 0,
      attendees: [
        { type: 'required', emailAddress: { address: 'bob@contoso.test' } },
        { type: 'required', emailAddress: { address: 'partner@fabrikam.test' } },
        { type: 'required', emailAddress: { address: 'carol@contoso.test' } },
      ],
    });
    const got = r.body.meetingTimeSuggestions.map((s: any) => [s.meetingTimeSlot.start.dateTime.slice(11, 16), s.confidence]);
    // bob free at 08:00 and 11:00, the partner unknown, carol busy all morning → (100 + 49 + 0) / 3
    expect(got.slice(0, 2)).toEqual([['08:00', 49.67], ['11:00', 49.67]]);
    expect(got.every(([, c]: [string, number]) => c <= 49.67)).toBe(true);
    expect(r.body.meetingTimeSuggestions[0].attendeeAvailability.map((a: any) => a.availability)).toEqual(['free', 'unknown', 'busy']);
  });

  it('nothing at or above the minimum: an empty result with the reason', async () => {
    const r = await find(alice, { ...slot, attendees: [{ type: 'required', emailAddress: { address: 'carol@contoso.test' } }] });
    expect(r.body).toMatchObject({ emptySuggestionsReason: 'attendeesUnavailable', meetingTimeSuggestions: [] });
  });

  it('a busy organizer rules slots out unless optional', async () => {
    const r = await find(carol, { ...slot });
    expect(r.body.emptySuggestionsReason).toBe('organizerUnavailable');
    const optional = await find(carol, { ...slot, isOrganizerOptional: true });
    expect(optional.body.meetingTimeSuggestions.length).toBeGreaterThan(0);
  });
});
