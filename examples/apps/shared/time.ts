// Day windows in a time zone (a room display shows the room's local day), with Intl only.

/** Minutes the zone is ahead of UTC at `at`. */
export function zoneOffsetMinutes(tz: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** [start, end) of the local day containing `now`, plus `days` more, as UTC instants. */
export function dayWindow(tz: string, now: Date, days = 1): { start: Date; end: Date } {
  const local = new Date(now.getTime() + zoneOffsetMinutes(tz, now) * 60_000);
  const midnightWall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const start = new Date(midnightWall - zoneOffsetMinutes(tz, new Date(midnightWall)) * 60_000);
  const endWall = midnightWall + days * 86_400_000;
  const end = new Date(endWall - zoneOffsetMinutes(tz, new Date(endWall)) * 60_000);
  return { start, end };
}

/** "HH:MM" of a Graph dateTime (already in `tz` when the request asked for it). */
export function hhmm(dateTime: string): string {
  return dateTime.slice(11, 16);
}

/** An instant as Graph's dateTimeTimeZone in UTC. */
export function utc(d: Date): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' };
}
