import type { FastifyInstance } from 'fastify';
import type { GoogleCalendarRecord } from '../../store/google/types.js';
import { isValidTimeZone } from '../../tenant-file/relative-time.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal } from '../pipeline.js';
import { apiRoute, jsonBody } from '../routes-util.js';
import { accessTo } from './access.js';
import { expandSeries } from './event-model.js';
import { formatInZone } from './times.js';

// POST /calendar/v3/freeBusy: busy blocks (opaque, not cancelled, recurring series expanded,
// overlapping ones merged, clipped to the window) of each calendar the caller can see at least
// free/busy of. A calendar it cannot see answers errors: [{reason: notFound}], as Google does.
// Group ids expand to their members' calendars.

const MAX_CALENDARS = 50;

export function registerFreeBusyRoute(app: FastifyInstance, g: GoogleContext): void {
  apiRoute(app, g, 'calendar.freebusy.query', 'POST', '/calendar/v3/freeBusy', async (req) => {
    const body = jsonBody(req);
    const p = principal(req);
    const tMin = parseInstant(body.timeMin, 'timeMin');
    const tMax = parseInstant(body.timeMax, 'timeMax');
    if (tMax <= tMin) throw googleErrors.timeRangeEmpty();
    const zone = typeof body.timeZone === 'string' && isValidTimeZone(body.timeZone) ? body.timeZone : 'UTC';
    const ids: string[] = Array.isArray(body.items) ? body.items.map((i: any) => String(i?.id ?? '').toLowerCase()).filter(Boolean) : [];
    if (ids.length > MAX_CALENDARS) throw googleErrors.invalid('Too many calendars requested.');

    const calendars: Record<string, object> = {};
    const groups: Record<string, object> = {};
    const expandMax = Math.min(Number(body.groupExpansionMax) || 50, 100);
    const wanted: string[] = [];
    for (const raw of ids) {
      const id = raw === 'primary' ? p.email : raw;
      const group = await g.stores.directory.getGroup(p.tenantId, id);
      if (group) {
        const members = group.members.filter((m) => m.type === 'USER').map((m) => m.email).slice(0, expandMax);
        groups[id] = { calendars: members };
        wanted.push(...members);
      } else wanted.push(id);
    }
    for (const id of [...new Set(wanted)]) {
      const cal = await g.stores.calendars.getCalendar(p.tenantId, id);
      const role = cal ? (await accessTo(g, req, cal)).role : 'none';
      if (!cal || role === 'none') {
        calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
        continue;
      }
      calendars[id] = { busy: (await busyBlocks(g, cal, tMin, tMax)).map(([s, e]) => ({ start: formatInZone(s, zone), end: formatInZone(e, zone) })) };
    }
    return {
      kind: 'calendar#freeBusy',
      timeMin: formatInZone(tMin, zone).replace(/Z$/, '.000Z'),
      timeMax: formatInZone(tMax, zone).replace(/Z$/, '.000Z'),
      ...(Object.keys(groups).length ? { groups } : {}),
      calendars,
    };
  });
}

export async function busyBlocks(g: GoogleContext, cal: GoogleCalendarRecord, from: number, to: number): Promise<[number, number][]> {
  const spans: [number, number][] = [];
  for (const ev of await g.stores.calendars.listEvents(cal.tenantId, cal.id, { startMs: from, endMs: to })) {
    if (ev.body.transparency === 'transparent') continue;
    if (ev.body.recurrence) {
      const exceptions = await g.stores.calendars.listExceptions(cal.tenantId, cal.id, ev.id);
      for (const i of expandSeries(ev, exceptions, cal, from, to)) if (i.status !== 'cancelled' && i.body.transparency !== 'transparent') spans.push([i.startMs, i.endMs]);
    } else spans.push([ev.startMs, ev.endMs]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const cs = Math.max(s, from);
    const ce = Math.min(e, to);
    if (ce <= cs) continue;
    const last = merged[merged.length - 1];
    if (last && cs <= last[1]) last[1] = Math.max(last[1], ce);
    else merged.push([cs, ce]);
  }
  return merged;
}

function parseInstant(v: unknown, name: string): number {
  if (typeof v !== 'string') throw googleErrors.required(`Missing ${name} parameter.`);
  const t = Date.parse(v);
  if (Number.isNaN(t) || !/([zZ]|[+-]\d{2}:\d{2})$/.test(v)) throw googleErrors.badRequest(`Bad Request: ${name} must be an RFC 3339 timestamp with a time zone offset`);
  return t;
}
