import type { EventSpec } from '../../tenant-file/types.js';
import type { EventRecord, UserRecord } from '../types.js';
import { type Addressee, type SeedContext, SeedError, type TenantState } from './context.js';
import { seriesEndMs } from './series-range.js';

// Calendar events, Exchange-style: a meeting is one item per mailbox, all with the same iCalUId:
// the organizer's copy, and one on each attendee mailbox of the tenant (users with a mailbox,
// rooms, members of group attendees). The calendar the file names holds one of them (its owner is
// added as an attendee if the file did not list it). The seed does not check conflicts: a room
// that auto-accepts has accepted.

const NO_RESPONSE_TIME = '0001-01-01T00:00:00Z';
// Exchange iCalUIds (Outlook's global object id) start with this class id.
const ICAL_PREFIX = '040000008200E00074C5B7101A82E00800000000';

interface Attendee {
  address: string;
  type: 'required' | 'optional' | 'resource';
  who: Addressee | undefined; // undefined: outside the tenant
}

export async function seedEvents(ctx: SeedContext, t: TenantState): Promise<void> {
  const seen = new Map<string, number>();
  const batch: EventRecord[] = [];
  for (const e of t.spec.events) {
    const startMs = Date.parse(e.start);
    const endMs = Date.parse(e.end);
    if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw new SeedError(e.source, `start/end must be ISO 8601 instants (got '${e.start}', '${e.end}')`);
    if (endMs < startMs) throw new SeedError(e.source, 'the event ends before it starts');

    const organizerAddress = e.organizer.toLowerCase();
    const organizer = t.addresses.get(organizerAddress);
    const holder = t.addresses.get(e.calendar.toLowerCase());
    if (!holder || !hasMailbox(holder)) throw new SeedError(e.source, `calendar '${e.calendar}' is not a mailbox of ${t.domain}`);

    const attendees = attendeesOf(t, e, organizerAddress, holder);
    // The meeting's natural key survives relative times moving with the days ("today+1 09:00").
    const base = `event:${t.domain}:${e.calendar}:${organizerAddress}:${e.subject}`.toLowerCase();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const meetingKey = `${base}:${n}`;
    const iCalUId = ICAL_PREFIX + (await ctx.id(meetingKey)).replace(/-/g, '').toUpperCase();

    const organizerName = organizer ? organizer.record.displayName : organizerAddress;
    const mailboxes = new Map<string, UserRecord>();
    if (organizer && hasMailbox(organizer)) mailboxes.set(organizer.record.id, organizer.record as UserRecord);
    for (const a of attendees) for (const m of mailboxesOf(t, a.who)) mailboxes.set(m.id, m);

    const recurrence = e.recurrence ? graphRecurrence(e.recurrence) : null;
    const type = e.recurrence ? 'seriesMaster' : 'singleInstance';
    let seriesEnd = endMs;
    try {
      if (e.recurrence) seriesEnd = seriesEndMs(e.recurrence, startMs, endMs);
    } catch (err) {
      throw new SeedError(e.source, (err as Error).message);
    }
    const rooms = attendees.filter((a) => a.who?.kind === 'room');
    const location = e.location ?? rooms.map((a) => a.who!.record.displayName).join('; ');

    for (const owner of mailboxes.values()) {
      const isOrganizer = organizer?.record.id === owner.id;
      const room = owner.kind === 'room' ? owner.room : null;
      const accepted = room !== null && room.autoAccept;
      const showAs = e.showAs ?? 'busy';
      batch.push({
        tenantId: t.id,
        id: await ctx.orderedId(`${meetingKey}:${owner.id}`),
        calendarId: t.calendars.get(owner.id)!.id,
        ownerId: owner.id,
        iCalUId,
        type,
        seriesMasterId: null,
        startMs,
        endMs: seriesEnd,
        data: {
          subject: room ? roomSubject(room, e.subject, organizerName) : e.subject,
          // A room's calendar processing drops the body along with the subject (DeleteComments).
          body: { contentType: 'text', content: room?.deleteSubject ? '' : (e.body ?? '') },
          start: { dateTime: graphDateTime(startMs), timeZone: 'UTC' },
          end: { dateTime: graphDateTime(endMs), timeZone: 'UTC' },
          location: { displayName: location },
          locations: rooms.map((a) => ({
            displayName: a.who!.record.displayName,
            locationEmailAddress: a.address,
            locationType: 'conferenceRoom',
            uniqueId: a.address,
            uniqueIdType: 'directory',
          })),
          attendees: attendees.map((a) => ({
            type: a.type,
            status: a.who?.kind === 'room' && (a.who.record as UserRecord).room?.autoAccept ? { response: 'accepted', time: ctx.now } : { response: 'none', time: NO_RESPONSE_TIME },
            emailAddress: { name: a.who ? a.who.record.displayName : a.address, address: a.address },
          })),
          organizer: { emailAddress: { name: organizerName, address: organizerAddress } },
          isOrganizer,
          responseStatus: isOrganizer
            ? { response: 'organizer', time: NO_RESPONSE_TIME }
            : accepted
              ? { response: 'accepted', time: ctx.now }
              : { response: 'notResponded', time: NO_RESPONSE_TIME },
          // An invitation not yet answered sits on an attendee's calendar as tentative.
          showAs: isOrganizer || accepted || showAs !== 'busy' ? showAs : 'tentative',
          sensitivity: e.isPrivate ? 'private' : 'normal',
          isOnlineMeeting: e.isOnlineMeeting,
          onlineMeetingProvider: e.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
          recurrence,
          isAllDay: false,
          isCancelled: false,
          importance: 'normal',
          isReminderOn: !room,
          reminderMinutesBeforeStart: 15,
          responseRequested: true,
          categories: [],
        },
        createdDateTime: ctx.now,
        lastModifiedDateTime: ctx.now,
        changeKey: ctx.deps.ids.token(12),
      });
    }
  }
  await ctx.stores.events.putEvents(batch);
  t.events = batch.length;
}

