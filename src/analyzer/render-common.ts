import type { AnalysisReport, GroupReport, PermissionEntry } from './report-types.js';

// What every report format shows the same way: the verdict on each requested permission, short
// scope names, and the headline numbers.

export function short(name: string): string {
  return name.replace('https://www.googleapis.com/auth/', '');
}

export function verdictOf(g: GroupReport, p: PermissionEntry): string {
  const f = g.findings.find((x) => x.permission === p.name && x.kind !== 'missing' && x.kind !== 'refused-by-policy');
  if (!f) {
    if (g.minimal.permissions.some((m) => m.name === p.name)) return 'needed';
    const tie = g.minimal.ties.find((t) => t.alternatives.includes(p.name));
    return tie ? `needed (equally least with ${short(tie.chosen)})` : 'needed';
  }
  switch (f.kind) {
    case 'unused':
      return 'unused';
    case 'redundant':
      return `redundant (implied by ${short(f.impliedBy ?? '?')})`;
    case 'excessive':
      return `excessive (${(f.suffices ?? []).map(short).join(' + ')} ${f.suffices?.length === 1 ? 'suffices' : 'suffice'})`;
    case 'unknown-requested':
      return 'unknown';
  }
  return f.kind;
}

export function methodLine(g: GroupReport): string {
  const m = g.minimal;
  if (m.method === 'exact') return 'minimal set: exact (branch and bound)';
  return `minimal set: greedy, within ${m.bound}× of the optimum (${m.reason ?? 'large input'})`;
}

export function headline(r: AnalysisReport): string {
  const s = r.summary;
  const parts = [
    `${s.missing} missing`,
    `${s.excessive} excessive`,
    `${s.redundant} redundant`,
    `${s.unused} unused`,
    `${s.unknownCalls} unknown call${s.unknownCalls === 1 ? '' : 's'}`,
  ];
  return parts.join(', ');
}

export function sourceLine(r: AnalysisReport): string {
  const window = r.source.since || r.source.until ? ` (${r.source.since ?? '…'} to ${r.source.until ?? '…'})` : '';
  const compared = r.requestedFrom === 'manifest' ? 'compared with the manifest' : r.requestedFrom === 'tokens' ? 'compared with the permissions the tokens carried' : 'no requested permissions to compare with';
  return `${r.source.description}${window}; ${r.totals.observations} calls, ${r.totals.distinctCalls} distinct; ${compared}`;
}

export function skippedLine(r: AnalysisReport): string | undefined {
  const entries = Object.entries(r.totals.skipped).filter(([, n]) => n > 0);
  return entries.length ? `Not analysed: ${entries.map(([k, n]) => `${n} ${k}`).join(', ')}` : undefined;
}

/** Counts per privilege level bucket: requested vs minimal. Bucket '?' holds unknown levels. */
export function levelBuckets(g: GroupReport): { level: string; requested: number; needed: number }[] {
  const levels = g.service === 'google' ? ['2', '3'] : ['1', '2', '3', '4', '5'];
  const key = (l: number | null) => (l === null ? '?' : String(l));
  const rows = levels.map((level) => ({ level, requested: 0, needed: 0 }));
  const row = (l: string) => rows.find((r) => r.level === l) ?? (rows.push({ level: l, requested: 0, needed: 0 }), rows[rows.length - 1]);
  for (const p of g.requested) if (p.known !== false) row(key(p.level)).requested++;
  for (const p of g.minimal.permissions) row(key(p.level)).needed++;
  return rows;
}

export function levelLabel(g: GroupReport, level: string): string {
  if (g.service === 'google') return level === '2' ? 'read-only' : level === '3' ? 'read-write' : level;
  return level === '?' ? 'no level' : `level ${level}`;
}
