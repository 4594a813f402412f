import type { GoogleCalendarRecord, GoogleEventRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import { baseRole } from './access.js';
import { expandSeries, type Attendee, type BuiltEvent } from './event-model.js';
import { MAX_INSTANCES } from './rrule.js';

// Writing an event the way Google's calendar backend does:
// - the organizer's calendar holds the event; every attendee tenantbox has a calendar for (a user's
//   primary, a resource) gets a copy with the same id and iCalUID;
// - a resource answers for itself: accepted when it is free for every instance, declined when any
//   instance overlaps a busy (opaque, not cancelled) event in its calendar, or when the booker may
//   not even see its free/busy (super admins may book anything); resources with autoAccept off
//   leave invitations needsAction;
// - an attendee removed from the event, or a declining resource, loses its copy;
// - deleting the organizer's event cancels every copy. Cancelled rows stay for incremental sync.
// A copy edited in an attendee's calendar changes only that copy. Callers run a write in one
// store transaction, which also keeps two bookings of one room from both seeing it free.

export interface WriteActor {
  email: string;
  isAdmin: boolean;
}

type NewEvent = Omit<GoogleEventRecord, 'seq'>;

export async function saveEvent(g: GoogleContext, cal: GoogleCalendarRecord, built: BuiltEvent, opts: { previous?: GoogleEventRecord; actor: WriteActor | null }): Promise<GoogleEventRecord> {
  const { body } = built;
  const tenantId = cal.tenantId;
  const row = (calendarId: string, b = body): NewEvent => ({
    tenantId,
    calendarId,
    id: b.id,
    status: b.status,
    startMs: built.startMs,
    endMs: built.endMs,
    recurringEventId: b.recurringEventId ?? null,
    iCalUID: b.iCalUID,
    body: b,
  });
  if (body.organizer?.email !== cal.id) return g.stores.calendars.putEvent(row(cal.id));

  const prev = new Map(((opts.previous?.body.attendees ?? []) as Attendee[]).map((a) => [a.email, a]));
  const sameTimes =
    opts.previous !== undefined &&
    opts.previous.startMs === built.startMs &&
    opts.previous.endMs === built.endMs &&
    JSON.stringify(opts.previous.body.recurrence) === JSON.stringify(body.recurrence);
  const attendees = ((body.attendees ?? []) as Attendee[]).map((a) => ({ ...a }));
  if (attendees.length > 0 && cal.kind === 'primary' && !attendees.some((a) => a.email === cal.id)) {
    attendees.unshift({ email: cal.id, organizer: true, responseStatus: 'accepted' });
  }
  const targets: string[] = [];
  for (const a of attendees) {
    const before = prev.get(a.email);
    if (a.email === cal.id) {
      a.organizer = true;
      a.responseStatus = 'accepted';
      continue;
    }
    const res = await g.stores.directory.getResource(tenantId, a.email);
    if (res) {
      a.resource = true;
      a.displayName ??= res.resourceName;
      if (before && sameTimes && before.responseStatus !== 'needsAction') a.responseStatus = before.responseStatus;
      else if (!res.autoAccept) a.responseStatus = 'needsAction';
      else a.responseStatus = (await resourceIsFree(g, cal, built, a.email, opts.actor)) ? 'accepted' : 'declined';
      if (a.responseStatus !== 'declined' && (await g.stores.calendars.getCalendar(tenantId, a.email))) targets.push(a.email);
      continue;
    }
    const user = await g.stores.directory.getUser(tenantId, a.email);
    if (before) a.responseStatus = before.responseStatus;
    if (user) {
      a.displayName ??= user.fullName;
      if (await g.stores.calendars.getCalendar(tenantId, a.email)) targets.push(a.email);
    }
  }
  if (attendees.length > 0) body.attendees = attendees;
  else delete body.attendees;

  const saved = await g.stores.calendars.putEvent(row(cal.id));
  for (const t of targets) await g.stores.calendars.putEvent(row(t));
  // Attendees dropped from the event (or resources that declined) lose their copies.
  for (const copy of await g.stores.calendars.listCopies(tenantId, body.id)) {
    if (copy.calendarId !== cal.id && !targets.includes(copy.calendarId) && copy.status !== 'cancelled') {
      await cancel(g, copy);
    }
  }
  return saved;
}

/** Deletes an event: the organizer's delete cancels every copy (and a series' exceptions); an attendee's, only theirs. */
export async function deleteEvent(g: GoogleContext, cal: GoogleCalendarRecord, ev: GoogleEventRecord): Promise<void> {
  if (ev.body.organizer?.email !== cal.id) {
    await cancel(g, ev);
    return;
  }
  for (const copy of await g.stores.calendars.listCopies(cal.tenantId, ev.id)) {
    if (copy.status !== 'cancelled') await cancel(g, copy);
    for (const ex of await g.stores.calendars.listExceptions(cal.tenantId, copy.calendarId, ev.id)) if (ex.status !== 'cancelled') await cancel(g, ex);
  }
}

async function cancel(g: GoogleContext, ev: GoogleEventRecord): Promise<void> {
  const body = { ...ev.body, status: 'cancelled', updated: g.clock.nowDate().toISOString() };
  await g.stores.calendars.putEvent({ ...ev, status: 'cancelled', body });
}

async function resourceIsFree(g: GoogleContext, organizerCal: GoogleCalendarRecord, built: BuiltEvent, resourceEmail: string, actor: WriteActor | null): Promise<boolean> {
  const tenantId = organizerCal.tenantId;
  const resCal = await g.stores.calendars.getCalendar(tenantId, resourceEmail);
  if (!resCal) return false;
  if (actor && !actor.isAdmin) {
    const customer = await g.stores.directory.getCustomer(tenantId);
    const role = await baseRole(g, { tenantId, email: actor.email, kind: 'user', isAdmin: false, clientId: '', clientName: '', scopes: [], domain: customer?.domain ?? '' }, resCal);
    if (role === 'none') return false;
  }
  const seriesId = (built.body.recurringEventId as string | undefined) ?? (built.body.id as string);
  const probe: GoogleEventRecord = { tenantId, calendarId: organizerCal.id, id: built.body.id, seq: 0, status: 'confirmed', startMs: built.startMs, endMs: built.endMs, recurringEventId: null, iCalUID: built.body.iCalUID, body: built.body };
  const spans = built.body.recurrence
    ? expandSeries(probe, [], organizerCal, built.startMs, Number.MAX_SAFE_INTEGER, false, MAX_INSTANCES).map((i) => [i.startMs, i.endMs] as const)
    : [[built.startMs, built.endMs] as const];
  if (spans.length === 0) return true;
  const from = spans[0]![0];
  const to = spans[spans.length - 1]![1];
  for (const other of await g.stores.calendars.listEvents(tenantId, resourceEmail, { startMs: from, endMs: to })) {
    if (other.id === seriesId || other.recurringEventId === seriesId) continue;
    if (other.body.transparency === 'transparent') continue;
    const busy = other.body.recurrence
      ? expandSeries(other, await g.stores.calendars.listExceptions(tenantId, resourceEmail, other.id), resCal, from, to).map((i) => [i.startMs, i.endMs] as const)
      : [[other.startMs, other.endMs] as const];
    for (const [s, e] of spans) for (const [bs, be] of busy) if (s < be && bs < e) return false;
  }
  return true;
}
