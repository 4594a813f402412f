import type { TenantRecord, UserRecord } from '../../store/types.js';
import { PRODUCT_OF, type ActivityFact, type ActivityKind } from './activity.js';
import type { ReportWindow } from './period.js';

// What every report definition builds on: the report's inputs, and per-user and per-day totals of
// the activity facts.

export interface ReportContext {
  tenant: TenantRecord;
  /** Member and guest users (not rooms), in directory order. */
  users: readonly UserRecord[];
  /** Every mailbox, rooms included (mailbox usage). */
  mailboxes: readonly UserRecord[];
  facts: readonly ActivityFact[];
  window: ReportWindow;
  usage: Map<string, { items: number; bytes: number; deletedItems: number; deletedBytes: number }>;
}

export interface ReportDef {
  name: string;
  columns: readonly (readonly [csv: string, json: string])[];
  allowsDate: boolean;
  /** JSON page size ($top, $skiptoken); null for the daily counts (one row per day). */
  pageSize: number | null;
  /** `Collection(microsoft.graph.<type>)` in a JSON answer's @odata.context (the counts reports). */
  odataType?: string;
  needsUsage?: boolean;
  rows(ctx: ReportContext): Record<string, unknown>[];
}

export const PRODUCT = 'MICROSOFT 365 E3';
export const products = (u: UserRecord) => (u.mailbox ? [PRODUCT] : []);
export const dateOf = (iso: string) => iso.slice(0, 10);

export interface UserTotals {
  counts: Partial<Record<ActivityKind, number>>;
  last: Partial<Record<'exchange' | 'teams' | 'oneDrive' | 'sharePoint' | 'any' | ActivityKind, string>>;
}

export function totals(facts: readonly ActivityFact[]): Map<string, UserTotals> {
  const out = new Map<string, UserTotals>();
  const later = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);
  for (const f of facts) {
    let t = out.get(f.userId);
    if (!t) out.set(f.userId, (t = { counts: {}, last: {} }));
    t.counts[f.kind] = (t.counts[f.kind] ?? 0) + 1;
    t.last[f.kind] = later(t.last[f.kind], f.day);
    const product = PRODUCT_OF[f.kind];
    if (product) {
      t.last[product] = later(t.last[product], f.day);
      t.last.any = later(t.last.any, f.day);
    }
  }
  return out;
}

export const lastOf = (t: UserTotals | undefined, ...kinds: ActivityKind[]) =>
  kinds.map((k) => t?.last[k]).filter((d): d is string => d !== undefined).sort().at(-1) ?? null;

export const n = (t: UserTotals | undefined, k: ActivityKind) => t?.counts[k] ?? 0;

/** Distinct users active in a product on a day / activity counts of a day. */
export function perDay(facts: readonly ActivityFact[], day: string) {
  const active = { exchange: new Set<string>(), teams: new Set<string>(), oneDrive: new Set<string>(), sharePoint: new Set<string>(), any: new Set<string>() };
  const counts: Partial<Record<ActivityKind, number>> = {};
  for (const f of facts) {
    if (f.day !== day) continue;
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    const product = PRODUCT_OF[f.kind];
    if (product) {
      active[product].add(f.userId);
      active.any.add(f.userId);
    }
  }
  return { active, counts };
}

export const newestFirst = (w: ReportWindow) => [...w.days].reverse();
