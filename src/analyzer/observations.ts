import type { Scheme } from '../catalog/index.js';
import type { AuditRecord } from '../store/types.js';

// The analyzer's input: one observed API call, from a tenantbox audit record, a JSON-lines export
// of them, or a HAR entry recorded anywhere. Everything downstream works on these.

export interface Observation {
  service: 'graph' | 'google';
  /** null: not known (a HAR entry without a decodable token). */
  scheme: Scheme | null;
  method: string;
  /** Path, possibly with /v1.0 or /beta and a query; or a full URL. */
  path: string;
  status: number;
  /** Scopes or roles the token held; null when not known. */
  granted: readonly string[] | null;
  userId: string | null;
  appId: string | null;
  /** Permissions that would have allowed a refused call (tenantbox audit records). */
  missing: readonly string[];
  /** The resource policy that refused the call (tenantbox audit records). */
  policy: string | null;
  /** The permission that allowed the call (tenantbox audit records). */
  permission?: string | null;
  /** The call's content narrowed what the endpoint accepts (tenantbox audit records). */
  narrowed?: { reason: string; accepted: readonly string[] };
  time?: string;
}

export interface ObservationSet {
  observations: Observation[];
  /** Records or entries left out, by reason (identity traffic, other hosts…). */
  skipped: Record<string, number>;
}

// Google's OAuth endpoints (token, tokeninfo, the user consent flow) are audited under service
// google, but they are sign-in, not API calls: no scope allows or refuses them. The paths are
// tenantbox's Google routes (src/google/auth) and Google's own.
const GOOGLE_IDENTITY_PATH = /^(?:https?:\/\/[^/]+)?\/(?:token|tokeninfo|revoke|oauth2\/|o\/oauth2\/)/i;

/** Sign-in and token traffic, which the analysis leaves out (Entra's is audited as service identity). */
export function isIdentityTraffic(o: { service: string; path: string }): boolean {
  return o.service === 'identity' || (o.service === 'google' && GOOGLE_IDENTITY_PATH.test(o.path));
}

/** An audit record as an observation; undefined for identity (Google's token endpoint included) and admin records. */
export function fromAuditRecord(r: AuditRecord): Observation | undefined {
  if ((r.service !== 'graph' && r.service !== 'google') || isIdentityTraffic(r)) return undefined;
  // An audit record already has the observation's shape; using it as is spares a copy of every
  // record of a 100,000-line log. Only fields a hand-written or older record may lack are filled.
  const o = r as AuditRecord & Observation;
  if (!Array.isArray(o.missing)) (o as { missing: string[] }).missing = [];
  if (o.granted === undefined) (o as { granted: string[] | null }).granted = null;
  return o;
}

export function fromAuditRecords(records: Iterable<AuditRecord>): ObservationSet {
  const observations: Observation[] = [];
  const skipped: Record<string, number> = {};
  for (const r of records) {
    const o = fromAuditRecord(r);
    if (o) observations.push(o);
    else skipped[skipReason(r)] = (skipped[skipReason(r)] ?? 0) + 1;
  }
  return { observations, skipped };
}

/**
 * A JSON-lines audit export (`tenantbox log --json`, GET /_tenantbox/audit). Blank lines are
 * skipped; a line that is not an audit record is counted, never fatal.
 */
export function parseAuditJsonLines(text: string, filter: { app?: string; since?: string; until?: string } = {}): ObservationSet {
  // Line by line straight into observations: a 100,000-line export never exists twice in memory.
  const observations: Observation[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  const since = filter.since ? Date.parse(filter.since) : undefined;
  const until = filter.until ? Date.parse(filter.until) : undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line) continue;
    let r: AuditRecord;
    try {
      r = JSON.parse(line) as AuditRecord;
    } catch {
      skip('lines that are not JSON');
      continue;
    }
    if (!r || typeof r !== 'object' || typeof r.method !== 'string' || typeof r.path !== 'string') {
      skip('lines that are not audit records');
      continue;
    }
    if (filter.app && r.appId !== filter.app) continue;
    if (since !== undefined || until !== undefined) {
      const t = Date.parse(r.time);
      if ((since !== undefined && t < since) || (until !== undefined && t >= until)) continue;
    }
    const o = fromAuditRecord(r);
    if (o) observations.push(o);
    else skip(skipReason(r));
  }
  return { observations, skipped };
}

function skipReason(r: AuditRecord): string {
  return r.service === 'google' && isIdentityTraffic(r) ? 'Google sign-in and token requests' : `${r.service} records`;
}
