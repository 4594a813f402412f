import { sql } from 'kysely';
import type Database from 'better-sqlite3';
import type { CalendarRecord, EventRecord, EventScheduleFacts, EventScheduleRow, EventStore } from '../types.js';
import { LookupCache, key } from './cache.js';
import type { Clearable, SqliteConnection } from './connection.js';
import { RangeCache } from './range-cache.js';

// Calendars and events. See ../migrations/006-events.ts for the indexes and why the range query
// is bounded below by each calendar's longest event (`calendar_spans`).

interface Span {
  maxSpanMs: number; // -1: the calendar never held a (non-master) event
  hasMasters: boolean;
}

const MASTER = 'seriesMaster';

// Read in raw mode (arrays, not objects): it halves the cost of reading a row. Indexes into a row:
const COLUMNS = [
  'id', 'calendar_id', 'owner_id', 'ical_uid', 'type', 'series_master_id', 'start_ms', 'end_ms', 'created', 'modified', 'change_key',
  'show_as', 'sensitivity', 'subject', 'location', 'is_cancelled', 'data',
] as const;
type Row = [string, string, string, string, EventRecord['type'], string | null, number, number, string, string, string, string, string, string, string, number, string];

/**
 * `data` is parsed when first read: JSON.parse of event bodies is most of the cost of a range
 * query (about 4 µs per event), and getSchedule needs only `schedule`. The accessor is an own
 * enumerable property, so spreading, JSON.stringify and structuredClone see the parsed body.
 */
function toRecord(tenantId: string, r: Row): EventRecord {
  let raw: string | null = r[16];
  let parsed: Record<string, unknown> | undefined;
  return {
    tenantId,
    id: r[0],
    calendarId: r[1],
    ownerId: r[2],
    iCalUId: r[3],
    type: r[4],
    seriesMasterId: r[5],
    startMs: r[6],
    endMs: r[7],
    get data(): Record<string, unknown> {
      if (raw !== null) {
        parsed = JSON.parse(raw) as Record<string, unknown>;
        raw = null;
      }
      return parsed!;
    },
    set data(v: Record<string, unknown>) {
      parsed = v;
      raw = null;
    },
    createdDateTime: r[8],
    lastModifiedDateTime: r[9],
    changeKey: r[10],
    schedule: { showAs: r[11], sensitivity: r[12], subject: r[13], location: r[14], isCancelled: r[15] === 1 },
  };
}

export function scheduleFacts(data: Record<string, unknown>): EventScheduleFacts {
  const location = data.location as { displayName?: unknown } | undefined;
  return {
    showAs: typeof data.showAs === 'string' ? data.showAs : 'busy',
    sensitivity: typeof data.sensitivity === 'string' ? data.sensitivity : 'normal',
    subject: typeof data.subject === 'string' ? data.subject : '',
    location: typeof location?.displayName === 'string' ? location.displayName : '',
    isCancelled: data.isCancelled === true,
  };
}

const byStart = (a: EventRecord, b: EventRecord) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Insert columns, in bind order. */
const INSERT = [
  'tenant_id', 'id', 'calendar_id', 'owner_id', 'ical_uid', 'type', 'series_master_id', 'start_ms', 'end_ms', 'created', 'modified', 'change_key',
  'show_as', 'sensitivity', 'subject', 'location', 'is_cancelled', 'data',
] as const;

type RangeArgs = { tenantId: string; calendarId: string; lower: number; start: number; end: number };

class SpanCache implements Clearable {
  readonly map = new Map<string, Span>();
  clear() {
    this.map.clear();
  }
}

// getSchedule's read: every calendar of a board in one statement (the ids bound as one JSON array,
// so one prepared statement serves any board size), the schedule columns only — no `data` — and
// the same bounded range as rangeSingles, with `lower` = start - the widest span among them. An
// exception's original start (its Graph id) is pulled out of its body by SQLite, not parsed here.
// Series masters come from their own partial index, only for calendars that hold any.
// `+tenant_id` keeps the tenant term out of index choice: without statistics (a fresh data dir,
// before SQLite's optimize has run) the planner would otherwise take the primary key's tenant
// prefix and scan every event of the tenant (src/store/sqlite/query-plans.test.ts).
const SCHEDULE_COLUMNS = `calendar_id, id, type, series_master_id, start_ms, end_ms, show_as, sensitivity, subject, location, is_cancelled,
  CASE WHEN type = 'exception' THEN json_extract(data, '$._tenantbox.originalStartMs') END`;
const SCHEDULE_SINGLES = `SELECT ${SCHEDULE_COLUMNS} FROM events
  WHERE calendar_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ? AND (start_ms >= ? OR end_ms > ?)
    AND type <> '${MASTER}' AND +tenant_id = ?
  ORDER BY calendar_id, start_ms`;
