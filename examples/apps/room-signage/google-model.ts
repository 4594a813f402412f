import { readFileSync } from 'node:fs';
import { Gaxios } from 'gaxios';
import { google } from 'googleapis';
import type { RunLog } from '../shared/run-log.js';
import type { Target } from '../shared/target.js';
import { dayWindow } from '../shared/time.js';

// The Google Workspace model (seed 002, "option A"): a service account with domain-wide delegation
// for calendar, calendar.events and admin.directory.resource.calendar.readonly impersonates a
// dedicated super-admin account, lists the resource calendars (rooms), reads each room's day and
// books a room from its sign (an event with the room as a resource attendee).
//
// Google's libraries hard-code oauth2.googleapis.com for service-account tokens: in intercept mode
// that is all it takes; in direct mode the token request is sent to tenantbox by a gaxios
// interceptor and the APIs by rootUrl (docs/google.md).

export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/admin.directory.resource.calendar.readonly',
];

export interface GoogleOptions {
  keyFile: string;
  subject: string;
  timeZone: string;
  bookNow?: string;
}

export async function runGoogle(t: Target, log: RunLog, o: GoogleOptions): Promise<void> {
  const key = JSON.parse(readFileSync(o.keyFile, 'utf8')) as { client_email: string; private_key: string };
  let transporter: Gaxios | undefined;
  if (t.mode === 'direct') {
    const base = t.tenantboxUrl!;
    transporter = new Gaxios();
    transporter.interceptors.request.add({
      resolved: async (req) => {
        const u = String(req.url);
        if (u.startsWith('https://oauth2.googleapis.com/')) req.url = new URL(u.slice('https://oauth2.googleapis.com'.length), base);
        return req;
      },
    });
  }
  const auth = new google.auth.JWT({ email: key.client_email, key: key.private_key, scopes: GOOGLE_SCOPES, subject: o.subject, ...(transporter && { transporter: transporter as never }) });
  const rootUrl = t.mode === 'direct' ? `${t.tenantboxUrl}/` : undefined;
  const admin = google.admin({ version: 'directory_v1', auth, ...(rootUrl && { rootUrl }) });
  const calendar = google.calendar({ version: 'v3', auth, ...(rootUrl && { rootUrl }) });

  const token = await log.step('google', 'service account token (domain-wide delegation)', () => auth.authorize(), () => `acting as ${o.subject}`);
  if (!token) return;
  const resources = await log.step(
    'google',
    'GET admin/directory/v1 resources/calendars',
    async () => (await admin.resources.calendars.list({ customer: 'my_customer', maxResults: 100 })).data.items ?? [],
    (v) => `${v.length} resource calendars`,
  );
  if (!resources) return;
  const today = dayWindow(o.timeZone, new Date());
  for (const r of [...resources].sort((a, b) => String(a.resourceEmail).localeCompare(String(b.resourceEmail)))) {
    await log.step(
      'google',
      `GET calendar/v3 events (${r.resourceName})`,
      async () =>
        (await calendar.events.list({ calendarId: r.resourceEmail!, timeMin: today.start.toISOString(), timeMax: today.end.toISOString(), singleEvents: true, orderBy: 'startTime' })).data.items ?? [],
      (v) => `${v.length} bookings today`,
    );
  }
  const room = resources.find((r) => r.resourceName === o.bookNow);
  if (room) {
    const start = new Date(Math.ceil(Date.now() / 900_000) * 900_000 + 86_400_000);
    await log.step(
      'google',
      `POST calendar/v3 events (book ${room.resourceName})`,
      async () =>
        (
          await calendar.events.insert({
            calendarId: 'primary',
            requestBody: {
              summary: 'Booked at the sign',
              start: { dateTime: start.toISOString() },
              end: { dateTime: new Date(start.getTime() + 900_000).toISOString() },
              attendees: [{ email: room.resourceEmail!, resource: true }],
            },
          })
        ).data,
      (ev) => `room answered ${ev.attendees?.find((a) => a.resource)?.responseStatus ?? 'nothing'}`,
    );
  }
}
