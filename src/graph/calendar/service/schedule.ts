import type { Services } from '../../../shared/services.js';
import type { EventScheduleFacts, EventScheduleRow, TenantRecord, UserRecord } from '../../../store/types.js';
import { checkApplicationAccessPolicies, isCoveredByApplicationAccessPolicies } from '../../auth/application-access-policy.js';
import { checkDelegatedMailboxAccess } from '../../auth/delegated-mailbox-access.js';
import type { GraphPrincipal } from '../../auth/principal.js';
import type { Resource } from '../../odata/collection.js';
import { graphDateTime } from '../time/date-time.js';
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

const VIEW_DIGIT: Record<string, number> = { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4, unknown: 0 };
// Which status wins a slot several items overlap: the busiest [I].
const PRECEDENCE: Record<number, number> = { 0: 0, 4: 1, 1: 2, 2: 3, 3: 4 };

interface Detail {
  subjects: boolean;
  privateItems: boolean;
}

/**
 * One JSON text per schedule entry. A board of rooms over a week is thousands of items; they are
 * written as text directly (the shape is fixed) rather than built as objects for the serializer.
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
    else out.push(scheduleEntry(e.address, await instancesOf(s, tenant.id, byCalendar.get(e.calendarId) ?? [], r), r, e.detail, workingHours));
  }
  return out;
}

interface ScheduleInstance {
  type: 'singleInstance' | 'occurrence' | 'exception';
  id: string;
  startMs: number;
  endMs: number;
  schedule: EventScheduleFacts | undefined;
}

/**
 * One calendar's rows as instances, as expandRange gives them: series masters expanded (from their
 * full record), occurrences' stored copies skipped, and sorted by (start, id) only when a master
 * was expanded (otherwise the rows are already in index order).
 */
async function instancesOf(s: Services, tenantId: string, rows: EventScheduleRow[], r: ScheduleRequest): Promise<ScheduleInstance[]> {
  const out: ScheduleInstance[] = [];
  let sorted = true;
  for (const row of rows) {
    if (row.type === 'seriesMaster') {
      const master = await s.stores.events.getEvent(tenantId, row.id);
      if (master) for (const i of expandMaster(master, r.startMs, r.endMs)) out.push({ type: i.type, id: i.id, startMs: i.startMs, endMs: i.endMs, schedule: master.schedule });
      sorted = false;
    } else if (row.type === 'exception') {
      const id = row.seriesMasterId && row.originalStartMs !== undefined ? occurrenceId(row.seriesMasterId, row.originalStartMs) : row.id;
      out.push({ type: 'exception', id, startMs: row.startMs, endMs: row.endMs, schedule: row.schedule });
    } else if (row.type !== 'occurrence') {
      out.push({ type: 'singleInstance', id: row.id, startMs: row.startMs, endMs: row.endMs, schedule: row.schedule });
    }
  }
  // expand.ts's byStart order.
  if (!sorted) out.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

function scheduleEntry(address: string, instances: ScheduleInstance[], r: ScheduleRequest, detail: Detail, workingHours: string): string {
  const slotMs = r.intervalMinutes * 60_000;
  const slots = Math.max(0, Math.ceil((r.endMs - r.startMs) / slotMs));
  const view = new Uint8Array(slots);
  const items: string[] = [];
  const zone = JSON.stringify(r.zone.name);
  for (const i of instances) {
    const f = i.schedule;
    if (!f || f.isCancelled) continue;
    const status = f.showAs in VIEW_DIGIT ? f.showAs : 'busy';
    const digit = VIEW_DIGIT[status]!;
    if (digit !== 0) {
      const first = Math.max(0, Math.floor((i.startMs - r.startMs) / slotMs));
      const last = Math.min(slots - 1, Math.ceil((Math.max(i.endMs, i.startMs + 1) - r.startMs) / slotMs) - 1);
      for (let k = first; k <= last; k++) if (PRECEDENCE[digit]! > PRECEDENCE[view[k]!]!) view[k] = digit;
    }
    // {isPrivate?, status, subject?, location?, isRecurring?, isException?, start, end}
    const isPrivate = f.sensitivity === 'private' || f.sensitivity === 'confidential';
    let item = detail.subjects ? `{"isPrivate":${isPrivate},"status":"${status}"` : `{"status":"${status}"`;
    if (detail.subjects && (!isPrivate || detail.privateItems)) item += `,"subject":${JSON.stringify(f.subject)},"location":${JSON.stringify(f.location)}`;
    if (detail.subjects) item += `,"isRecurring":${i.type !== 'singleInstance'},"isException":${i.type === 'exception'}`;
    item += `,"start":{"dateTime":"${graphDateTime(i.startMs, r.zone)}","timeZone":${zone}},"end":{"dateTime":"${graphDateTime(i.endMs, r.zone)}","timeZone":${zone}}}`;
    items.push(item);
  }
  return `{"scheduleId":${JSON.stringify(address)},"availabilityView":"${view.join('')}","scheduleItems":[${items.join(',')}],"workingHours":${workingHours}}`;
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
