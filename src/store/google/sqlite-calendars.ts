import { sql, type Kysely } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { ObjectTable } from './sqlite-objects.js';
import type { GoogleDB } from './sqlite-schema.js';
import type {
  EventQuery,
  GoogleAclRecord,
  GoogleCalendarListRecord,
  GoogleCalendarRecord,
  GoogleCalendarStore,
  GoogleEventRecord,
} from './types.js';

// Calendars, ACL rules and calendar-list entries live in google_objects; events in google_events.
// Every event write takes the next value of one change counter (across tenants), which is what
// sync tokens point at: "everything in this calendar with seq > n".
// Event listings are the hot path (a signage display polls its room): range and exception
// queries are cached as parsed, frozen records until the next event write, since this process is
// the only writer (and the connection clears the cache on rollback).

interface EventRow {
  tenant_id: string;
  calendar_id: string;
  id: string;
  seq: number;
  status: string;
  start_ms: number;
  end_ms: number;
  recurring_event_id: string | null;
  ical_uid: string;
  data: string;
}

const toEvent = (r: EventRow): GoogleEventRecord => ({
  tenantId: r.tenant_id,
  calendarId: r.calendar_id,
  id: r.id,
  seq: r.seq,
  status: r.status as GoogleEventRecord['status'],
  startMs: r.start_ms,
  endMs: r.end_ms,
  recurringEventId: r.recurring_event_id,
  iCalUID: r.ical_uid,
  body: JSON.parse(r.data),
});

const lo = (s: string) => s.toLowerCase();
/** Calendars up to this many rows are cached whole; bigger ones are queried per window. */
const WHOLE_CALENDAR_MAX = 2_000;
const aclKey = (calendarId: string, ruleId: string) => `${calendarId} ${ruleId}`;
const listKey = (principal: string, calendarId: string) => `${lo(principal)} ${calendarId}`;

export class SqliteGoogleCalendarStore implements GoogleCalendarStore {
  private seq: number | undefined;
  private readonly lists = new LookupCache<GoogleEventRecord[]>(5_000);
  private readonly q;

  constructor(
    private readonly c: SqliteConnection<any>,
    private readonly t: ObjectTable,
  ) {
    c.registerCache(this.lists);
    // A reset (or rollback) clears caches: move the change counter on too, so answers cached by it
    // (events.list responses) and sync tokens handed out before never match the state after.
    c.registerCache({ clear: () => void (this.seq !== undefined && this.seq++) });
    const k = c.k as unknown as Kysely<GoogleDB>;
    type Cal = { tenantId: string; calendarId: string };
    const cols = ['tenant_id', 'calendar_id', 'id', 'seq', 'status', 'start_ms', 'end_ms', 'recurring_event_id', 'ical_uid', 'data'] as const;
    this.q = {
      get: c.prepare<Cal & { id: string }>((p) =>
        k.selectFrom('google_events').select(cols).where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('calendarId')).where('id', '=', p('id')),
      ),
      put: c.prepare<Record<string, unknown>>((p) =>
        k
          .insertInto('google_events')
          .values({
            tenant_id: p('tenantId'),
            calendar_id: p('calendarId'),
            id: p('id'),
            seq: p('seq'),
            status: p('status'),
            start_ms: p('startMs'),
            end_ms: p('endMs'),
            recurring_event_id: p('recurringEventId'),
            ical_uid: p('iCalUID'),
            data: p('data'),
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'calendar_id', 'id']).doUpdateSet((eb) => ({
              seq: eb.ref('excluded.seq'),
              status: eb.ref('excluded.status'),
              start_ms: eb.ref('excluded.start_ms'),
              end_ms: eb.ref('excluded.end_ms'),
              recurring_event_id: eb.ref('excluded.recurring_event_id'),
              ical_uid: eb.ref('excluded.ical_uid'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      all: c.prepare<Cal>((p) =>
        k.selectFrom('google_events').select(cols).where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('calendarId')).orderBy('start_ms').orderBy('id'),
      ),
      range: c.prepare<Cal & { startMs: number; endMs: number }>((p) =>
        k
          .selectFrom('google_events')
          .select(cols)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .where('start_ms', '<', p('endMs'))
          .where('end_ms', '>', p('startMs'))
          .orderBy('start_ms')
          .orderBy('id'),
      ),
      exceptions: c.prepare<Cal & { recurringEventId: string }>((p) =>
        k
          .selectFrom('google_events')
          .select(cols)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .where('recurring_event_id', '=', p('recurringEventId')),
      ),
      changed: c.prepare<Cal & { seq: number }>((p) =>
        k
          .selectFrom('google_events')
          .select(cols)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .where('seq', '>', p('seq'))
          .orderBy('seq'),
      ),
      copies: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('google_events').select(cols).where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')).orderBy(sql`rowid`),
      ),
      count: c.prepare<Cal>((p) =>
        k.selectFrom('google_events').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('calendarId')),
      ),
      maxSeq: c.prepare<{}>(() => k.selectFrom('google_events').select(sql<number>`coalesce(max(seq), 0)`.as('m'))),
      deleteCalendarEvents: c.prepare<Cal>((p) =>
        k.deleteFrom('google_events').where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('calendarId')),
      ),
    };
  }