const SCHEDULE_MASTERS = `SELECT ${SCHEDULE_COLUMNS} FROM events
  WHERE calendar_id IN (SELECT value FROM json_each(?)) AND type = '${MASTER}' AND start_ms < ? AND (start_ms >= ? OR end_ms > ?) AND +tenant_id = ?`;
type ScheduleRowRaw = [string, string, EventRecord['type'], string | null, number, number, string, string, string, string, number, number | null];

function toScheduleRow(r: ScheduleRowRaw): EventScheduleRow {
  const row: EventScheduleRow = {
    calendarId: r[0],
    id: r[1],
    type: r[2],
    seriesMasterId: r[3],
    startMs: r[4],
    endMs: r[5],
    schedule: { showAs: r[6], sensitivity: r[7], subject: r[8], location: r[9], isCancelled: r[10] === 1 },
  };
  if (r[11] !== null) row.originalStartMs = r[11];
  return row;
}

export class SqliteEventStore implements EventStore {
  private readonly calendars = new LookupCache<CalendarRecord>();
  private readonly spans = new SpanCache();
  private readonly ranges = new RangeCache<Row>();
  private readonly q;
  private readonly insertMany: (es: EventRecord[]) => void;
  private readonly insertStatement: Database.Statement;
  private readonly scheduleSingles: Database.Statement;
  private readonly scheduleMasters: Database.Statement;

