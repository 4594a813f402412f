import type { Services } from '../../../shared/services.js';
import type { EventScheduleFacts, EventScheduleRow, TenantRecord, UserRecord } from '../../../store/types.js';
import { checkApplicationAccessPolicies, isCoveredByApplicationAccessPolicies } from '../../auth/application-access-policy.js';
import { checkDelegatedMailboxAccess } from '../../auth/delegated-mailbox-access.js';
import type { GraphPrincipal } from '../../auth/principal.js';
import type { Resource } from '../../odata/collection.js';
import { dateTimeTimeZoneJson } from '../time/date-time.js';
import { resolveZone, windowsNameOf, type Zone } from '../time/zones.js';
import { expandMaster } from './expand.js';
import { occurrenceId } from '../model/event-data.js';
import { defaultCalendar } from './mailboxes.js';

// getSchedule (graph-docs calendar-getschedule.md, scheduleinformation.md): per address, the
// availabilityView string (one digit per interval: 0 free, 1 tentative, 2 busy, 3 out of office,
// 4 working elsewhere), the items in the window, and the working hours. Each address is resolved
// and checked on its own, and a failure is that entry's `error` (freeBusyError), never the call's:
//   - an address nothing in the tenant has: "Unable to resolve e-mail address …" (5009) [O];
//   - app-only, a mailbox an Exchange application access policy keeps the app from: "Access to
//     OData is disabled." (ErrorAccessDenied) — whether Exchange answers this per entry or refuses
//     the call is not documented; per entry [I], so one policy-scoped room does not fail a board.
// How much of each item shows follows the caller's access to that calendar: free/busy only
// (status and times) under the organization's default AvailabilityOnly; subject and location from
// LimitedDetails up, and for app-only callers and one's own calendar; private items never show
// their subject without access to private items.

export interface ScheduleRequest {
  schedules: string[];
  startMs: number;
  endMs: number;
  intervalMinutes: number;
  zone: Zone;
}

// Each status's digit in availabilityView; anything else shows as busy [I].
const VIEW_DIGIT = new Map<string, number>([['free', 0], ['tentative', 1], ['busy', 2], ['oof', 3], ['workingElsewhere', 4], ['unknown', 0]]);
// Which status wins a slot several items overlap: the busiest [I]. Indexed by digit.
const PRECEDENCE = [0, 2, 3, 4, 1];
const ZERO = 48; // '0'

// An item's JSON text is assembled from fixed pieces (the shape is fixed): the opening per status
// and detail, the recurrence flags per type, and the start/end from the formatted-time cache.
const HEADS = new Map([...VIEW_DIGIT.keys()].map((status) => [status, { bare: `{"status":"${status}"`, normal: `{"isPrivate":false,"status":"${status}"`, private: `{"isPrivate":true,"status":"${status}"` }]));
const FLAGS_SINGLE = ',"isRecurring":false,"isException":false';
const FLAGS_OCCURRENCE = ',"isRecurring":true,"isException":false';
const FLAGS_EXCEPTION = ',"isRecurring":true,"isException":true';

interface Detail {
  subjects: boolean;
  privateItems: boolean;
}

/**
 * One JSON text per schedule entry. A board of rooms over a week is thousands of items (≈600 KB);
 * each entry is written as text pieces joined once (the shape is fixed), rather than built as
 * objects for the serializer or as a string per item. Entries stay separate strings: one string
 * of the whole answer would be a large-object allocation (and copy) per call for nothing, as the
 * route encodes the entries straight into one buffer.
 */