function hasMailbox(a: Addressee): boolean {
  return a.kind === 'room' || (a.kind === 'user' && (a.record as UserRecord).mailbox);
}

function attendeesOf(t: TenantState, e: EventSpec, organizerAddress: string, holder: Addressee): Attendee[] {
  const out: Attendee[] = [];
  const add = (address: string, type: Attendee['type']) => {
    const lower = address.toLowerCase();
    const who = t.addresses.get(lower);
    // The organizer is never an attendee of their own meeting; one address is listed once.
    if (lower === organizerAddress || (who && who.record.id === t.addresses.get(organizerAddress)?.record.id)) return;
    if (out.some((a) => a.address === lower || (who && a.who?.record.id === who.record.id))) return;
    if (!who && lower.endsWith(`@${t.domain}`)) throw new SeedError(e.source, `attendee '${address}': nothing in tenant ${t.domain} has this address`);
    out.push({ address: lower, type: who?.kind === 'room' ? 'resource' : type, who });
  };
  for (const a of e.attendees) add(a.address, a.type);
  const holderAddress = (holder.record.mail ?? (holder.record as UserRecord).userPrincipalName).toLowerCase();
  add(holderAddress, holder.kind === 'room' ? 'resource' : 'required');
  return out;
}

/** Mailboxes an attendee stands for: itself, or a group's members with a mailbox (nested groups too). */
function mailboxesOf(t: TenantState, who: Addressee | undefined, seen = new Set<string>()): UserRecord[] {
  if (!who || seen.has(who.record.id)) return [];
  seen.add(who.record.id);
  if (who.kind === 'user' || who.kind === 'room') return hasMailbox(who) ? [who.record as UserRecord] : [];
  return (t.groupMembers.get(who.record.id) ?? []).flatMap((m) => mailboxesOf(t, t.addresses.get(m.toLowerCase()), seen));
}

/** Set-CalendarProcessing on the room: AddOrganizerToSubject puts the organizer's name in the subject, DeleteSubject drops the original. */
function roomSubject(room: NonNullable<UserRecord['room']>, subject: string, organizerName: string): string {
  if (room.addOrganizerToSubject) return room.deleteSubject ? organizerName : `${organizerName} ${subject}`;
  return room.deleteSubject ? '' : subject;
}

/** Graph's dateTimeTimeZone.dateTime: no offset, seven fractional digits. */
function graphDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

function graphRecurrence(r: NonNullable<EventSpec['recurrence']>): Record<string, unknown> {
  return {
    pattern: {
      type: r.pattern.type,
      interval: r.pattern.interval,
      month: 0,
      dayOfMonth: r.pattern.dayOfMonth ?? 0,
      daysOfWeek: r.pattern.daysOfWeek ?? [],
      firstDayOfWeek: 'sunday',
      index: 'first',
    },
    range: {
      type: r.range.type,
      startDate: r.range.startDate,
      endDate: r.range.endDate ?? '0001-01-01',
      recurrenceTimeZone: 'UTC',
      numberOfOccurrences: r.range.numberOfOccurrences ?? 0,
    },
  };
}
