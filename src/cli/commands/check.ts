import { checkManifest, formatCheck } from '../../analyzer/check.js';
import { loadManifest, ManifestError } from '../../manifest/index.js';
import { parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const checkHelp = `Usage: tenantbox check MANIFEST [--strict] [--json]

Checks an app manifest against Microsoft's and Google's permission data, without traffic:
unknown permission names (with the closest real one), a type a permission does not have or that
contradicts its connection model, redundant pairs, admin-consent flags that disagree with
Microsoft's data, and legacy permissions (EWS). One line per finding, with file:line:column.

Exits 6 when there is an error (with --strict, also a warning); 0 otherwise. --json prints the
findings as JSON.`;

export async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parse('check', argv, { strict: { type: 'boolean' }, json: { type: 'boolean' } }, true);
  if (values.help) return void console.log(checkHelp), EXIT.ok;
  if (positionals.length !== 1) throw new CliError(EXIT.usage, `check takes one manifest file.\nSee: tenantbox check --help`);
  let manifest;
  try {
    manifest = loadManifest(positionals[0]);
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    if (values.json) console.log(JSON.stringify({ file: positionals[0], problems: e.problems }, null, 2));
    else console.log(e.format());
    console.error(`tenantbox check: ${positionals[0]} is not a valid manifest (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'})`);
    return EXIT.gateFailed;
  }
  const result = checkManifest(manifest);
  console.log(values.json ? JSON.stringify(result, null, 2) : formatCheck(result));
  const failed = result.counts.error > 0 || (values.strict && result.counts.warning > 0);
  return failed ? EXIT.gateFailed : EXIT.ok;
}