export async function getSchedule(s: Services, tenant: TenantRecord, principal: GraphPrincipal, permission: string, r: ScheduleRequest): Promise<string[]> {
  const workingHours = JSON.stringify(workingHoursOf(tenant));
  const json = (v: Resource) => JSON.stringify(v);
  // Resolve and check every address first, then read all their items in one store call (the
  // schedule columns only: no event bodies).
  const entries: (string | { address: string; calendarId: string; detail: Detail })[] = [];
  for (const address of r.schedules) {
    const target = await s.stores.directory.getUser(tenant.id, address.toLowerCase());
    if (!target) {
      entries.push(json({ scheduleId: address, error: { message: `Unable to resolve e-mail address ${address} to an Active Directory object.`, responseCode: '5009' } }));
      continue;
    }
    if (target.kind === 'user' && !target.mailbox) {
      entries.push(json({ scheduleId: address, error: { message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', responseCode: 'MailboxNotEnabledForRESTAPI' } }));
      continue;
    }
    const detail = await detailFor(s, tenant, principal, permission, target);
    if (!detail) {
      entries.push(json({ scheduleId: address, error: { message: 'Access to OData is disabled.', responseCode: 'ErrorAccessDenied' } }));
      continue;
    }
    entries.push({ address, calendarId: (await defaultCalendar(s, target)).id, detail });
  }
  const calendarIds = entries.flatMap((e) => (typeof e === 'string' ? [] : [e.calendarId]));
  const byCalendar = new Map<string, EventScheduleRow[]>();
  if (calendarIds.length) {
    for (const row of await s.stores.events.listEventScheduleInRange(tenant.id, calendarIds, r.startMs, r.endMs)) {
      let rows = byCalendar.get(row.calendarId);
      if (!rows) byCalendar.set(row.calendarId, (rows = []));
      rows.push(row);
    }
  }
  const out: string[] = [];
  for (const e of entries) {
    if (typeof e === 'string') out.push(e);
    else {
      const rows = byCalendar.get(e.calendarId) ?? [];
      out.push(scheduleEntry(e.address, rows.some((row) => row.type === 'seriesMaster') ? await expandedInstances(s, tenant.id, rows, r) : rows.filter((row) => row.type !== 'occurrence'), r, e.detail, workingHours));
    }
  }
  return out;
}

/** An item as scheduleEntry reads it: a stored row (singleInstance, exception) or an expanded occurrence. */
interface ScheduleInstance {
  type: EventScheduleRow['type'];
  id: string;
  startMs: number;
  endMs: number;
  schedule: EventScheduleFacts | undefined;
}

/**
 * One calendar's rows as expandRange gives its instances, when it holds series masters: masters
 * expanded (from their full record), occurrences' stored copies skipped, exceptions under their
 * occurrence id, and sorted by (start, id). Without masters the rows, less occurrences' copies,
 * are used as they are: already in index order, and the id is not written.
 */
async function expandedInstances(s: Services, tenantId: string, rows: EventScheduleRow[], r: ScheduleRequest): Promise<ScheduleInstance[]> {
  const out: ScheduleInstance[] = [];
  for (const row of rows) {
    if (row.type === 'seriesMaster') {
      const master = await s.stores.events.getEvent(tenantId, row.id);
      if (master) for (const i of expandMaster(master, r.startMs, r.endMs)) out.push({ type: i.type, id: i.id, startMs: i.startMs, endMs: i.endMs, schedule: master.schedule });
    } else if (row.type === 'exception') {
      const id = row.seriesMasterId && row.originalStartMs !== undefined ? occurrenceId(row.seriesMasterId, row.originalStartMs) : row.id;
      out.push({ type: 'exception', id, startMs: row.startMs, endMs: row.endMs, schedule: row.schedule });
    } else if (row.type !== 'occurrence') {
      out.push({ type: 'singleInstance', id: row.id, startMs: row.startMs, endMs: row.endMs, schedule: row.schedule });
    }
  }
  // expand.ts's byStart order.
  out.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** What the caller may see of the target's items; undefined when a policy keeps it out. */
async function detailFor(s: Services, tenant: TenantRecord, principal: GraphPrincipal, permission: string, target: UserRecord): Promise<Detail | undefined> {
  if (principal.scheme === 'application') {
    if (isCoveredByApplicationAccessPolicies(permission)) {
      const decision = await checkApplicationAccessPolicies(s, tenant.id, principal.appId, target.id);
      if (decision.result === 'Denied') return undefined;
    }
    return { subjects: true, privateItems: true };
  }
  const access = await checkDelegatedMailboxAccess(s, { tenantId: tenant.id, userId: principal.userId!, mailboxId: target.id, need: 'freeBusy', folder: 'calendar', grantedLower: principal.grantedLower });
  return { subjects: access.role !== 'freeBusyRead' && access.role !== 'none', privateItems: access.canViewPrivateItems };
}

/** One entry's JSON text, assembled from pieces. */
function scheduleEntry(address: string, instances: readonly ScheduleInstance[], r: ScheduleRequest, detail: Detail, workingHours: string): string {
  const slotMs = r.intervalMinutes * 60_000;
  const slots = Math.max(0, Math.ceil((r.endMs - r.startMs) / slotMs));
  // The view as digit characters, decoded once.
  const view = Buffer.alloc(slots, ZERO);
  const out = ['{"scheduleId":', JSON.stringify(address), ',"availabilityView":"', '', '","scheduleItems":['];
  const viewAt = out.length - 2;
  let first = true;
  for (const i of instances) {
    const f = i.schedule;
    if (!f || f.isCancelled) continue;
    let digit = VIEW_DIGIT.get(f.showAs);
    const status = digit === undefined ? 'busy' : f.showAs;
    if (digit === undefined) digit = 2;
    if (digit !== 0) {
      const from = Math.max(0, Math.floor((i.startMs - r.startMs) / slotMs));
      const to = Math.min(slots - 1, Math.ceil((Math.max(i.endMs, i.startMs + 1) - r.startMs) / slotMs) - 1);
      const p = PRECEDENCE[digit]!;
      for (let k = from; k <= to; k++) if (p > PRECEDENCE[view[k]! - ZERO]!) view[k] = ZERO + digit;
    }
    // {isPrivate?, status, subject?, location?, isRecurring?, isException?, start, end}
    const head = HEADS.get(status)!;
    if (!first) out.push(',');
    first = false;
    if (detail.subjects) {
      const isPrivate = f.sensitivity === 'private' || f.sensitivity === 'confidential';
      out.push(isPrivate ? head.private : head.normal);
      if (!isPrivate || detail.privateItems) out.push(',"subject":', JSON.stringify(f.subject), ',"location":', JSON.stringify(f.location));
      out.push(i.type === 'singleInstance' ? FLAGS_SINGLE : i.type === 'exception' ? FLAGS_EXCEPTION : FLAGS_OCCURRENCE);
    } else {
      out.push(head.bare);
    }
    out.push(',"start":', dateTimeTimeZoneJson(i.startMs, r.zone), ',"end":', dateTimeTimeZoneJson(i.endMs, r.zone), '}');
  }
  out[viewAt] = view.toString('latin1');
  out.push('],"workingHours":', workingHours, '}');
  return out.join('');
}

/** Exchange's default working hours (Monday to Friday, 08:00-17:00) in the tenant's zone [I]. */
function workingHoursOf(tenant: TenantRecord): Resource {
  const zone = resolveZone(tenant.timeZone || 'UTC');
  return {
    daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    startTime: '08:00:00.0000000',
    endTime: '17:00:00.0000000',
    timeZone: { name: zone ? windowsNameOf(zone) : 'UTC' },
  };
}
