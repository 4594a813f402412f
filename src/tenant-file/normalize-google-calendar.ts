import { parseRecurrence } from '../google/calendar/rrule.js';
import type { GoogleAclSpec, GoogleEventSpec, GoogleResourceSpec, GoogleSecondaryCalendarSpec, GoogleServiceAccountSpec, GoogleSpec, GoogleUserSpec } from './google-types.js';
import { resolveDate, resolveDuration, resolveTime } from './relative-time.js';
import * as G from './schema-google.js';
import type { Path } from './source-map.js';
import type { TenantContext } from './tenant-context.js';
import { closest } from './zod-issues.js';

// Google calendar ACL rules and events of the `google:` section. A calendar is referred to by an
// address (a user's or service account's primary calendar, a resource's, a secondary calendar's
// id) or by a resource's or secondary calendar's name.

export interface GoogleBook {
  domain: string;
  users: Map<string, GoogleUserSpec>;
  groups: Map<string, string>;
  resources: Map<string, GoogleResourceSpec>; // by email
  calendars: Map<string, GoogleSecondaryCalendarSpec>; // by id
  serviceAccounts: Map<string, GoogleServiceAccountSpec>;
}

interface CalendarRef {
  id: string;
  kind: 'primary' | 'resource' | 'secondary';
  /** The principal that owns it (primary and secondary). */
  owner?: string;
}

function resolveCalendar(ctx: TenantContext, at: Path, ref: string, book: GoogleBook): CalendarRef | undefined {
  const r = ref.trim();
  const lower = r.toLowerCase();
  if (lower.includes('@')) {
    if (book.users.has(lower) || book.serviceAccounts.has(lower)) return { id: lower, kind: 'primary', owner: lower };
    if (book.resources.has(lower)) return { id: lower, kind: 'resource' };
    const cal = book.calendars.get(lower);
    if (cal) return { id: lower, kind: 'secondary', owner: cal.owner };
    if (book.groups.has(lower)) {
      ctx.report(at, `'${lower}' is a group; groups have no calendar (share a calendar with the group instead)`);
      return undefined;
    }
  } else {
    const res = [...book.resources.values()].find((x) => x.name === r);
    if (res) return { id: res.email, kind: 'resource' };
    const cals = [...book.calendars.values()].filter((c) => c.name === r);
    if (cals.length === 1) return { id: cals[0]!.id, kind: 'secondary', owner: cals[0]!.owner };
    if (cals.length > 1) {
      ctx.report(at, `'${r}' names ${cals.length} secondary calendars (${cals.map((c) => c.owner).join(', ')}); refer to it by its id`);
      return undefined;
    }
  }
  if (!ctx.isUnresolvable(lower)) {
    const names = [...[...book.resources.values()].map((x) => x.name), ...book.users.keys(), ...[...book.calendars.values()].map((c) => c.name)];
    const hint = closest(r, names);
    ctx.report(at, `unknown calendar '${r}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected a Google user's or service account's address, or a resource or secondary calendar (by name or address)`);
  }
  return undefined;
}

