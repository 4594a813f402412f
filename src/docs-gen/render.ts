import { esc } from '../analyzer/render-html.js';
import type { DocConnection, DocModel, DocRow } from './model.js';

// The permissions reference as Markdown (PERMISSIONS.md) or a self-contained HTML page. Same
// content, same order; no timestamps besides the audit's own, so regenerated files diff cleanly.

const KIND_WORDS: Record<DocConnection['kind'], string> = {
  'delegated-user': 'delegated: the app acts as the signed-in user',
  'service-account': 'delegated, as a dedicated service account',
  application: 'application: the app acts as itself, without a signed-in user',
  'google-dwd': 'Google Workspace domain-wide delegation',
};

function adminCell(r: DocRow, format: 'md' | 'html'): string {
  const warn = r.publishedDisagrees ? ` ⚠ (published: ${r.adminConsent === 'Yes' ? 'No' : 'Yes'})` : '';
  return format === 'md' ? `${r.adminConsent}${warn}` : `${esc(r.adminConsent)}${r.publishedDisagrees ? ` <span class="warn">⚠ published: ${r.adminConsent === 'Yes' ? 'No' : 'Yes'}</span>` : ''}`;
}

function evidenceText(r: DocRow): string {
  if (!r.evidence) return '';
  const warn = r.evidence.kind === 'unused' || r.evidence.kind === 'not-observable' || r.evidence.kind === 'allowed' ? '⚠ ' : '';
  return `${warn}${r.evidence.text}${r.evidence.calls.length && r.evidence.kind === 'needed' ? `: ${r.evidence.calls.join(', ')}` : ''}`;
}

export function renderDocsMarkdown(d: DocModel): string {
  const out: string[] = [];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  out.push(`# ${d.app.name}: permissions reference`, '');
  out.push(overview(d), '');
  if (d.audit) out.push(`Evidence column: ${d.audit.source}, audited${d.audit.generatedAt ? ` ${d.audit.generatedAt}` : ''} (${d.audit.headline}).`, '');
  for (const n of d.notes) out.push(`> ${n}`, '');
  if (d.adminConsentUrl) out.push('## Admin consent', '', 'An administrator grants the application permissions (and the statically configured delegated ones) for the whole organization at:', '', '```text', d.adminConsentUrl, '```', '');
  for (const c of d.connections) {
    out.push(`## ${c.title}`, '', `*${KIND_WORDS[c.kind]}.*${c.description ? ` ${c.description}` : ''}${c.account ? ` Account: ${c.account}.` : ''}`, '');
    for (const x of c.contexts) {
      out.push(`### ${x.title}`, '');
      if (x.description) out.push(x.description, '');
      if (x.includes.length) out.push(`Builds on: ${x.includes.join(', ')}.`, '');
      if (x.rows.length) {
        const head = ['Permission', 'Type', 'Origin', 'Justification', 'Admin consent required', ...(d.audit ? ['Evidence'] : [])];
        out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
        for (const r of x.rows) {
          const note = r.note ? ` (${r.note})` : '';
          out.push(`| \`${cell(r.permission)}\` | ${r.type} | ${r.origin} | ${cell(r.justification)}${cell(note)} | ${adminCell(r, 'md')} |${d.audit ? ` ${cell(evidenceText(r))} |` : ''}`);
        }
        out.push('');
      } else out.push('No permissions of its own.', '');
      if (x.consentUrl) out.push('Consent URL for this context (asks for exactly its scopes):', '', '```text', x.consentUrl, '```', '');
    }
  }
  if (d.hardening.length) {
    out.push('## Hardening steps for administrators', '');
    for (const h of d.hardening) {
      out.push(`### ${h.title}`, '', h.text, '', `\`\`\`${h.language}`, ...h.commands, '```', '');
    }
  }
  return out.join('\n');
}

export function renderDocsHtml(d: DocModel): string {
  const b: string[] = [];
  b.push(`<h1>${esc(d.app.name)}: permissions reference</h1>`, `<p>${esc(overview(d))}</p>`);
  if (d.audit) b.push(`<p class="muted">Evidence column: ${esc(d.audit.source)}, audited${d.audit.generatedAt ? ` ${esc(d.audit.generatedAt)}` : ''} (${esc(d.audit.headline)}).</p>`);
  for (const n of d.notes) b.push(`<p class="note">${esc(n)}</p>`);
  if (d.adminConsentUrl) b.push('<h2>Admin consent</h2><p>An administrator grants the application permissions (and the statically configured delegated ones) for the whole organization at:</p>', `<pre>${esc(d.adminConsentUrl)}</pre>`);
  for (const c of d.connections) {
    b.push(`<section><h2>${esc(c.title)}</h2><p><em>${esc(KIND_WORDS[c.kind])}.</em>${c.description ? ` ${esc(c.description)}` : ''}${c.account ? ` Account: ${esc(c.account)}.` : ''}</p>`);
    for (const x of c.contexts) {
      b.push(`<h3>${esc(x.title)}</h3>`);
      if (x.description) b.push(`<p>${esc(x.description)}</p>`);
      if (x.includes.length) b.push(`<p>Builds on: ${esc(x.includes.join(', '))}.</p>`);
      if (x.rows.length) {
        const head = ['Permission', 'Type', 'Origin', 'Justification', 'Admin consent required', ...(d.audit ? ['Evidence'] : [])];
        b.push(`<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
        for (const r of x.rows) {
          const ev = d.audit ? `<td class="${r.evidence?.kind === 'needed' ? 'ok' : 'warn'}">${esc(evidenceText(r))}</td>` : '';
          b.push(`<tr><td><code>${esc(r.permission)}</code></td><td>${esc(r.type)}</td><td>${esc(r.origin)}</td><td>${esc(r.justification)}${r.note ? ` <span class="muted">(${esc(r.note)})</span>` : ''}</td><td>${adminCell(r, 'html')}</td>${ev}</tr>`);
        }
        b.push('</tbody></table>');
      } else b.push('<p>No permissions of its own.</p>');
      if (x.consentUrl) b.push(`<p>Consent URL for this context (asks for exactly its scopes):</p><pre>${esc(x.consentUrl)}</pre>`);
    }
    b.push('</section>');
  }
  if (d.hardening.length) {
    b.push('<h2>Hardening steps for administrators</h2>');
    for (const h of d.hardening) b.push(`<h3>${esc(h.title)}</h3><p>${esc(h.text)}</p><pre>${esc(h.commands.join('\n'))}</pre>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.app.name)}: permissions reference</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;max-width:1100px;margin:2rem auto;padding:0 1rem}
h2{margin-top:2.2rem;border-bottom:1px solid #d8dde6;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{background:#f4f6f9}code,pre{font:.85rem ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f4f6f9;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.muted{color:#5b6575}.warn{color:#8a5a00}.ok{color:#1b7f3b}.note{border-left:3px solid #e0b000;padding-left:.6rem}
</style>
</head>
<body>
${b.join('\n')}
</body>
</html>
`;
}

function overview(d: DocModel): string {
  const models = d.connections.map((c) => c.title).join('; ');
  const total = d.connections.reduce((n, c) => n + c.contexts.reduce((k, x) => k + x.rows.length, 0), 0);
  return `${d.app.description ? `${d.app.description} ` : ''}${d.app.publisher ? `Published by ${d.app.publisher}. ` : ''}It connects in ${d.connections.length} way${d.connections.length === 1 ? '' : 's'} (${models}) and lists ${total} permission entr${total === 1 ? 'y' : 'ies'} below, per connection model and consent context. Admin consent is shown as Microsoft's permission data states it.`;
}
