import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHETYPES } from '../examples/apps/archetypes.js';
import type { Archetype, AuditIds } from '../examples/apps/scenario-kit/archetype.js';
import { createContext, type AppRun } from '../examples/apps/scenario-kit/context.js';
import { analyze, fromAuditRecord, renderMarkdown, type AnalysisReport, type Observation } from '../src/analyzer/index.js';
import { PRELOAD } from '../src/cli/commands/env.js';
import { generateDocs } from '../src/docs-gen/index.js';
import { startTenantbox, type Tenantbox } from '../src/index.js';
import { loadManifest } from '../src/manifest/index.js';
import { createSeededIds } from '../src/shared/ids.js';
import type { Manifest } from '../src/manifest/types.js';
import type { AuditRecord } from '../src/store/types.js';

// Runs the five archetype apps (examples/apps/) against a fresh tenantbox on the demo tenant, then
// audits each app's own traffic and writes examples/apps/<name>/AUDIT.md (the least-privilege
// report) and PERMISSIONS.md (the permissions reference from its manifest, with the audit as
// evidence). Both are deterministic: no times, ids or counts that change from run to run.
//
//   node --import tsx scripts/run-examples.ts            regenerate the files
//   node --import tsx scripts/run-examples.ts --check    exit 1 if the committed files differ
//   options: --only room-display,mentoring   --verbose (the apps' output)   --force (write despite errors)
//
// test/examples/examples.test.ts runs the same code (runExamples + driftOf).

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_TENANT = join(REPO_ROOT, 'examples', 'demo-tenant.yaml');
export const GENERATED = ['AUDIT.md', 'PERMISSIONS.md'] as const;
export type GeneratedFile = (typeof GENERATED)[number];

/** Where the evidence came from, as the generated files say it (no run-specific detail). */
const SOURCE = "the audit log of the example apps' run against the demo tenant";

export interface ExampleOutcome {
  archetype: Archetype;
  runs: Record<string, AppRun>;
  /** The app's Graph and Google calls, as audited. */
  observations: Observation[];
  manifest: Manifest;
  report: AnalysisReport;
  files: Record<GeneratedFile, string>;
}

export interface RunExamplesOptions {
  only?: string[];
  /** A data dir to use (it must not hold a seeded tenantbox); default a fresh temp dir, removed after. */
  dataDir?: string;
  log?: (line: string) => void;
}

