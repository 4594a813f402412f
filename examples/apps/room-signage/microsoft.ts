import type { Client } from '@microsoft/microsoft-graph-client';
import { allPages } from '../shared/graph.js';
import type { RunLog } from '../shared/run-log.js';
import { dayWindow, utc } from '../shared/time.js';

// What a sign does with Microsoft 365, whichever way it is connected: find its room, show the
// room's bookings of the day, and book the room from the sign ("book now").

export interface Sign {
  room: string;
  name: string;
}

export interface SignOptions {
  /** Read the room's user object too (the application model's User.Read.All justification). */
  readUser: boolean;
  /** The room booked from its sign in this run. */
  bookNow?: string;
  timeZone: string;
}

export async function showSigns(graph: Client, log: RunLog, feature: string, signs: Sign[], o: SignOptions): Promise<void> {
  const today = dayWindow(o.timeZone, new Date());
  for (const s of signs) {
    if (o.readUser) {
      await log.step(feature, `GET /users/${s.room}`, () => graph.api(`/users/${s.room}`).select('id,displayName,mail').get(), (u: { displayName: string }) => u.displayName);
    }
    await log.step(
      feature,
      `GET /users/${s.room}/calendarView`,
      () =>
        graph
          .api(`/users/${s.room}/calendarView`)
          .header('Prefer', `outlook.timezone="${o.timeZone}"`)
          .query({ startDateTime: today.start.toISOString(), endDateTime: today.end.toISOString() })
          .select('subject,start,end,showAs,organizer')
          .top(100)
          .get()
          .then((r: { value: unknown[] }) => r.value),
      (v) => `${v.length} bookings today`,
    );
  }
  if (o.bookNow) {
    const start = new Date(Math.ceil(Date.now() / 900_000) * 900_000);
    await log.step(
      feature,
      `POST /users/${o.bookNow}/events`,
      () => graph.api(`/users/${o.bookNow}/events`).post({ subject: 'Booked at the sign', start: utc(start), end: utc(new Date(start.getTime() + 900_000)), showAs: 'busy' }),
      () => 'booked 15 minutes from the sign',
    );
  }
}

interface Place {
  emailAddress: string;
  displayName: string;
  tags?: string[];
}

/** Rooms from Places, the ones tagged "signage" (the application model: Place.Read.All). */
export async function roomsFromPlaces(graph: Client, log: RunLog, feature: string): Promise<Sign[] | undefined> {
  const rooms = await log.step(
    feature,
    'GET /places/microsoft.graph.room',
    async () => allPages<Place>(graph, await graph.api('/places/microsoft.graph.room').top(100).get()),
    (v) => `${v.length} rooms`,
  );
  return rooms
    ?.filter((r) => r.tags?.some((t) => t.toLowerCase() === 'signage'))
    .map((r) => ({ room: r.emailAddress.toLowerCase(), name: r.displayName }))
    .sort((a, b) => a.room.localeCompare(b.room));
}

/** Rooms the signed-in account can find (the service-account model: User.ReadBasic.All). */
export async function roomsFromFindRooms(graph: Client, log: RunLog, feature: string): Promise<Sign[] | undefined> {
  const rooms = await log.step(
    feature,
    'GET /beta/me/findRooms',
    () => graph.api('/me/findRooms').version('beta').get().then((r: { value: { address: string; name: string }[] }) => r.value),
    (v) => `${v.length} rooms`,
  );
  return rooms?.map((r) => ({ room: r.address.toLowerCase(), name: r.name })).sort((a, b) => a.room.localeCompare(b.room));
}
