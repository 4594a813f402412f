import type { Scheme } from '../catalog/index.js';
import type { AnalyzerCatalog } from './analyzer-catalog.js';
import type { Observation } from './observations.js';
import type { CallReport } from './report-types.js';

// One endpoint, reported as more than one call when what the audit record says about a call
// changes the permissions it needs: another user's mailbox (a `.Shared` scope), or a body that
// narrows what the endpoint accepts (setting a group's assignedLabels). Each variant is its own
// row, so the minimal set covers it with the permissions it really needs.

/** How a call's path resolves: its report key and the permissions that allow it. */
export interface Resolution {
  key: string;
  template: string | null;
  status: CallReport['status'];
  accepted: readonly string[];
  least: string[];
  note?: string;
  /** Not in Microsoft's data: the entry tenantbox's Graph borrows (graph-lookup.ts). */
  borrowed?: boolean;
}

/** The call's variant of its endpoint's resolution (memoized per variant key), or the resolution itself. */
export function variantOf(ac: AnalyzerCatalog, o: Observation, scheme: Scheme, r: Resolution, memo: Map<string, Resolution>): Resolution {
  if (r.status === 'unknown' || o.service !== 'graph') return r;
  if (o.narrowed) return narrowedVariant(r, o.narrowed, scheme, memo);
  if (scheme === 'delegated' && r.status === 'known' && reachedAnotherMailbox(o)) return sharedTwin(ac, r, memo);
  return r;
}

// tenantbox's Graph records when a call's content narrowed the endpoint's accepted permissions
// (AuditRecord.narrowed): e.g. PATCH /groups/{id} accepts property-scoped permissions, but setting
// assignedLabels needs a group-wide one.
function narrowedVariant(r: Resolution, n: NonNullable<Observation['narrowed']>, scheme: Scheme, memo: Map<string, Resolution>): Resolution {
  const key = `${r.key} [${n.reason}]`;
  let v = memo.get(`${scheme}|${key}`);
  if (!v) {
    v = {
      ...r,
      key,
      accepted: [...n.accepted],
      least: [],
      status: n.accepted.length ? 'known' : 'unsupported',
      note: n.accepted.length ? `${n.reason}: needs ${n.accepted.join(' or ')}, narrower than the endpoint's list` : `${n.reason}: no permission of this scheme allows it`,
    };
    memo.set(`${scheme}|${key}`, v);
  }
  return v;
}

/** The `.Shared` twins of own-mailbox scopes (Calendars.Read → Calendars.Read.Shared). */
export function sharedTwins(ac: AnalyzerCatalog, accepted: readonly string[]): string[] {
  return accepted
    .map((p) => (/\.shared$/i.test(p) ? p : /\.all$/i.test(p) ? undefined : ac.catalog.permission(`${p}.Shared`)?.delegated ? ac.catalog.permission(`${p}.Shared`)!.name : undefined))
    .filter((p): p is string => !!p);
}

// Delegated access to another user's mailbox needs a `.Shared` scope (and sharing), which
// Microsoft's per-endpoint data does not list: tenantbox's Graph enforcement widens an own-mailbox
// scope to its `.Shared` twin there and refuses the plain one (semantics doc §4.3). Its audit
// records show it: the allowing permission is a `.Shared` one, or the missing ones are, or mailbox
// sharing refused the call. Such calls are kept apart from calls on the user's own mailbox.
function reachedAnotherMailbox(o: Observation): boolean {
  return (!!o.permission && /\.shared$/i.test(o.permission)) || o.missing.some((m) => /\.shared$/i.test(m)) || (o.policy?.startsWith('Mailbox sharing') ?? false);
}

function sharedTwin(ac: AnalyzerCatalog, r: Resolution, memo: Map<string, Resolution>): Resolution {
  const key = `${r.key} [another user's mailbox]`;
  let twin = memo.get(key);
  if (!twin) {
    const accepted = [...new Set(sharedTwins(ac, r.accepted))];
    twin = {
      ...r,
      key,
      accepted,
      least: [],
      status: accepted.length ? 'known' : 'unsupported',
      note: "another user's mailbox: needs a .Shared scope, and the owner's sharing, delegation or Full Access",
    };
    memo.set(key, twin);
  }
  return twin;
}

