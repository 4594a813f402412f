import type { EventSpec } from '../../tenant-file/types.js';

// The interval a series master covers, for the range query (the calendar code expands the
// occurrences). An exact end when the range ends on a date; for a numbered range an upper bound
// (a master found for a range it has no occurrence in costs only an empty expansion).

const DAY = 86_400_000;

type Recurrence = NonNullable<EventSpec['recurrence']>;

export function seriesEndMs(r: Recurrence, startMs: number, endMs: number): number {
  const duration = Math.max(0, endMs - startMs);
  const timeOfDay = ((startMs % DAY) + DAY) % DAY; // recurrences are kept in UTC
  switch (r.range.type) {
    case 'noEnd':
      return Number.MAX_SAFE_INTEGER;
    case 'endDate': {
      const last = Date.parse(`${r.range.endDate}T00:00:00Z`);
      if (Number.isNaN(last)) throw new RangeError(`recurrence endDate '${r.range.endDate}' is not a date (YYYY-MM-DD)`);
      return Math.max(endMs, last + timeOfDay + duration);
    }
    case 'numbered': {
      const n = r.range.numberOfOccurrences ?? 1;
      const interval = Math.max(1, r.pattern.interval);
      let lastStart: number;
      switch (r.pattern.type) {
        case 'daily':
          lastStart = startMs + (n - 1) * interval * DAY;
          break;
        case 'weekly': {
          const perWeek = Math.max(1, r.pattern.daysOfWeek?.length ?? 1);
          lastStart = startMs + Math.ceil(n / perWeek) * interval * 7 * DAY;
          break;
        }
        default: {
          // Monthly patterns: n intervals of months, plus one month for a relative day.
          const d = new Date(startMs);
          lastStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n * interval + 1, d.getUTCDate(), 0, 0, 0) + timeOfDay;
        }
      }
      return Math.max(endMs, lastStart + duration);
    }
  }
}