export function normalizeGoogleAcl(ctx: TenantContext, at: Path, raw: unknown[], book: GoogleBook, spec: GoogleSpec): GoogleAclSpec[] {
  const out: GoogleAclSpec[] = [];
  for (const { spec: a, path } of ctx.parseItems(at, raw, G.GoogleAcl)) {
    const given = (['user', 'group', 'domain', 'default'] as const).filter((k) => a[k] !== undefined);
    if (given.length !== 1) {
      ctx.report(path, given.length === 0 ? "say who the rule is for: one of user:, group:, domain: or default: true" : `give exactly one of user:, group:, domain:, default: (got ${given.join(', ')})`);
      continue;
    }
    const cal = resolveCalendar(ctx, [...path, 'calendar'], a.calendar, book);
    if (!cal) continue;
    let scope: GoogleAclSpec['scope'];
    if (a.user !== undefined) {
      if (book.groups.has(a.user)) {
        ctx.report([...path, 'user'], `'${a.user}' is a group; write group: ${a.user}`);
        continue;
      }
      // Sharing with people outside the domain is allowed; inside it, the user must exist.
      if (a.user.endsWith(`@${book.domain}`) && !book.users.has(a.user)) {
        if (!ctx.isUnresolvable(a.user)) {
          const hint = closest(a.user, [...book.users.keys()]);
          ctx.report([...path, 'user'], `unknown user '${a.user}': no Google user in ${book.domain} has this address${hint ? ` (did you mean '${hint}'?)` : ''}`);
        }
        continue;
      }
      scope = { type: 'user', value: a.user };
    } else if (a.group !== undefined) {
      if (!book.groups.has(a.group)) {
        const hint = closest(a.group, [...book.groups.keys()]);
        ctx.report([...path, 'group'], `unknown group '${a.group}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected a group of google.groups`);
        continue;
      }
      scope = { type: 'group', value: a.group };
    } else if (a.domain !== undefined) {
      scope = { type: 'domain', value: a.domain };
    } else {
      scope = { type: 'default' };
    }
    const ruleId = scope.type === 'default' ? 'default' : `${scope.type}:${scope.value}`;
    const dup = out.find((x) => x.calendar === cal.id && (x.scope.type === 'default' ? 'default' : `${x.scope.type}:${'value' in x.scope ? x.scope.value : ''}`) === ruleId);
    if (dup) {
      ctx.report(path, `calendar '${a.calendar}' already has a rule for ${ruleId} (${dup.source.path}, line ${dup.source.line}); a calendar has one rule per scope`);
      continue;
    }
    if (scope.type === 'user' && cal.owner === scope.value && a.role !== 'owner') {
      ctx.report([...path, 'role'], `'${scope.value}' owns this calendar; its own rule is always owner`);
      continue;
    }
    out.push({ calendar: cal.id, scope, role: a.role, source: ctx.source(path) });
  }
  void spec;
  return out;
}