export async function runExamples(o: RunExamplesOptions = {}): Promise<ExampleOutcome[]> {
  const selected = o.only?.length ? ARCHETYPES.filter((a) => o.only!.includes(a.name)) : ARCHETYPES;
  const unknown = (o.only ?? []).filter((n) => !ARCHETYPES.some((a) => a.name === n));
  if (unknown.length) throw new Error(`no archetype named ${unknown.join(', ')} (they are: ${ARCHETYPES.map((a) => a.name).join(', ')})`);
  if (!existsSync(PRELOAD)) throw new Error(`${PRELOAD} is missing: run npm run build first (intercept mode preloads it)`);

  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'tenantbox-examples-'));
  const log = o.log ?? (() => {});
  // Seeded ids: objects the tenant file gives no id (policies, groups…) get the same ids every run,
  // and the generated files may name them.
  const tb = await startTenantbox({ dataDir, tenantFile: DEMO_TENANT, port: 0, ids: createSeededIds('tenantbox-examples') });
  try {
    const contoso = tb.tenants.find((t) => t.domain === 'contoso.test');
    if (!contoso) throw new Error('the demo tenant has no contoso.test');
    const runs = new Map<string, Record<string, AppRun>>();
    for (const a of selected) {
      log(`== ${a.name} (${a.mode})`);
      const ctx = createContext({
        tb: { url: tb.url, proxyUrl: tb.proxyUrl, caCertPath: tb.caCertPath, dataDir: tb.dataDir, adminKey: tb.adminKey },
        repoRoot: REPO_ROOT,
        app: a.name,
        mode: a.mode,
        preload: PRELOAD,
        env: googleEnv(tb, a),
        log,
      });
      try {
        runs.set(a.name, await a.scenario(ctx));
      } finally {
        await ctx.close();
      }
    }
    const users = new Map((await tb.stores.directory.listUsers(contoso.id)).map((u) => [u.userPrincipalName.toLowerCase(), u.id.toLowerCase()]));
    const appIdOf = (name: string) => {
      const app = contoso.apps.find((x) => x.displayName === name);
      if (!app) throw new Error(`the demo tenant has no app "${name}"`);
      return app.appId;
    };
    const ids: AuditIds = {
      app: appIdOf,
      user(upn) {
        const id = users.get(upn.toLowerCase());
        if (!id) throw new Error(`the demo tenant has no user ${upn}`);
        return id;
      },
    };
    const out: ExampleOutcome[] = [];
    for (const a of selected) {
      const appIds = a.entraApps.map(appIdOf);
      const googleIds = (a.googleServiceAccounts ?? []).map((n) => googleClientId(tb, n));
      const observations = await observationsFor(tb, [...appIds, ...googleIds]);
      const manifest = loadManifest(join(REPO_ROOT, a.manifest));
      // Consent URLs and policy commands name the manifest's app ids: they must be the demo's.
      const named = new Set([manifest.app.appId, ...manifest.connections.map((c) => c.appId)].filter(Boolean).map((x) => x!.toLowerCase()));
      const unnamed = appIds.filter((id) => !named.has(id.toLowerCase()));
      if (unnamed.length) throw new Error(`${a.manifest} does not name the demo tenant's registration${unnamed.length === 1 ? '' : 's'} ${unnamed.join(', ')} (app.appId or a connection's appId)`);
      // stable: no generatedAt, policies by access right and group: the files diff cleanly.
      const audit = (obs: Observation[], model?: string) => analyze({ observations: obs, manifest, ...(model && { model }), source: { kind: 'audit-log', description: SOURCE }, stable: true });
      const report = audit(observations);
      const auditMd = a.audits
        ? perModel(
            manifest,
            a.audits.map((m) => ({ model: m.model, report: audit(observations.filter((o) => m.select(o, ids)), m.model) })),
          )
        : renderMarkdown(report);
      out.push({
        archetype: a,
        runs: runs.get(a.name)!,
        observations,
        manifest,
        report,
        files: { 'AUDIT.md': auditMd, 'PERMISSIONS.md': generateDocs(manifest, 'md', { audit: report }) },
      });
    }
    return out;
  } finally {
    await tb.stop();
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One AUDIT.md from per-model reports: the analyzer's Markdown of each, headings one level down. */
function perModel(m: Manifest, parts: { model: string; report: AnalysisReport }[]): string {
  const out = [`# Permission audit: ${m.app.name}`, '', 'One audit per connection model, each on the traffic of that model only.', ''];
  for (const { model, report } of parts) {
    const conn = m.connections.find((c) => c.id === model);
    if (!conn) throw new Error(`${m.file}: no connection "${model}"`);
    out.push(`## ${conn.title}`, '');
    let fenced = false;
    for (const line of renderMarkdown(report).split('\n').slice(1)) {
      if (/^\s*```/.test(line)) fenced = !fenced;
      out.push(!fenced && /^#{1,5} /.test(line) ? `#${line}` : line);
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Graph and Google API calls of these apps; fromAuditRecord leaves out sign-in and token traffic. */
async function observationsFor(tb: Tenantbox, appIds: string[]): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const appId of appIds) {
    let after: number | undefined;
    for (;;) {
      const page: AuditRecord[] = await tb.stores.audit.query({ appId, limit: 10_000, ...(after !== undefined && { afterSeq: after }) });
      for (const r of page) {
        const o = fromAuditRecord(r);
        if (o) out.push(o);
      }
      if (page.length < 10_000) break;
      after = page[page.length - 1]!.seq;
    }
  }
  return out;
}

function googleKeyFile(tb: Tenantbox, name: string): string {
  return join(tb.dataDir, 'google', `${name}.json`);
}

function googleClientId(tb: Tenantbox, name: string): string {
  return (JSON.parse(readFileSync(googleKeyFile(tb, name), 'utf8')) as { client_id: string }).client_id;
}

function googleEnv(tb: Tenantbox, a: Archetype): Record<string, string> {
  const [first] = a.googleServiceAccounts ?? [];
  return first ? { GOOGLE_APPLICATION_CREDENTIALS: googleKeyFile(tb, first) } : {};
}

export interface Drift {
  file: string;
  diff: string;
}

/** Generated files that differ from the committed ones (a missing file counts). */
export function driftOf(outcomes: ExampleOutcome[]): Drift[] {
  const drift: Drift[] = [];
  for (const o of outcomes) {
    for (const name of GENERATED) {
      const rel = join('examples', 'apps', o.archetype.name, name);
      const path = join(REPO_ROOT, rel);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (committed !== o.files[name]) drift.push({ file: rel, diff: committed === undefined ? '(not committed)' : shortDiff(committed, o.files[name]) });
    }
  }
  return drift;
}

export function writeGenerated(outcomes: ExampleOutcome[]): string[] {
  const written: string[] = [];
  for (const o of outcomes) {
    for (const name of GENERATED) {
      const rel = join('examples', 'apps', o.archetype.name, name);
      writeFileSync(join(REPO_ROOT, rel), o.files[name]);
      written.push(rel);
    }
  }
  return written;
}

/** The changed block between two texts (common head and tail trimmed), at most `max` lines each side. */
export function shortDiff(before: string, after: string, max = 12): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const cut = (lines: string[], sign: string) => [...lines.slice(0, max).map((l) => `${sign} ${l}`), ...(lines.length > max ? [`${sign} … ${lines.length - max} more`] : [])];
  return [`@@ line ${head + 1}`, ...cut(removed, '-'), ...cut(added, '+')].join('\n');
}

/** Steps that ended in an error (not a refusal or a gap): a bug in an app or in tenantbox. */
export function errorsOf(outcomes: ExampleOutcome[]): string[] {
  const out: string[] = [];
  for (const o of outcomes) {
    for (const [label, run] of Object.entries(o.runs)) {
      if (!run.result) out.push(`${o.archetype.name} ${label}: the app wrote no result (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
      for (const s of run.result?.steps ?? []) if (s.outcome === 'error') out.push(`${o.archetype.name} ${label}: ${s.feature} ${s.step}: ${s.message}`);
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const verbose = argv.includes('--verbose');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
  const outcomes = await runExamples({ only, log: verbose ? (l) => console.log(l) : undefined });
  const errors = errorsOf(outcomes);
  for (const e of errors) console.error(`error: ${e}`);
  if (check) {
    const drift = driftOf(outcomes);
    for (const d of drift) console.error(`${d.file} differs from what the apps' run produces:\n${d.diff}\n`);
    if (drift.length) console.error(`${drift.length} generated file${drift.length === 1 ? '' : 's'} out of date: run node --import tsx scripts/run-examples.ts and commit the result.`);
    else console.log(`examples: ${outcomes.length * GENERATED.length} generated files up to date.`);
    return drift.length || errors.length ? 1 : 0;
  }
  if (errors.length && !argv.includes('--force')) {
    console.error('not writing the generated files: the run had errors (above); --force writes them anyway.');
    return 1;
  }
  for (const f of writeGenerated(outcomes)) console.log(`wrote ${f}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
