// Derives src/catalog/generated/catalog.json from the shared permission data (../shared/data).
//   node --import tsx scripts/derive-catalog.ts           write the file
//   node --import tsx scripts/derive-catalog.ts --check   re-derive in memory; exit 1 if the file differs
// TENANTBOX_SHARED_DIR overrides the location of the shared folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_PATH, defaultSharedDataDir, deriveCatalog, summarize } from '../src/catalog/derive/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`derive-catalog: unknown argument(s) ${unknown.join(' ')}; the only flag is --check`);
    return 2;
  }
  const dataDir = defaultSharedDataDir(repoRoot);
  const derived = deriveCatalog(dataDir);
  const target = path.join(repoRoot, GENERATED_PATH);
  const summary = summarize(derived);

  if (check) {
    if (!existsSync(target)) {
      console.error(`catalog:check FAILED: ${GENERATED_PATH} does not exist; run \`npm run catalog\`.`);
      return 1;
    }
    const committed = readFileSync(target, 'utf8');
    if (committed === derived.text) {
      console.log(`catalog:check OK: ${GENERATED_PATH} matches a fresh derivation from ${dataDir}`);
      return 0;
    }
    console.error(`catalog:check FAILED: ${GENERATED_PATH} differs from a fresh derivation from ${dataDir}.`);
    console.error(describeDiff(committed, derived.text));
    console.error('Run `npm run catalog` to regenerate it, and commit the result.');
    return 1;
  }

  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, derived.text);
  for (const note of derived.notes) console.log(`note: ${note}`);
  console.log(`wrote ${GENERATED_PATH}: ${JSON.stringify(summary)}`);
  return 0;
}

// The file holds one entry per line, so a line-set difference names the entries that changed.
function describeDiff(committed: string, fresh: string): string {
  const before = new Set(committed.split('\n'));
  const after = new Set(fresh.split('\n'));
  const removed = [...before].filter((l) => !after.has(l));
  const added = [...after].filter((l) => !before.has(l));
  const clip = (l: string): string => (l.trim().length > 140 ? `${l.trim().slice(0, 140)}…` : l.trim());
  const show = (lines: string[]): string =>
    lines.slice(0, 10).map((l) => `    ${clip(l)}`).join('\n') + (lines.length > 10 ? `\n    … and ${lines.length - 10} more` : '');
  return [
    `  ${removed.length} line(s) only in the committed file, ${added.length} line(s) only in the fresh derivation.`,
    removed.length ? `  committed only:\n${show(removed)}` : '',
    added.length ? `  fresh only:\n${show(added)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