  async getCalendar(tenantId: string, id: string) {
    return this.t.get<GoogleCalendarRecord>(tenantId, 'calendar', lo(id));
  }
  async listCalendars(tenantId: string) {
    return this.t.list<GoogleCalendarRecord>(tenantId, 'calendar');
  }
  async putCalendar(cal: GoogleCalendarRecord) {
    await this.t.put(cal.tenantId, 'calendar', lo(cal.id), lo(cal.ownerEmail), cal);
  }
  async deleteCalendar(tenantId: string, id: string) {
    const calendarId = lo(id);
    const existed = await this.t.delete(tenantId, 'calendar', calendarId);
    await this.t.deleteByLookup(tenantId, 'acl', calendarId);
    // Calendar-list entries are keyed "principal calendarId": find them through their records.
    for (const e of await this.t.list<GoogleCalendarListRecord>(tenantId, 'calendarList')) {
      if (e.calendarId === calendarId) await this.t.delete(tenantId, 'calendarList', listKey(e.principal, calendarId));
    }
    await this.c.run(() => {
      this.q.deleteCalendarEvents.run({ tenantId, calendarId });
      this.lists.clear();
    });
    return existed;
  }

  async listAcl(tenantId: string, calendarId: string) {
    return this.t.listByLookup<GoogleAclRecord>(tenantId, 'acl', lo(calendarId));
  }
  async putAcl(r: GoogleAclRecord) {
    await this.t.put(r.tenantId, 'acl', aclKey(lo(r.calendarId), r.ruleId), lo(r.calendarId), r);
  }
  async deleteAcl(tenantId: string, calendarId: string, ruleId: string) {
    return this.t.delete(tenantId, 'acl', aclKey(lo(calendarId), ruleId));
  }

  async listCalendarList(tenantId: string, principal: string) {
    return this.t.listByLookup<GoogleCalendarListRecord>(tenantId, 'calendarList', lo(principal));
  }
  async getCalendarListEntry(tenantId: string, principal: string, calendarId: string) {
    return this.t.get<GoogleCalendarListRecord>(tenantId, 'calendarList', listKey(principal, lo(calendarId)));
  }
  async putCalendarListEntry(e: GoogleCalendarListRecord) {
    await this.t.put(e.tenantId, 'calendarList', listKey(e.principal, lo(e.calendarId)), lo(e.principal), e);
  }
  async deleteCalendarListEntry(tenantId: string, principal: string, calendarId: string) {
    return this.t.delete(tenantId, 'calendarList', listKey(principal, lo(calendarId)));
  }

  async getEvent(tenantId: string, calendarId: string, id: string) {
    return this.c.run(() => {
      const row = this.q.get.get({ tenantId, calendarId: lo(calendarId), id }) as EventRow | undefined;
      return row ? toEvent(row) : undefined;
    });
  }

  async putEvent(e: Omit<GoogleEventRecord, 'seq'>) {
    return this.c.run(() => this.write(e));
  }

  async putEvents(es: Omit<GoogleEventRecord, 'seq'>[]) {
    return this.c.run(() => {
      for (const e of es) this.write(e);
    });
  }

  private write(e: Omit<GoogleEventRecord, 'seq'>): GoogleEventRecord {
    this.seq ??= (this.q.maxSeq.get({}) as { m: number }).m;
    const rec: GoogleEventRecord = { ...e, calendarId: lo(e.calendarId), seq: ++this.seq };
    this.q.put.run({ ...rec, data: JSON.stringify(rec.body) });
    this.lists.clear();
    return rec;
  }

  async listEvents(tenantId: string, calendarId: string, q: EventQuery = {}) {
    const cal = lo(calendarId);
    const startMs = q.startMs ?? Number.MIN_SAFE_INTEGER;
    const endMs = q.endMs ?? Number.MAX_SAFE_INTEGER;
    return this.c.run(() => {
      // A calendar of ordinary size is kept whole (parsed, sorted by start) and windowed in memory:
      // pollers move timeMin on every call, which would defeat a cache keyed by the window.
      const whole = this.lists.get(key('whole', tenantId, cal), () => {
        const n = (this.q.count.get({ tenantId, calendarId: cal }) as { n: number }).n;
        return n <= WHOLE_CALENDAR_MAX ? (this.q.all.all({ tenantId, calendarId: cal }) as EventRow[]).map(toEvent) : undefined;
      });
      const rows =
        whole ??
        this.lists.get(key('range', tenantId, cal, String(startMs), String(endMs)), () =>
          (this.q.range.all({ tenantId, calendarId: cal, startMs, endMs }) as EventRow[]).map(toEvent),
        ) ??
        [];
      const out: GoogleEventRecord[] = [];
      for (const r of rows) {
        if (whole && r.startMs >= endMs) break;
        if (r.startMs < endMs && r.endMs > startMs && (q.includeCancelled || r.status !== 'cancelled')) out.push(r);
      }
      return out;
    });
  }

  async listExceptions(tenantId: string, calendarId: string, recurringEventId: string) {
    const cal = lo(calendarId);
    return this.c.run(() => [
      ...(this.lists.get(key('exceptions', tenantId, cal, recurringEventId), () =>
        (this.q.exceptions.all({ tenantId, calendarId: cal, recurringEventId }) as EventRow[]).map(toEvent),
      ) ?? []),
    ]);
  }

  async listChangedSince(tenantId: string, calendarId: string, seq: number) {
    return this.c.run(() => (this.q.changed.all({ tenantId, calendarId: lo(calendarId), seq }) as EventRow[]).map(toEvent));
  }

  async listCopies(tenantId: string, eventId: string) {
    return this.c.run(() => (this.q.copies.all({ tenantId, id: eventId }) as EventRow[]).map(toEvent));
  }

  async currentSeq() {
    return this.c.run(() => {
      this.seq ??= (this.q.maxSeq.get({}) as { m: number }).m;
      return this.seq;
    });
  }
}