  constructor(private readonly c: SqliteConnection) {
    c.registerCache(this.calendars);
    c.registerCache(this.spans);
    c.registerCache(this.ranges);
    const k = c.k;
    this.q = {
      getCalendar: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('calendars').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      getDefaultCalendar: c.prepare<{ tenantId: string; ownerId: string }>((p) =>
        k.selectFrom('calendars').select('data').where('tenant_id', '=', p('tenantId')).where('owner_id', '=', p('ownerId')).where('is_default', '=', 1).limit(1),
      ),
      listCalendars: c.prepare<{ tenantId: string; ownerId: string }>((p) =>
        k.selectFrom('calendars').select('data').where('tenant_id', '=', p('tenantId')).where('owner_id', '=', p('ownerId')).orderBy('is_default', 'desc').orderBy(sql`rowid`),
      ),
      putCalendar: c.prepare<{ tenantId: string; id: string; ownerId: string; isDefault: boolean; data: string }>((p) =>
        k
          .insertInto('calendars')
          .values({ tenant_id: p('tenantId'), id: p('id'), owner_id: p('ownerId'), is_default: p('isDefault'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              owner_id: eb.ref('excluded.owner_id'),
              is_default: eb.ref('excluded.is_default'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      deleteCalendar: c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom('calendars').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      deleteCalendarEvents: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('events').where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('id')),
      ),
      deleteSpan: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('calendar_spans').where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('id')),
      ),
      getEvent: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('events').select(COLUMNS).where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
        { raw: true },
      ),
      putEvent: c.prepare<Record<(typeof INSERT)[number], unknown>>((p) =>
        k
          .insertInto('events')
          .values(Object.fromEntries(INSERT.map((col) => [col, p(col)])) as any)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => Object.fromEntries(INSERT.slice(2).map((col) => [col, eb.ref(`excluded.${col}`)])) as any),
          ),
      ),
      deleteEvent: c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom('events').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      // Overlap with [start, end): starts before `end` and either ends after `start` or starts at
      // or after it (so a zero-length event at `start` counts). `lower` = start - max span.
      rangeSingles: c.prepare<RangeArgs>((p) =>
        k
          .selectFrom('events')
          .select(COLUMNS)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .where('start_ms', '>=', p('lower'))
          .where('start_ms', '<', p('end'))
          .where((eb) => eb.or([eb('start_ms', '>=', p('start')), eb('end_ms', '>', p('start'))]))
          .where('type', '<>', sql.lit(MASTER))
          .orderBy('start_ms'),
        { raw: true },
      ),
      // The literal 'seriesMaster' (not a bound parameter) lets SQLite pick the partial index.
      rangeMasters: c.prepare<Omit<RangeArgs, 'lower'>>((p) =>
        k
          .selectFrom('events')
          .select(COLUMNS)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .where('type', '=', sql.lit(MASTER))
          .where('start_ms', '<', p('end'))
          .where((eb) => eb.or([eb('start_ms', '>=', p('start')), eb('end_ms', '>', p('start'))])),
        { raw: true },
      ),
      listEvents: c.prepare<{ tenantId: string; calendarId: string; limit: number; offset: number }>((p) =>
        k
          .selectFrom('events')
          .select(COLUMNS)
          .where('tenant_id', '=', p('tenantId'))
          .where('calendar_id', '=', p('calendarId'))
          .orderBy('start_ms')
          .orderBy('id')
          .limit(p('limit'))
          .offset(p('offset')),
        { raw: true },
      ),
      countEvents: c.prepare<{ tenantId: string }>((p) => k.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', p('tenantId'))),
      getSpan: c.prepare<{ tenantId: string; calendarId: string }>((p) =>
        k.selectFrom('calendar_spans').select(['max_span_ms', 'has_masters']).where('tenant_id', '=', p('tenantId')).where('calendar_id', '=', p('calendarId')),
      ),
      // max() is SQLite's scalar max; PostgreSQL spells it greatest().
      putSpan: c.prepare<{ tenantId: string; calendarId: string; maxSpanMs: number; hasMasters: boolean }>((p) =>
        k
          .insertInto('calendar_spans')
          .values({ tenant_id: p('tenantId'), calendar_id: p('calendarId'), max_span_ms: p('maxSpanMs'), has_masters: p('hasMasters') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'calendar_id']).doUpdateSet({
              max_span_ms: sql`max(max_span_ms, excluded.max_span_ms)`,
              has_masters: sql`max(has_masters, excluded.has_masters)`,
            }),
          ),
      ),
    };
    this.scheduleSingles = c.db.prepare(SCHEDULE_SINGLES).raw(true);
    this.scheduleMasters = c.db.prepare(SCHEDULE_MASTERS).raw(true);
    c.preparedSql.push(SCHEDULE_SINGLES, SCHEDULE_MASTERS);
    // The hottest write (bulk seeding): bound positionally, skipping the named-argument mapping.
    if (this.q.putEvent.names.join() !== INSERT.join()) throw new Error(`events insert binds ${this.q.putEvent.names.join()}`);
    this.insertStatement = this.q.putEvent.statement;
    this.insertMany = c.db.transaction((es: EventRecord[]) => {
      let last: { tenantId: string; calendarId: string; span: Span } | null = null;
      let tenant: string | null = null;
      for (const e of es) {
        if (tenant !== e.tenantId) this.ranges.invalidate((tenant = e.tenantId));
        const f = scheduleFacts(e.data);
        this.insertStatement.run(
          e.tenantId, e.id, e.calendarId, e.ownerId, e.iCalUId, e.type, e.seriesMasterId, e.startMs, e.endMs,
          e.createdDateTime, e.lastModifiedDateTime, e.changeKey, f.showAs, f.sensitivity, f.subject, f.location, f.isCancelled ? 1 : 0,
          JSON.stringify(e.data),
        );
        // Batches usually come calendar by calendar: look the span up once per run of a calendar.
        if (!last || last.calendarId !== e.calendarId || last.tenantId !== e.tenantId) last = { tenantId: e.tenantId, calendarId: e.calendarId, span: this.span(e.tenantId, e.calendarId) };
        last.span = this.widen(e, last.span);
      }
    });
  }

  private span(tenantId: string, calendarId: string): Span {
    const k = key(tenantId, calendarId);
    let s = this.spans.map.get(k);
    if (!s) {
      const row = this.q.getSpan.get({ tenantId, calendarId }) as { max_span_ms: number; has_masters: number } | undefined;
      s = row ? { maxSpanMs: row.max_span_ms, hasMasters: row.has_masters === 1 } : { maxSpanMs: -1, hasMasters: false };
      if (this.spans.map.size > 200_000) this.spans.map.clear();
      this.spans.map.set(k, s);
    }
    return s;
  }

  /** Records the event in its calendar's span when it widens it; returns the span now in force. */
  private widen(e: EventRecord, s: Span): Span {
    const master = e.type === MASTER;
    const width = master ? s.maxSpanMs : Math.max(0, e.endMs - e.startMs);
    if (width <= s.maxSpanMs && (!master || s.hasMasters)) return s;
    const next = { maxSpanMs: Math.max(width, s.maxSpanMs, 0), hasMasters: s.hasMasters || master };
    this.q.putSpan.run({ tenantId: e.tenantId, calendarId: e.calendarId, ...next });
    this.spans.map.set(key(e.tenantId, e.calendarId), next);
    return next;
  }

  async getCalendar(tenantId: string, id: string) {
    return this.c.run(() => this.calendars.get(key('id', tenantId, id), () => parseData<CalendarRecord>(this.q.getCalendar.get({ tenantId, id }))));
  }

  async getDefaultCalendar(tenantId: string, ownerId: string) {
    return this.c.run(() =>
      this.calendars.get(key('default', tenantId, ownerId), () => parseData<CalendarRecord>(this.q.getDefaultCalendar.get({ tenantId, ownerId }))),
    );
  }

  async listCalendars(tenantId: string, ownerId: string) {
    return this.c.run(() => this.q.listCalendars.pluck({ tenantId, ownerId }).map((d: string) => JSON.parse(d) as CalendarRecord));
  }

  async putCalendar(cal: CalendarRecord) {
    return this.c.run(() => {
      this.q.putCalendar.run({ tenantId: cal.tenantId, id: cal.id, ownerId: cal.ownerId, isDefault: cal.isDefault, data: JSON.stringify(cal) });
      this.calendars.clear();
    });
  }

  /** Deletes the calendar and its events, as Graph does. */
  async deleteCalendar(tenantId: string, id: string) {
    return this.c.run(() =>
      this.c.db.transaction(() => {
        const changed = this.q.deleteCalendar.run({ tenantId, id }).changes > 0;
        this.q.deleteCalendarEvents.run({ tenantId, id });
        this.q.deleteSpan.run({ tenantId, id });
        this.calendars.clear();
        this.spans.map.delete(key(tenantId, id));
        this.ranges.invalidate(tenantId);
        return changed;
      })(),
    );
  }

  async getEvent(tenantId: string, id: string) {
    return this.c.run(() => {
      const row = this.q.getEvent.get({ tenantId, id }) as Row | undefined;
      return row ? toRecord(tenantId, row) : undefined;
    });
  }

  async putEvent(e: EventRecord) {
    return this.putEvents([e]);
  }

  async putEvents(es: EventRecord[]) {
    return this.c.run(() => {
      try {
        this.insertMany(es);
      } catch (err) {
        this.spans.clear(); // the batch rolled back: forget spans it recorded
        throw err;
      }
    });
  }

  async deleteEvent(tenantId: string, id: string) {
    return this.c.run(() => {
      this.ranges.invalidate(tenantId);
      return this.q.deleteEvent.run({ tenantId, id }).changes > 0;
    });
  }

  async listEventsInRange(tenantId: string, calendarIds: string[], startMs: number, endMs: number) {
    return this.c.run(() => {
      const out: EventRecord[] = [];
      for (const calendarId of new Set(calendarIds)) {
        for (const r of this.ranges.get(tenantId, calendarId, startMs, endMs, () => this.rangeRows(tenantId, calendarId, startMs, endMs))) out.push(toRecord(tenantId, r));
      }
      // One calendar without masters is already in index order.
      if (calendarIds.length > 1 || out.some((e) => e.type === MASTER)) out.sort(byStart);
      return out;
    });
  }

  /** A calendar's single events, occurrences' exceptions and series masters that may overlap the range. */
  private rangeRows(tenantId: string, calendarId: string, startMs: number, endMs: number): Row[] {
    const s = this.span(tenantId, calendarId);
    const singles = s.maxSpanMs >= 0 ? (this.q.rangeSingles.all({ tenantId, calendarId, lower: startMs - s.maxSpanMs, start: startMs, end: endMs }) as Row[]) : [];
    return s.hasMasters ? singles.concat(this.q.rangeMasters.all({ tenantId, calendarId, start: startMs, end: endMs }) as Row[]) : singles;
  }

  async listEventScheduleInRange(tenantId: string, calendarIds: string[], startMs: number, endMs: number) {
    return this.c.run(() => {
      const ids = [...new Set(calendarIds)];
      let widest = -1;
      let masters = false;
      for (const id of ids) {
        const s = this.span(tenantId, id);
        if (s.maxSpanMs > widest) widest = s.maxSpanMs;
        masters ||= s.hasMasters;
      }
      const json = JSON.stringify(ids);
      const out: EventScheduleRow[] = [];
      if (widest >= 0) {
        for (const r of this.scheduleSingles.all(json, startMs - widest, endMs, startMs, startMs, tenantId) as ScheduleRowRaw[]) out.push(toScheduleRow(r));
      }
      if (masters) {
        for (const r of this.scheduleMasters.all(json, endMs, startMs, startMs, tenantId) as ScheduleRowRaw[]) out.push(toScheduleRow(r));
        // Keep each calendar's items together and in start order, masters among them.
        out.sort((a, b) => (a.calendarId < b.calendarId ? -1 : a.calendarId > b.calendarId ? 1 : a.startMs - b.startMs));
      }
      return out;
    });
  }

  async listEvents(tenantId: string, calendarId: string, opts: { limit?: number; offset?: number } = {}) {
    return this.c.run(() =>
      (this.q.listEvents.all({ tenantId, calendarId, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[]).map((r) => toRecord(tenantId, r)),
    );
  }

  async countEvents(tenantId: string) {
    return this.c.run(() => (this.q.countEvents.get({ tenantId }) as { n: number }).n);
  }
}

function parseData<T>(row: { data: string } | undefined): T | undefined {
  return row ? (JSON.parse(row.data) as T) : undefined;
}
