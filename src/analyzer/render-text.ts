import { headline, methodLine, short, skippedLine, sourceLine, verdictOf } from './render-common.js';
import type { AnalysisReport, GroupReport } from './report-types.js';

// The terminal report: one block per group with the minimal set, the verdict on each requested
// permission, the calls, findings and suggestions. Plain text, no colour codes.

export function renderText(r: AnalysisReport): string {
  const out: string[] = [];
  const title = r.app.name ? `${r.app.name}${r.app.appId ? ` (${r.app.appId})` : ''}` : 'Audit';
  out.push(`${title}: ${headline(r)}`);
  out.push(sourceLine(r));
  const skipped = skippedLine(r);
  if (skipped) out.push(skipped);
  for (const g of r.groups) out.push('', ...group(g));
  if (r.other.length) {
    out.push('', 'Other requested permissions');
    for (const f of r.other) out.push(`  - ${f.message}`);
  }
  if (r.suggestions.length) {
    out.push('', 'Suggestions');
    for (const s of r.suggestions) out.push(`  - ${s.message}`);
  }
  return out.join('\n');
}

function group(g: GroupReport): string[] {
  const out: string[] = [];
  out.push(`== ${g.label}`);
  out.push(`   ${g.calls.length} distinct call${g.calls.length === 1 ? '' : 's'}; ${methodLine(g)}`);
  if (g.minimal.permissions.length) {
    out.push('');
    out.push(
      ...table(
        ['Minimal set', 'Level', 'Admin consent', 'Covers'],
        g.minimal.permissions.map((p) => [short(p.name), p.level === null ? '?' : String(p.level), yesNo(p.adminConsent), p.calls.join(', ')]),
      ),
    );
    for (const t of g.minimal.ties) out.push(`   tie: ${short(t.chosen)} could equally be ${t.alternatives.map(short).join(' or ')}`);
    if (g.minimal.alsoRequired.length) out.push(`   also required with them: ${g.minimal.alsoRequired.join(', ')}`);
  }
  if (g.requested.length) {
    out.push('');
    out.push(
      ...table(
        ['Requested', 'Level', 'Admin consent', 'Verdict'],
        g.requested.map((p) => [short(p.name), p.level === null ? '?' : String(p.level), yesNo(p.adminConsent), verdictOf(g, p)]),
      ),
    );
  }
  if (g.signIn.length) out.push(`   sign-in scopes (no API call needs them): ${g.signIn.join(', ')}`);
  if (g.calls.length) {
    out.push('');
    out.push(
      ...table(
        ['Calls', 'Count', 'Status', 'Allowed by'],
        g.calls.map((c) => [
          c.key,
          String(c.count),
          Object.entries(c.statuses)
            .map(([s, n]) => (Object.keys(c.statuses).length > 1 ? `${s}×${n}` : s))
            .join(' '),
          c.status === 'known' ? `${short(c.coveredBy ?? '?')}${c.equallyLeast.length > 1 ? ` (tie: ${c.equallyLeast.map(short).join(' = ')})` : ''}` : c.status === 'unknown' ? 'unknown path' : `unsupported: ${c.note ?? ''}`,
        ]),
      ),
    );
  }
  if (g.adminConsent.requested.length || g.adminConsent.minimal.length) {
    out.push('', `   admin consent: requested ${g.adminConsent.requested.length} (${g.adminConsent.requested.join(', ') || 'none'}); minimal set ${g.adminConsent.minimal.length} (${g.adminConsent.minimal.join(', ') || 'none'})`);
  }
  if (g.findings.length) {
    out.push('', '   Findings');
    for (const f of g.findings) out.push(`   - [${f.kind}] ${f.message}`);
  }
  if (g.suggestions.length) {
    out.push('', '   Suggestions');
    for (const s of g.suggestions) {
      out.push(`   - ${s.message}`);
      for (const c of s.commands ?? []) out.push(`       ${c}`);
    }
  }
  return out;
}

function yesNo(b: boolean | null): string {
  return b === null ? '-' : b ? 'yes' : 'no';
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => `   ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
