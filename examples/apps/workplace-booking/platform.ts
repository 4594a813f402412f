import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { allPages } from '../shared/graph.js';
import type { RunLog } from '../shared/run-log.js';
import { dayWindow, utc } from '../shared/time.js';

// The booking platform's background work, as the application (no signed-in user): directory sync,
// room availability, calendars of people and rooms, bookings, Teams meetings, usage reports.

export interface PlatformConfig {
  /** Rooms the platform manages (its own configuration, not looked up: it holds no Place.Read.All). */
  rooms: string[];
  /** People whose calendars the platform reads to show who is in the office. */
  people: string[];
  /** Bookings to make: an organizer, a room, and whether it gets a Teams meeting. */
  bookings: { organizer: string; room?: string; online: boolean; subject: string }[];
  timeZone: string;
}

interface User {
  id: string;
  userPrincipalName: string;
  mail: string | null;
}

export async function runPlatform(graph: Client, log: RunLog, cfg: PlatformConfig): Promise<void> {
  // Directory sync: people, groups and their members become platform users and permission groups.
  const users = await log.step(
    'sync',
    'GET /users',
    async () => allPages<User>(graph, await graph.api('/users').select('id,displayName,mail,userPrincipalName,department,jobTitle,accountEnabled').top(999).get()),
    (v) => `${v.length} users`,
  );
  const groups = await log.step(
    'sync',
    'GET /groups',
    async () => allPages<{ id: string; displayName: string }>(graph, await graph.api('/groups').select('id,displayName,mail,groupTypes').top(999).get()),
    (v) => `${v.length} groups`,
  );
  if (groups) {
    await log.step(
      'sync',
      'GET /groups/{id}/members',
      async () => {
        let memberships = 0;
        for (const g of groups) memberships += (await allPages(graph, await graph.api(`/groups/${g.id}/members`).select('id').top(999).get())).length;
        return memberships;
      },
      (n) => `${n} memberships in ${groups.length} groups`,
    );
  }
  const idOf = (upn: string) => users?.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase())?.id ?? upn;

  // Availability of the managed rooms for the coming week (getSchedule asks from a mailbox: the first organizer's).
  const week = dayWindow(cfg.timeZone, new Date(), 7);
  const availability = await log.step(
    'rooms',
    'POST /users/{id}/calendar/getSchedule',
    () =>
      graph
        .api(`/users/${cfg.bookings[0]!.organizer}/calendar/getSchedule`)
        .header('Prefer', `outlook.timezone="${cfg.timeZone}"`)
        .post({ schedules: cfg.rooms, startTime: utc(week.start), endTime: utc(week.end), availabilityViewInterval: 30 })
        .then((r: { value: { scheduleId: string; availabilityView: string }[] }) => r.value),
    (v) => `availability of ${v.length} rooms`,
  );

  // Today's bookings of each room and each person, for the floor plan and the people finder.
  const today = dayWindow(cfg.timeZone, new Date());
  for (const [kind, list] of [['rooms', cfg.rooms], ['people', cfg.people]] as const) {
    for (const mailbox of list) {
      await log.step(
        kind,
        `GET /users/${mailbox}/calendarView`,
        () =>
          graph
            .api(`/users/${mailbox}/calendarView`)
            .query({ startDateTime: today.start.toISOString(), endDateTime: today.end.toISOString() })
            .select('subject,start,end,showAs,location')
            .top(100)
            .get()
            .then((r: { value: unknown[] }) => r.value),
        (v) => `${v.length} events today`,
      );
    }
  }

  // Bookings: a meeting in the organizer's calendar with the room as a resource attendee (the
  // room's booking attendant accepts or declines it), and a Teams meeting where asked for.
  for (const b of cfg.bookings) {
    const slot = freeSlot(availability?.find((a) => a.scheduleId === b.room)?.availabilityView, week.start);
    if (b.room) {
      await log.step(
        'book',
        `POST /users/{id}/events (${b.room})`,
        () =>
          graph.api(`/users/${b.organizer}/events`).post({
            subject: b.subject,
            start: utc(slot.start),
            end: utc(slot.end),
            location: { displayName: b.room, locationEmailAddress: b.room },
            attendees: [{ emailAddress: { address: b.room }, type: 'resource' }],
          }),
        () => `booked ${b.room} for ${b.organizer}`,
      );
    }
    if (b.online) {
      await log.step(
        'meetings',
        `POST /users/{id}/onlineMeetings (${b.organizer})`,
        () => graph.api(`/users/${idOf(b.organizer)}/onlineMeetings`).post({ subject: b.subject, startDateTime: slot.start.toISOString(), endDateTime: slot.end.toISOString() }),
        (m: { joinWebUrl?: string }) => (m.joinWebUrl ? 'Teams meeting created' : 'created, without a join URL'),
      );
    }
  }

  // Usage reports for the platform's Power BI dashboards (CSV behind a redirect).
  for (const report of ["getOffice365ActiveUserDetail(period='D30')", "getEmailActivityUserDetail(period='D30')"]) {
    await log.step(
      'reports',
      `GET /reports/${report}`,
      () => graph.api(`/reports/${report}`).responseType(ResponseType.TEXT).get() as Promise<string>,
      (csv) => `${Math.max(0, csv.trim().split('\n').length - 1)} rows`,
    );
  }
}

/** The first free half hour in a room's availability view (0 = free), from 08:00 on; else tomorrow 07:00. */
function freeSlot(view: string | undefined, from: Date): { start: Date; end: Date } {
  const half = 30 * 60_000;
  if (view) {
    for (let i = 0; i < view.length; i++) {
      const start = new Date(from.getTime() + i * half);
      const hour = start.getUTCHours();
      if (view[i] === '0' && start.getTime() > Date.now() + half && hour >= 7 && hour < 16) return { start, end: new Date(start.getTime() + half) };
    }
  }
  const start = new Date(from.getTime() + 86_400_000 + 7 * 3_600_000);
  return { start, end: new Date(start.getTime() + half) };
}
