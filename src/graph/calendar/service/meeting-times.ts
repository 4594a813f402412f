import type { Services } from '../../../shared/services.js';
import type { TenantRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import type { Resource } from '../../odata/collection.js';
import { readDateTimeTimeZone, toDateTimeTimeZone } from '../time/date-time.js';
import { resolveZone, UTC_ZONE, wallAt, type Zone } from '../time/zones.js';
import { blocksTime, expandRange, type Instance } from './expand.js';
import { defaultCalendar, mailboxByAddress } from './mailboxes.js';
import { overlaps } from './rooms.js';

// findMeetingTimes (graph-docs user-findmeetingtimes.md): candidate slots inside the time
// constraint (work hours Monday-Friday 08:00-17:00 in the mailbox's zone for `work`, every day
// for `personal`, all hours for `unrestricted`), each scored by the documented confidence: the
// average over the attendees of their chance to attend — free 100, unknown 49, busy 0 [D G15].
// Slots under minimumAttendeePercentage (default 50) are dropped; the rest are ordered by
// confidence, then chronologically, as documented. Choices where the page is silent [I]:
// candidates start every 30 minutes; tentative and working-elsewhere count as free, out of office
// as busy; without timeSlots the window is the next two days; maxCandidates defaults to 10; a busy
// organizer (unless optional) rules a slot out.

const STEP = 30 * 60_000;

// The body's complex values must have their documented shape; anything else is a 400 naming the
// property rather than a crash further down.
function objectOf<T extends object>(value: unknown, name: string): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw graphErrors.badRequest(`Invalid value for '${name}': an object is expected.`);
  return value as Partial<T>;
}

function arrayOf<T extends object>(value: unknown, name: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw graphErrors.badRequest(`Invalid value for '${name}': an array of objects is expected.`);
  }
  return value as T[];
}
const CHANCE: Record<string, number> = { free: 100, tentative: 100, workingElsewhere: 100, unknown: 49, busy: 0, oof: 0 };

interface Party {
  address: string;
  type: string;
  mailbox: UserRecord | undefined;
  busy: Instance[];
}

