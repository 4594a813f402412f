import type { Directory } from './normalize-directory.js';
import { dateInZone, resolveDate, resolveDuration, resolveTime, weekdayInZone } from './relative-time.js';
import * as S from './schema.js';
import type { Entry, TenantContext } from './tenant-context.js';
import type { EventSpec } from './types.js';

// Calendar events: relative times resolved in the tenant's zone, rooms among the attendees
// become resource attendees, and recurrence defaults are taken from the first occurrence.

export function normalizeEvents(ctx: TenantContext, raw: unknown[], dir: Directory): Entry<EventSpec>[] {
  const out: Entry<EventSpec>[] = [];
  for (const { spec: e, path } of ctx.parseItems(['events'], raw, S.Event)) {
    const start = resolveTime(e.start, ctx.time);
    if (!start.ok) ctx.report([...path, 'start'], start.message);

    let end: string | undefined;
    if (e.end !== undefined && e.duration !== undefined) {
      ctx.report([...path, 'duration'], "give either 'end' or 'duration', not both");
    } else if (e.end !== undefined) {
      const r = resolveTime(e.end, ctx.time);
      if (r.ok) end = r.value;
      else ctx.report([...path, 'end'], r.message);
    } else if (e.duration !== undefined) {
      const d = resolveDuration(e.duration);
      if (!d.ok) ctx.report([...path, 'duration'], d.message);
      else if (start.ok) end = new Date(Date.parse(start.value) + d.value).toISOString();
    } else {
      ctx.report(path, "missing required field 'end' (or give 'duration', e.g. 30m)");
    }
    if (start.ok && end !== undefined && Date.parse(end) <= Date.parse(start.value)) {
      ctx.report([...path, e.end !== undefined ? 'end' : 'duration'], `end (${end}) must be after start (${start.value})`);
    }

    const attendees: EventSpec['attendees'] = [];
    e.attendees.forEach((a, j) => {
      const address = typeof a === 'string' ? a : a.address;
      const isRoom = dir.addresses.get(address)?.kind === 'room';
      const type = (typeof a === 'string' ? undefined : a.type) ?? (isRoom ? 'resource' : 'required');
      if (attendees.some((x) => x.address === address)) {
        ctx.report([...path, 'attendees', j], `'${address}' is listed twice`);
        return;
      }
      attendees.push({ address, type });
    });

    const spec: EventSpec = {
      calendar: e.calendar ?? e.organizer,
      organizer: e.organizer,
      subject: e.subject,
      start: start.ok ? start.value : e.start,
      end: end ?? e.end ?? e.start,
      attendees,
      isPrivate: e.isPrivate,
      isOnlineMeeting: e.isOnlineMeeting,
      source: ctx.source(path),
    };
    if (e.location !== undefined) spec.location = e.location;
    if (e.body !== undefined) spec.body = e.body;
    if (e.showAs !== undefined) spec.showAs = e.showAs;
    if (e.recurrence && start.ok) {
      const recurrence = normalizeRecurrence(ctx, [...path, 'recurrence'], e.recurrence, start.value);
      if (recurrence) spec.recurrence = recurrence;
    }
    out.push({ path, spec });
  }
  return out;
}

type RawRecurrence = NonNullable<S.RawEvent['recurrence']>;

function normalizeRecurrence(ctx: TenantContext, at: (string | number)[], r: RawRecurrence, start: string): EventSpec['recurrence'] {
  const tz = ctx.time.timeZone;
  const p = r.pattern;
  const pattern: NonNullable<EventSpec['recurrence']>['pattern'] = { type: p.type, interval: p.interval };
  // Graph needs daysOfWeek for weekly and relativeMonthly patterns and dayOfMonth for absoluteMonthly;
  // defaulting them to the first occurrence keeps relative demos ("today+1") valid on any weekday.
  if (p.type === 'weekly' || p.type === 'relativeMonthly') pattern.daysOfWeek = p.daysOfWeek ?? [weekdayInZone(start, tz)];
  else if (p.daysOfWeek) ctx.report([...at, 'pattern', 'daysOfWeek'], `daysOfWeek applies to weekly and relativeMonthly patterns, not ${p.type}`);
  if (p.type === 'absoluteMonthly') pattern.dayOfMonth = p.dayOfMonth ?? Number(dateInZone(start, tz).slice(8));
  else if (p.dayOfMonth !== undefined) ctx.report([...at, 'pattern', 'dayOfMonth'], `dayOfMonth applies to absoluteMonthly patterns, not ${p.type}`);

  const raw = r.range ?? {};
  const date = (field: 'startDate' | 'endDate', expr: string): string | undefined => {
    const d = resolveDate(expr, ctx.time);
    if (d.ok) return d.value;
    ctx.report([...at, 'range', field], d.message);
    return undefined;
  };
  const startDate = raw.startDate !== undefined ? date('startDate', raw.startDate) : dateInZone(start, tz);
  const endDate = raw.endDate !== undefined ? date('endDate', raw.endDate) : undefined;
  const type = raw.type ?? (raw.numberOfOccurrences !== undefined ? 'numbered' : raw.endDate !== undefined ? 'endDate' : 'noEnd');
  if (type === 'numbered' && raw.numberOfOccurrences === undefined) ctx.report([...at, 'range'], "a 'numbered' range needs numberOfOccurrences");
  if (type === 'endDate' && raw.endDate === undefined) ctx.report([...at, 'range'], "an 'endDate' range needs endDate");
  if (type !== 'numbered' && raw.numberOfOccurrences !== undefined) ctx.report([...at, 'range', 'numberOfOccurrences'], `numberOfOccurrences applies to 'numbered' ranges, not '${type}'`);
  if (type !== 'endDate' && raw.endDate !== undefined) ctx.report([...at, 'range', 'endDate'], `endDate applies to 'endDate' ranges, not '${type}'`);
  if (startDate !== undefined && endDate !== undefined && endDate < startDate) {
    ctx.report([...at, 'range', 'endDate'], `endDate (${endDate}) is before startDate (${startDate})`);
  }
  if (startDate === undefined) return undefined;
  const range: NonNullable<EventSpec['recurrence']>['range'] = { type, startDate };
  if (endDate !== undefined && type === 'endDate') range.endDate = endDate;
  if (raw.numberOfOccurrences !== undefined && type === 'numbered') range.numberOfOccurrences = raw.numberOfOccurrences;
  return { pattern, range };
}
