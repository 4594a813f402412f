import { graphErrors } from '../errors.js';

// The function segment of a report request, `getEmailActivityUserDetail(period='D7')` or
// `…(date=2026-01-05)`, and the window of days it covers. Periods are D7, D30, D90 and D180 (the
// last n days); a date is one day of the last 30 (graph-docs reportroot-*). tenantbox has no
// processing lag: the report refresh date is today (UTC, on the emulated clock) and today's
// activity counts.

export interface ReportCall {
  /** The function name as written (case kept for messages). */
  name: string;
  param: { kind: 'period'; value: string } | { kind: 'date'; value: string } | { kind: 'none' };
}

export interface ReportWindow {
  sinceMs: number;
  untilMs: number;
  /** YYYY-MM-DD of each day in the window, oldest first. */
  days: string[];
  refreshDate: string;
  /** "7", "30"… ("1" for a date). */
  reportPeriod: string;
}

const DAY = 86_400_000;
export const PERIODS = ['D7', 'D30', 'D90', 'D180'];

export function parseReportCall(segment: string): ReportCall | undefined {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // keep as sent
  }
  const m = /^([A-Za-z0-9]+)(?:\((.*)\))?$/.exec(text);
  if (!m) return undefined;
  const args = m[2];
  if (args === undefined || args.trim() === '') return { name: m[1]!, param: { kind: 'none' } };
  const a = /^\s*(period|date)\s*=\s*(?:'([^']*)'|([^'\s)]*))\s*$/i.exec(args);
  if (!a) return { name: m[1]!, param: { kind: 'none' } };
  return { name: m[1]!, param: { kind: a[1]!.toLowerCase() as 'period' | 'date', value: a[2] ?? a[3] ?? '' } };
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function reportWindow(call: ReportCall, nowMs: number, allowDate: boolean): ReportWindow {
  const today = Math.floor(nowMs / DAY) * DAY;
  const refreshDate = dayOf(today);
  if (call.param.kind === 'period') {
    const value = call.param.value;
    if (!PERIODS.includes(value.toUpperCase())) {
      throw graphErrors.badRequest(`Invalid value '${value}' for the period parameter of ${call.name}. The supported values are D7, D30, D90 and D180.`);
    }
    const n = Number(value.slice(1));
    const since = today - (n - 1) * DAY;
    return { sinceMs: since, untilMs: today + DAY, days: Array.from({ length: n }, (_, i) => dayOf(since + i * DAY)), refreshDate, reportPeriod: String(n) };
  }
  if (call.param.kind === 'date' && allowDate) {
    const value = call.param.value;
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms) || ms > today || ms < today - 29 * DAY) {
      throw graphErrors.badRequest(`Invalid value '${value}' for the date parameter of ${call.name}: give a date (YYYY-MM-DD) within the last 30 days.`);
    }
    return { sinceMs: ms, untilMs: ms + DAY, days: [dayOf(ms)], refreshDate, reportPeriod: '1' };
  }
  throw graphErrors.badRequest(`${call.name} needs ${allowDate ? "either period='D7|D30|D90|D180' or date=YYYY-MM-DD" : "period='D7|D30|D90|D180'"} in the request URL.`);
}
