import type { ReportDef } from './definitions.js';

// A report as the CSV file Microsoft's download URL serves: UTF-8 with a byte-order mark (apps
// reading these reports strip it), a header row of Microsoft's column names, booleans as
// True/False, dates as YYYY-MM-DD, empty cells for null, assigned products joined with '+'.

export function toCsv(def: ReportDef, rows: readonly Record<string, unknown>[]): string {
  const lines = [def.columns.map(([h]) => cell(h)).join(',')];
  for (const r of rows) lines.push(def.columns.map(([, k]) => cell(r[k])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (Array.isArray(v)) s = v.join('+');
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Parses CSV text (as written above) into records keyed by header; for tests and tools. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) rows.push([...row, cur]);
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}