export function normalizeGoogleEvents(ctx: TenantContext, at: Path, raw: unknown[], book: GoogleBook): GoogleEventSpec[] {
  const out: GoogleEventSpec[] = [];
  for (const { spec: e, path } of ctx.parseItems(at, raw, G.GoogleEvent)) {
    if (e.calendar === undefined && e.organizer === undefined) {
      ctx.report(path, "say where the event goes: organizer: (a user; the event goes to their calendar) or calendar: (a resource or secondary calendar)");
      continue;
    }
    let calendar: string;
    if (e.organizer !== undefined) {
      if (!book.users.has(e.organizer) && !book.serviceAccounts.has(e.organizer)) {
        if (!ctx.isUnresolvable(e.organizer)) {
          const hint = closest(e.organizer, [...book.users.keys()]);
          ctx.report([...path, 'organizer'], `unknown organizer '${e.organizer}': expected a Google user or service account of this Workspace${hint ? ` (did you mean '${hint}'?)` : ''}`);
        }
        continue;
      }
      calendar = e.organizer;
      if (e.calendar !== undefined) {
        const cal = resolveCalendar(ctx, [...path, 'calendar'], e.calendar, book);
        if (!cal) continue;
        if (cal.id !== e.organizer) {
          const hint = cal.kind === 'resource' ? '; to book a resource, list it under attendees' : '';
          ctx.report([...path, 'calendar'], `an organized event goes to the organizer's own calendar (${e.organizer}); leave out calendar: or organizer:${hint}`);
          continue;
        }
      }
    } else {
      const cal = resolveCalendar(ctx, [...path, 'calendar'], e.calendar!, book);
      if (!cal) continue;
      calendar = cal.id;
    }

    const timeZone = ctx.time.timeZone;
    let start: string | undefined;
    let end: string | undefined;
    if (e.allDay) {
      const s = resolveDate(e.start, ctx.time);
      if (!s.ok) ctx.report([...path, 'start'], s.message);
      else start = s.value;
      if (e.duration !== undefined) ctx.report([...path, 'duration'], "an all-day event takes an end date (end:), not a duration");
      else if (e.end !== undefined) {
        const r = resolveDate(e.end, ctx.time);
        if (!r.ok) ctx.report([...path, 'end'], r.message);
        else end = r.value;
      } else if (start) end = new Date(Date.parse(`${start}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    } else {
      const s = resolveTime(e.start, ctx.time);
      if (!s.ok) ctx.report([...path, 'start'], s.message);
      else start = s.value;
      if (e.end !== undefined && e.duration !== undefined) ctx.report([...path, 'duration'], "give either 'end' or 'duration', not both");
      else if (e.end !== undefined) {
        const r = resolveTime(e.end, ctx.time);
        if (!r.ok) ctx.report([...path, 'end'], r.message);
        else end = r.value;
      } else if (e.duration !== undefined) {
        const d = resolveDuration(e.duration);
        if (!d.ok) ctx.report([...path, 'duration'], d.message);
        else if (start) end = new Date(Date.parse(start) + d.value).toISOString();
      } else ctx.report(path, "missing required field 'end' (or give 'duration', e.g. 30m)");
    }
    if (!start || !end) continue;
    if (end <= start) {
      ctx.report([...path, e.end !== undefined ? 'end' : 'duration'], `end (${end}) must be after start (${start})`);
      continue;
    }

    const attendees: GoogleEventSpec['attendees'] = [];
    let bad = false;
    e.attendees.forEach((a, j) => {
      const ref = typeof a === 'string' ? a : a.email;
      const optional = typeof a === 'string' ? false : a.optional;
      const ap = [...path, 'attendees', j];
      let email = ref.toLowerCase();
      let resource = book.resources.has(email);
      if (!email.includes('@')) {
        const res = [...book.resources.values()].find((x) => x.name === ref);
        if (!res) {
          const hint = closest(ref, [...book.resources.values()].map((x) => x.name));
          ctx.report(ap, `unknown resource '${ref}'${hint ? ` (did you mean '${hint}'?)` : ''}; an attendee is an email address or a resource's name`);
          bad = true;
          return;
        }
        email = res.email;
        resource = true;
      } else if (email.endsWith(`@${book.domain}`) && !book.users.has(email) && !book.groups.has(email)) {
        if (!ctx.isUnresolvable(email)) ctx.report(ap, `unknown attendee '${email}': no Google user or group in ${book.domain} has this address`);
        bad = true;
        return;
      }
      if (attendees.some((x) => x.email === email)) {
        ctx.report(ap, `'${ref}' is listed twice`);
        bad = true;
        return;
      }
      attendees.push({ email, optional, resource });
    });
    if (bad) continue;

    if (e.recurrence) {
      const r = parseRecurrence(e.recurrence, timeZone);
      if (!r.ok) {
        ctx.report([...path, 'recurrence'], `${r.message}; expected lines such as 'RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6'`);
        continue;
      }
    }
    const ev: GoogleEventSpec = {
      calendar,
      summary: e.summary,
      start,
      end,
      allDay: e.allDay,
      timeZone,
      attendees,
      visibility: e.visibility,
      transparency: e.transparency,
      source: ctx.source(path),
    };
    if (e.id !== undefined) {
      if (out.some((x) => x.id === e.id)) {
        ctx.report([...path, 'id'], `duplicate event id '${e.id}'`);
        continue;
      }
      ev.id = e.id;
    }
    if (e.organizer !== undefined) ev.organizer = e.organizer;
    if (e.description !== undefined) ev.description = e.description;
    if (e.location !== undefined) ev.location = e.location;
    if (e.recurrence) ev.recurrence = e.recurrence;
    out.push(ev);
  }
  return out;
}
