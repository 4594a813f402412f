import type { Manifest } from '../manifest/types.js';
import type { GroupContext } from './analyze.js';
import { describeImplication } from './implication.js';
import { OPENID_SCOPES, legacyNote } from './legacy.js';
import type { Finding, PermissionEntry } from './report-types.js';
import { googleScopeWeight } from './weights.js';

// Requested vs needed, for one group: what the app asked for (its manifest, else what its tokens
// carried), then unused, redundant, excessive and missing, each with the evidence behind it.

export function requestedFor(ctx: GroupContext): void {
  const r = ctx.report;
  const origins = new Map<string, Set<string>>();
  const add = (name: string, origin: string) => {
    const canonical = r.service === 'graph' ? (ctx.ac.catalog.permission(name)?.name ?? name) : name;
    (origins.get(canonical) ?? origins.set(canonical, new Set()).get(canonical)!).add(origin);
  };
  if (ctx.manifest) {
    for (const conn of ctx.manifest.connections) {
      if (ctx.model && conn.id !== ctx.model) continue;
      for (const c of conn.contexts) {
        for (const p of c.permissions) {
          const inGroup =
            r.service === 'google'
              ? p.resource === 'google'
              : (p.resource === 'graph' || p.resource === 'openid') && (p.type === 'Application') === (r.scheme === 'application');
          if (inGroup) add(p.name, `${conn.id}/${c.id}`);
        }
      }
    }
  } else if (ctx.granted) {
    for (const p of ctx.granted) add(p, 'token');
  }

  const signIn: string[] = [];
  const requested: PermissionEntry[] = [];
  for (const [name, from] of [...origins.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (r.service === 'graph' && OPENID_SCOPES.has(name.toLowerCase())) {
      signIn.push(name);
      continue;
    }
    const calls = [...ctx.accepted.entries()].filter(([, acc]) => acc.some((p) => p.toLowerCase() === name.toLowerCase())).map(([k]) => k);
    if (r.service === 'graph') {
      const info = ctx.ac.catalog.permission(name);
      const w = ctx.weights.of(name, r.scheme);
      requested.push({
        name,
        level: w?.level ?? null,
        weight: w?.weight ?? null,
        adminConsent: w?.requiresAdminConsent ?? null,
        calls,
        origins: [...from].sort(),
        known: !!info?.[r.scheme],
        ...(w?.levelNote && { levelNote: w.levelNote }),
      });
    } else {
      const w = googleScopeWeight(ctx.ac, name);
      requested.push({ name, level: w.level, weight: w.weight, adminConsent: null, calls, origins: [...from].sort(), known: ctx.ac.catalog.google.scopeRank(name) !== undefined });
    }
  }
  r.requested = requested;
  r.signIn = signIn;
  r.adminConsent.requested = requested.filter((p) => p.adminConsent).map((p) => p.name);
  const names = new Set(requested.map((p) => p.name.toLowerCase()));
  for (const c of r.calls) c.allowedByRequested = (ctx.accepted.get(c.key) ?? []).filter((p) => names.has(p.toLowerCase()));
}

export function findingsFor(ctx: GroupContext): void {
  const r = ctx.report;
  const findings: Finding[] = [];
  const minimal = new Set(r.minimal.permissions.map((p) => p.name.toLowerCase()));
  const tieAlternatives = new Map<string, string>();
  for (const t of r.minimal.ties) for (const a of t.alternatives) tieAlternatives.set(a.toLowerCase(), t.chosen);
  const requested = r.requested;
  const known = requested.filter((p) => p.known);

  for (const p of requested) {
    if (!p.known) {
      const other = r.service === 'graph' && ctx.ac.catalog.permission(p.name) ? ` (it exists, but not as ${r.scheme === 'application' ? 'an application' : 'a delegated'} permission)` : '';
      findings.push({ kind: 'unknown-requested', permission: p.name, message: `${p.name} is not a known ${r.service === 'graph' ? `${r.scheme} Graph permission` : 'Google scope'}${other}` });
    }
  }

  // Redundant: implied by another requested permission (of the same scheme).
  const redundant = new Set<string>();
  for (const b of known) {
    let best: { a: string; text: string; basis: string; rank: number } | undefined;
    for (const a of known) {
      if (a === b) continue;
      if (r.service === 'google') {
        if (ctx.ac.catalog.google.implies(a.name, b.name)) {
          const cand = { a: a.name, text: `${short(a.name)} includes ${short(b.name)} (it allows every method ${short(b.name)} allows and sits above it in Google's scope naming)`, basis: 'data', rank: 3 };
          if (!best || cand.rank > best.rank) best = cand;
        }
        continue;
      }
      const imp = ctx.implications.implies(a.name, b.name, r.scheme);
      if (!imp || ctx.implications.implies(b.name, a.name, r.scheme)) continue;
      const rank = imp.basis === 'data' ? 3 : imp.basis === 'documented' ? 2 : 1;
      if (!best || rank > best.rank || (rank === best.rank && a.name < best.a)) best = { a: a.name, text: describeImplication(imp), basis: imp.basis, rank };
    }
    if (best) {
      redundant.add(b.name.toLowerCase());
      const idle = b.calls.length === 0 ? '; no observed call needed it either' : '';
      findings.push({ kind: 'redundant', permission: b.name, impliedBy: best.a, basis: best.basis, message: `${short(b.name)} is redundant: ${best.text}${idle}` });
    }
  }

  for (const p of known) {
    const key = p.name.toLowerCase();
    const legacy = legacyNote(p.name);
    if (redundant.has(key)) continue; // one finding per permission; redundancy says more
    if (p.calls.length === 0) {
      findings.push({ kind: 'unused', permission: p.name, message: `${short(p.name)}: no observed call needed it${legacy ? `. ${legacy}` : ''}` });
      continue;
    }
    if (minimal.has(key)) continue;
    const tie = tieAlternatives.get(key);
    if (tie) continue; // equally least with a permission of the minimal set: not excessive
    const suffices = [...new Set(p.calls.map((k) => r.calls.find((c) => c.key === k)?.coveredBy).filter((x): x is string => !!x))].sort();
    const weight = p.weight ?? Infinity;
    const lower = suffices.length > 0 && suffices.every((s) => (r.minimal.permissions.find((m) => m.name === s)?.weight ?? Infinity) < weight);
    const what = p.calls.length === 1 ? `its one observed call (${p.calls[0]})` : `its ${p.calls.length} observed calls`;
    findings.push({
      kind: 'excessive',
      permission: p.name,
      suffices,
      message: lower
        ? `${short(p.name)} is more than needed: ${suffices.map(short).join(' + ')} ${suffices.length === 1 ? 'allows' : 'allow'} ${what} with less privilege`
        : `${short(p.name)} is not needed: ${what} ${p.calls.length === 1 ? 'is' : 'are'} covered by ${suffices.map(short).join(' + ')}, which other calls need anyway`,
    });
  }

  // Missing: calls refused for want of a permission, and calls nothing requested allows.
  const granted = ctx.granted ? new Set([...ctx.granted].map((g) => g.toLowerCase())) : null;
  for (const c of r.calls) {
    if (c.status !== 'known') continue;
    const wouldAllow = c.coveredBy ?? c.candidates[0];
    // tenantbox records say what was missing; for a HAR, a 403 whose token held none of the
    // permissions that allow the call is a permission refusal too.
    const forbidden = c.statuses['403'] ?? 0;
    const tokenLacked = granted !== null && !(ctx.accepted.get(c.key) ?? []).some((p) => granted.has(p.toLowerCase()));
    const refused = c.missing.length > 0 ? c.refused : c.policies.length === 0 && tokenLacked ? forbidden : 0;
    if (refused > 0) {
      findings.push({ kind: 'missing', call: c.key, count: refused, suffices: [wouldAllow], message: `${c.key} was refused ${refused} time${refused === 1 ? '' : 's'} for want of a permission; ${short(wouldAllow)} would allow it` });
    } else if (ctx.manifest && c.allowedByRequested.length === 0) {
      findings.push({ kind: 'missing', call: c.key, count: c.count, suffices: [wouldAllow], message: `${c.key} is not allowed by anything the manifest requests; ${short(wouldAllow)} would allow it` });
    }
    if (c.policies.length) {
      findings.push({ kind: 'refused-by-policy', call: c.key, message: `${c.key} was refused by ${c.policies.join(', ')} (the permission was there; a resource policy blocked the call)` });
    }
  }
  r.findings = findings.sort(compareFindings);
}

/** Manifest permissions traffic cannot show: Exchange (EWS) and the app's own API. */
export function otherRequested(m: Manifest, model: string | undefined): Finding[] {
  const out: Finding[] = [];
  for (const conn of m.connections) {
    if (model && conn.id !== model) continue;
    for (const ctx of conn.contexts) {
      for (const p of ctx.permissions) {
        if (p.resource === 'exchange') {
          out.push({ kind: 'unused', permission: p.name, message: `${p.name} (Exchange, ${conn.id}/${ctx.id}): no observed Graph or Google call needs it. ${legacyNote(p.name) ?? ''}`.trim() });
        }
      }
    }
  }
  return out;
}

const ORDER: Record<Finding['kind'], number> = { missing: 0, excessive: 1, redundant: 2, unused: 3, 'refused-by-policy': 4, 'unknown-requested': 5 };

export function compareFindings(a: Finding, b: Finding): number {
  return ORDER[a.kind] - ORDER[b.kind] || (a.permission ?? a.call ?? '').localeCompare(b.permission ?? b.call ?? '');
}

function short(s: string): string {
  return s.replace('https://www.googleapis.com/auth/', '');
}
