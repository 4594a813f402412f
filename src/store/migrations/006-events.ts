import { sql, type Kysely, type Migration } from 'kysely';

// Calendars and events. The range query (calendarView, getSchedule) is the hot path, on tables of
// a million rows, so the indexes are chosen for it:
// - `events_range (calendar_id, start_ms)`: an event overlaps [s, e) when
//   start_ms < e and end_ms > s. An index can bound only one side; `start_ms < e` alone scans the
//   calendar's whole history. So `calendar_spans` keeps, per calendar, the longest duration of its
//   events (a monotonic upper bound, maintained on every write), and the query adds
//   start_ms >= s - max_span: each calendar's scan covers only [s - max_span, e).
// - Series masters span their whole recurrence (up to "no end"), which would blow that bound, so
//   they are left out of the span and found through the partial index `events_masters`
//   (only masters, few per calendar); `has_masters` lets the query skip it for most calendars.
// - `events_ical (ical_uid)`: the linked copies of one meeting (organizer, attendees, rooms) share
//   an iCalUId; updates and cancellations find them through it.
// - Calendar ids and iCalUIds are GUID-like and unique across tenants, so the secondary indexes
//   leave tenant_id out (queries still filter on it, so a collision could never leak across
//   tenants): 36 bytes less per entry, in indexes that every bulk insert of events maintains.
// - show_as, sensitivity, subject, location, is_cancelled: what a getSchedule item shows, copied
//   out of `data` on write, so a schedule over many calendars reads no event bodies.
export const eventsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calendars')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('calendars_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('calendars_owner').on('calendars').columns(['tenant_id', 'owner_id']).execute();

    await db.schema
      .createTable('events')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('calendar_id', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('ical_uid', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('series_master_id', 'text')
      .addColumn('start_ms', 'integer', (c) => c.notNull())
      .addColumn('end_ms', 'integer', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('modified', 'text', (c) => c.notNull())
      .addColumn('change_key', 'text', (c) => c.notNull())
      .addColumn('show_as', 'text', (c) => c.notNull())
      .addColumn('sensitivity', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('is_cancelled', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('events_range').on('events').columns(['calendar_id', 'start_ms']).execute();
    await db.schema
      .createIndex('events_masters')
      .on('events')
      .columns(['calendar_id', 'start_ms'])
      .where(sql.ref('type'), '=', sql.lit('seriesMaster'))
      .execute();
    await db.schema.createIndex('events_ical').on('events').column('ical_uid').execute();

    await db.schema
      .createTable('calendar_spans')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('calendar_id', 'text', (c) => c.notNull())
      .addColumn('max_span_ms', 'integer', (c) => c.notNull())
      .addColumn('has_masters', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('calendar_spans_pk', ['tenant_id', 'calendar_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['calendar_spans', 'events', 'calendars']) await db.schema.dropTable(t).execute();
  },
};