export async function findMeetingTimes(s: Services, tenant: TenantRecord, organizer: UserRecord, body: Record<string, unknown>, zone: Zone): Promise<Resource> {
  const get = (name: string) => body[Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
  const durationMs = parseDuration(get('meetingDuration'));
  const minimum = get('minimumAttendeePercentage') === undefined ? 50 : Number(get('minimumAttendeePercentage'));
  const maxCandidates = get('maxCandidates') === undefined ? 10 : Number(get('maxCandidates'));
  const organizerOptional = String(get('isOrganizerOptional') ?? 'false') === 'true';
  const reasons = String(get('returnSuggestionReasons') ?? 'false') === 'true';
  if (Number.isNaN(minimum) || minimum < 0 || minimum > 100) throw graphErrors.invalidParameter("The parameter 'minimumAttendeePercentage' must be a number from 0 to 100.");
  if (!Number.isInteger(maxCandidates) || maxCandidates < 1) throw graphErrors.invalidParameter("The parameter 'maxCandidates' must be a positive integer.");

  const tc = objectOf<{ activityDomain?: string; timeSlots?: unknown }>(get('timeConstraint'), 'timeConstraint');
  const domain = tc.activityDomain ?? 'work';
  if (!['work', 'personal', 'unrestricted', 'unknown'].includes(domain)) throw graphErrors.invalidParameter(`The activityDomain '${domain}' is not one of work, personal, unrestricted.`);
  const now = s.clock.now();
  const windows = arrayOf<{ start: unknown; end: unknown }>(tc.timeSlots, 'timeConstraint.timeSlots').map((t, i) => ({ start: readDateTimeTimeZone(t.start, `timeSlots[${i}].start`).ms, end: readDateTimeTimeZone(t.end, `timeSlots[${i}].end`).ms }));
  if (windows.length === 0) windows.push({ start: Math.ceil(now / STEP) * STEP, end: Math.ceil(now / STEP) * STEP + 2 * 86_400_000 });
  const from = Math.min(...windows.map((w) => w.start));
  const to = Math.max(...windows.map((w) => w.end));

  const attendees = arrayOf<{ type?: string; emailAddress?: { address?: string } }>(get('attendees'), 'attendees').map((a) => ({ address: String(a.emailAddress?.address ?? '').toLowerCase(), type: a.type ?? 'required' }));
  const load = async (address: string, type: string): Promise<Party> => {
    const mailbox = address ? await mailboxByAddress(s, tenant.id, address) : undefined;
    const busy = mailbox ? (await expandRange(s, tenant.id, [(await defaultCalendar(s, mailbox)).id], from, to)).filter(blocksTime) : [];
    return { address, type, mailbox, busy };
  };
  const parties = await Promise.all(attendees.map((a) => load(a.address, a.type)));
  const org = await load((organizer.mail ?? organizer.userPrincipalName).toLowerCase(), 'required');
  org.mailbox = organizer;

  const lc = objectOf<{ isRequired?: boolean | string; locations?: unknown }>(get('locationConstraint'), 'locationConstraint');
  const locations = arrayOf<{ displayName?: string; locationEmailAddress?: string; resolveAvailability?: boolean | string }>(lc.locations, 'locationConstraint.locations');
  const rooms = await Promise.all(locations.map(async (l) => ({ l, party: l.locationEmailAddress && String(l.resolveAvailability ?? 'true') !== 'false' ? await load(String(l.locationEmailAddress).toLowerCase(), 'resource') : undefined })));
  const locationRequired = String(lc.isRequired ?? 'false') === 'true';

  const hoursZone = resolveZone(tenant.timeZone || 'UTC') ?? UTC_ZONE;
  const suggestions: { start: number; confidence: number; organizer: string; availability: { party: Party; status: string }[]; locations: Resource[] }[] = [];
  let organizerOut = 0;
  let locationOut = 0;
  let attendeesOut = 0;
  for (const w of windows) {
    for (let start = Math.ceil(w.start / STEP) * STEP; start + durationMs <= w.end; start += STEP) {
      if (!inDomain(start, start + durationMs, domain, hoursZone.iana)) continue;
      const end = start + durationMs;
      const orgStatus = statusIn(org, start, end);
      if (!organizerOptional && (orgStatus === 'busy' || orgStatus === 'oof')) {
        organizerOut++;
        continue;
      }
      const freeRooms = rooms.filter((r) => !r.party || statusIn(r.party, start, end) === 'free');
      if (locationRequired && rooms.length && freeRooms.length === 0) {
        locationOut++;
        continue;
      }
      const availability = parties.map((p) => ({ party: p, status: statusIn(p, start, end) }));
      const confidence = availability.length ? availability.reduce((sum, a) => sum + CHANCE[a.status]!, 0) / availability.length : 100;
      if (confidence < minimum) {
        attendeesOut++;
        continue;
      }
      suggestions.push({ start, confidence: Math.round(confidence * 100) / 100, organizer: orgStatus, availability, locations: freeRooms.map((r) => ({ displayName: r.l.displayName ?? r.l.locationEmailAddress ?? '', ...(r.l.locationEmailAddress ? { locationEmailAddress: r.l.locationEmailAddress } : {}) })) });
    }
  }
  suggestions.sort((a, b) => b.confidence - a.confidence || a.start - b.start);
  const picked = suggestions.slice(0, maxCandidates);
  const emptyReason = picked.length ? '' : attendeesOut ? (parties.some((p) => !p.mailbox) ? 'attendeesUnavailableOrUnknown' : 'attendeesUnavailable') : locationOut ? 'locationsUnavailable' : organizerOut ? 'organizerUnavailable' : 'unknown';
  return {
    emptySuggestionsReason: emptyReason,
    meetingTimeSuggestions: picked.map((p, i) => ({
      confidence: p.confidence,
      order: i + 1,
      organizerAvailability: p.organizer,
      ...(reasons ? { suggestionReason: p.confidence === 100 ? 'Suggested because it is one of the nearest times when all attendees are available.' : 'Suggested because it is one of the nearest times when most attendees are available.' } : {}),
      attendeeAvailability: p.availability.map((a) => ({ attendee: { type: a.party.type, emailAddress: { address: a.party.address } }, availability: a.status })),
      locations: p.locations,
      meetingTimeSlot: { start: toDateTimeTimeZone(p.start, zone), end: toDateTimeTimeZone(p.start + durationMs, zone) },
    })),
  };
}

/** The busiest status of a party over [start, end); `unknown` for addresses outside the tenant. */
function statusIn(p: Party, start: number, end: number): string {
  if (!p.mailbox) return 'unknown';
  let best = 'free';
  const rank: Record<string, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };
  for (const i of p.busy) {
    if (!overlaps(start, end, i.startMs, i.endMs)) continue;
    const st = i.record.schedule?.showAs ?? 'busy';
    if ((rank[st] ?? 3) > rank[best]!) best = st in rank ? st : 'busy';
  }
  return best;
}

function inDomain(start: number, end: number, domain: string, iana: string): boolean {
  if (domain === 'unrestricted') return true;
  const a = wallAt(start, iana);
  const b = wallAt(end - 1, iana);
  if (a.y !== b.y || a.mo !== b.mo || a.d !== b.d) return false;
  const weekday = new Date(Date.UTC(a.y, a.mo - 1, a.d)).getUTCDay();
  if (domain !== 'personal' && (weekday === 0 || weekday === 6)) return false;
  const minutesStart = a.h * 60 + a.mi;
  const minutesEnd = minutesStart + (end - start) / 60_000;
  return minutesStart >= 8 * 60 && minutesEnd <= 17 * 60;
}

function parseDuration(v: unknown): number {
  if (v === undefined || v === null) return 30 * 60_000;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(String(v));
  if (!m || String(v) === 'P' || String(v).endsWith('T')) throw graphErrors.invalidParameter(`The meetingDuration '${String(v)}' is not an ISO 8601 duration (e.g. PT1H30M).`);
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
  if (ms <= 0) throw graphErrors.invalidParameter('The meetingDuration must be positive.');
  return ms;
}
