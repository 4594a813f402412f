import { readFileSync, writeFileSync } from 'node:fs';
import { parseReport } from '../../analyzer/index.js';
import type { AnalysisReport } from '../../analyzer/report-types.js';
import { generateDocs, type DocsFormat } from '../../docs-gen/index.js';
import { loadManifest, ManifestError } from '../../manifest/index.js';
import { parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const docsHelp = `Usage: tenantbox docs MANIFEST [--audit REPORT.json] [--format md|html] [--out FILE]
                     [--tenant T]

Writes a permissions reference for administrators from an app manifest: an overview, one table
per connection model and consent context (permission, type, origin, justification, whether admin
consent is required per Microsoft's data, flagged where the manifest says otherwise), the admin
consent URL and each context's incremental consent URL, and hardening steps (Exchange
application access policy, Teams meeting policy, Google domain-wide delegation). With --audit (a
report from tenantbox audit --format json) each row also shows the endpoints that needed the
permission, or a warning that nothing observed did. --tenant fills the consent URLs' tenant
(default: the placeholder {tenant}).`;

export async function docs(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    'docs',
    argv,
    { audit: { type: 'string' }, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, tenant: { type: 'string', short: 't' } },
    true,
  );
  if (values.help) return void console.log(docsHelp), EXIT.ok;
  if (positionals.length !== 1) throw new CliError(EXIT.usage, 'docs takes one manifest file.\nSee: tenantbox docs --help');
  const format = (values.format ?? 'md') as DocsFormat;
  if (format !== 'md' && format !== 'html') throw new CliError(EXIT.usage, `--format takes md or html, not "${values.format}".`);
  let manifest;
  try {
    manifest = loadManifest(positionals[0]);
  } catch (e) {
    if (e instanceof ManifestError) throw new CliError(EXIT.failure, `${positionals[0]} is not a valid manifest:\n${e.format()}`);
    throw e;
  }
  let audit: AnalysisReport | undefined;
  if (values.audit) {
    let text: string;
    try {
      text = readFileSync(values.audit, 'utf8');
    } catch (e) {
      throw new CliError(EXIT.failure, `cannot read ${values.audit}: ${(e as Error).message}`);
    }
    try {
      audit = parseReport(text, values.audit);
    } catch (e) {
      throw new CliError(EXIT.failure, (e as Error).message);
    }
  }
  const out = generateDocs(manifest, format, { audit, tenant: values.tenant });
  if (values.out) writeFileSync(values.out, out);
  else process.stdout.write(out);
  return EXIT.ok;
}
