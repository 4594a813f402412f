import type { Clearable } from './connection.js';

// The rows of a calendar's range query (calendarView, a room's busy check), cached by calendar and
// window: room displays and booking boards ask for the same day or week of the same calendars
// over and over, and reading ten rows of sixteen columns costs more than the rest of building the
// answer once event views are cached (src/graph/calendar/model/event-view.ts).
//
// Rows, not records, are kept: a row is an array of strings and numbers that only the store reads,
// and each read makes fresh records from it, so a caller editing a record it was given (as the
// meeting flows do) cannot change what the next caller reads.
//
// Exact by construction: this process is the only writer of the events table, and every write the
// event store makes drops the cached ranges of that tenant (a put or delete by id does not know
// the calendar it leaves, so the tenant is the unit). A rollback clears everything (the connection
// clears every registered cache), and so does reaching the bound on cached rows.

// Bounded by rows and by windows: windows keyed on "now" (a display asking from the current
// minute) are all different, and an empty window is an entry too.
const MAX_ROWS = 50_000;
const MAX_WINDOWS = 5_000;

let enabled = process.env.TENANTBOX_EVENT_RANGE_CACHE !== 'off';

/** Benchmarks measure the uncached path too (bench/graph-calendarview.ts). */
export function setEventRangeCache(on: boolean): void {
  enabled = on;
}

export class RangeCache<Row> implements Clearable {
  private readonly tenants = new Map<string, Map<string, readonly Row[]>>();
  private rows = 0;
  private windows = 0;

  get(tenantId: string, calendarId: string, startMs: number, endMs: number, load: () => Row[]): readonly Row[] {
    if (!enabled) return load();
    let ranges = this.tenants.get(tenantId);
    const k = `${calendarId}\u0001${startMs}\u0001${endMs}`;
    const hit = ranges?.get(k);
    if (hit) return hit;
    const rows = load();
    if (rows.length > MAX_ROWS) return rows;
    if (this.rows + rows.length > MAX_ROWS || this.windows >= MAX_WINDOWS) {
      this.clear();
      ranges = undefined;
    }
    if (!ranges) this.tenants.set(tenantId, (ranges = new Map()));
    ranges.set(k, rows);
    this.rows += rows.length;
    this.windows++;
    return rows;
  }

  /** Any write to a tenant's events. */
  invalidate(tenantId: string): void {
    const ranges = this.tenants.get(tenantId);
    if (!ranges) return;
    for (const rows of ranges.values()) this.rows -= rows.length;
    this.windows -= ranges.size;
    this.tenants.delete(tenantId);
  }

  clear(): void {
    this.tenants.clear();
    this.rows = 0;
    this.windows = 0;
  }
}
