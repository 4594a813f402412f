import { headline, methodLine, short, skippedLine, sourceLine, verdictOf } from './render-common.js';
import type { AnalysisReport, GroupReport } from './report-types.js';

// The audit report as Markdown (AUDIT.md in the examples): stable order and no timestamps in the
// body, so a regenerated report diffs cleanly against the committed one.

export function renderMarkdown(r: AnalysisReport): string {
  const out: string[] = [];
  out.push(`# Permission audit${r.app.name ? `: ${md(r.app.name)}` : ''}`, '');
  out.push(`**${headline(r)}**`, '');
  out.push(md(sourceLine(r)) + '.', '');
  const skipped = skippedLine(r);
  if (skipped) out.push(md(skipped) + '.', '');
  for (const g of r.groups) out.push(...group(g));
  if (r.other.length) {
    out.push('## Other requested permissions', '');
    for (const f of r.other) out.push(`- ${md(f.message)}`);
    out.push('');
  }
  if (r.suggestions.length) {
    out.push('## Suggestions', '');
    for (const s of r.suggestions) out.push(`- ${md(s.message)}`);
    out.push('');
  }
  return out.join('\n');
}

function group(g: GroupReport): string[] {
  const out: string[] = [`## ${md(g.label)}`, ''];
  out.push(`${g.calls.length} distinct call${g.calls.length === 1 ? '' : 's'}; ${methodLine(g)}.`, '');
  if (g.minimal.permissions.length) {
    out.push('### Minimal permission set', '');
    out.push('| Permission | Privilege level | Admin consent | Needed by |', '|---|---|---|---|');
    for (const p of g.minimal.permissions) out.push(`| \`${short(p.name)}\` | ${p.level ?? '?'} | ${yesNo(p.adminConsent)} | ${p.calls.map((c) => `\`${c}\``).join('<br>')} |`);
    out.push('');
    for (const t of g.minimal.ties) out.push(`- Tie: \`${short(t.chosen)}\` could equally be ${t.alternatives.map((a) => `\`${short(a)}\``).join(' or ')}.`);
    if (g.minimal.alsoRequired.length) out.push(`- Also required with them: ${g.minimal.alsoRequired.map((a) => `\`${a}\``).join(', ')}.`);
    if (g.minimal.ties.length || g.minimal.alsoRequired.length) out.push('');
  }
  if (g.requested.length) {
    out.push('### Requested', '');
    out.push('| Permission | Privilege level | Admin consent | Verdict |', '|---|---|---|---|');
    for (const p of g.requested) out.push(`| \`${short(p.name)}\` | ${p.level ?? '?'} | ${yesNo(p.adminConsent)} | ${md(verdictOf(g, p))} |`);
    out.push('');
  }
  if (g.signIn.length) out.push(`Sign-in scopes (no API call needs them): ${g.signIn.map((s) => `\`${s}\``).join(', ')}.`, '');
  if (g.calls.length) {
    out.push('### Observed calls', '');
    out.push('| Call | Count | Status | Allowed by (minimal set) | Least per Microsoft |', '|---|---|---|---|---|');
    for (const c of g.calls) {
      const status = Object.entries(c.statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      const by =
        c.status === 'known'
          ? `\`${short(c.coveredBy ?? '?')}\`${c.equallyLeast.length > 1 ? ` (tie: ${c.equallyLeast.map((x) => `\`${short(x)}\``).join(' = ')})` : ''}`
          : c.status === 'unknown'
            ? '*unknown path*'
            : `*unsupported*: ${md(c.note ?? '')}`;
      const least = c.borrowed ? "*not in Microsoft's data*: tenantbox's Graph uses a borrowed entry" : c.least.map((x) => `\`${short(x)}\``).join(', ');
      out.push(`| \`${c.key}\` | ${c.count} | ${status} | ${by} | ${least} |`);
    }
    out.push('');
  }
  if (g.adminConsent.requested.length || g.adminConsent.minimal.length) {
    out.push(`Admin consent: ${g.adminConsent.requested.length} requested permission${g.adminConsent.requested.length === 1 ? '' : 's'} need it; ${g.adminConsent.minimal.length} of the minimal set do.`, '');
  }
  if (g.findings.length) {
    out.push('### Findings', '');
    for (const f of g.findings) out.push(`- **${f.kind}**: ${md(f.message)}`);
    out.push('');
  }
  if (g.suggestions.length) {
    out.push('### Suggestions', '');
    for (const s of g.suggestions) {
      out.push(`- ${md(s.message)}`);
      if (s.commands?.length) out.push('', '  ```powershell', ...s.commands.map((c) => `  ${c}`), '  ```', '');
    }
    out.push('');
  }
  return out;
}

function yesNo(b: boolean | null): string {
  return b === null ? '–' : b ? 'yes' : 'no';
}

/** Escapes what Markdown tables and emphasis would misread. */
export function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/</g, '&lt;');
}
