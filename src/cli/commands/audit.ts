import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, gateFails, parseAuditJsonLines, parseHar, renderReport, REPORT_FORMATS, type FailOn, type ObservationSet, type ReportFormat } from '../../analyzer/index.js';
import type { AnalysisReport } from '../../analyzer/report-types.js';
import { loadManifest, ManifestError } from '../../manifest/index.js';
import type { Manifest } from '../../manifest/types.js';
import type { AuditRecord } from '../../store/types.js';
import { connect, type AdminClient } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';
import { fromAuditRecords } from '../../analyzer/observations.js';

export const auditHelp = `Usage: tenantbox audit [FILE] [--app APPID] [--since ISO] [--until ISO] [--tenant T]
                      [--manifest MANIFEST.yaml] [--model ID] [--format text|md|json|html] [--out FILE]
                      [--fail-on excess|missing] [--assume-scheme delegated|application] [--data-dir D]

Finds the minimal permission set an app's traffic needs and compares it with what the app asks for.

Input: without FILE, the audit log of the running tenantbox (--app, --since, --until, --tenant
narrow it). FILE is either a HAR recording (from a browser, a proxy, or anything that talks to
graph.microsoft.com or googleapis.com; the bearer tokens' scp/roles are read when they are JWTs)
or a JSON-lines audit export (tenantbox log --json). Unknown endpoints are listed, never fatal.

Compared with: the manifest (--manifest, one connection with --model), else the permissions the
tokens carried. --assume-scheme sets the scheme of HAR calls whose token is unreadable (default
delegated).

--stable           leave out the timestamp and object ids (the default for --format md --out FILE)
--fail-on excess    exit 6 when a requested permission is unused, redundant or excessive
--fail-on missing   exit 6 when a call was refused for a permission, or the manifest lacks one
(repeat the flag or use excess,missing for both)`;

const FLAGS = {
  ...DATA_DIR_FLAG,
  app: { type: 'string' as const, short: 'a' },
  since: { type: 'string' as const },
  until: { type: 'string' as const },
  tenant: { type: 'string' as const, short: 't' },
  manifest: { type: 'string' as const, short: 'm' },
  model: { type: 'string' as const },
  format: { type: 'string' as const, short: 'f' },
  stable: { type: 'boolean' as const },
  out: { type: 'string' as const, short: 'o' },
  'fail-on': { type: 'string' as const, multiple: true as const },
  'assume-scheme': { type: 'string' as const },
};

const PAGE = 10_000;

export async function audit(argv: string[]): Promise<number> {
  const { values, positionals } = parse('audit', argv, FLAGS, true);
  if (values.help) return void console.log(auditHelp), EXIT.ok;
  if (positionals.length > 1) throw new CliError(EXIT.usage, `audit takes at most one input file, got ${positionals.length}.\nSee: tenantbox audit --help`);
  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new CliError(EXIT.usage, `--format takes ${REPORT_FORMATS.join(', ')}, not "${values.format}".`);
  const failOn = parseFailOn(values['fail-on']);
  const assume = values['assume-scheme'];
  if (assume !== undefined && assume !== 'delegated' && assume !== 'application') throw new CliError(EXIT.usage, `--assume-scheme takes delegated or application, not "${assume}".`);
  for (const name of ['since', 'until'] as const) {
    if (values[name] !== undefined && Number.isNaN(Date.parse(values[name]))) throw new CliError(EXIT.usage, `--${name} takes an ISO 8601 instant (e.g. 2026-01-31T09:00:00Z), not "${values[name]}".`);
  }
  const manifest = values.manifest ? readManifest(values.manifest) : undefined;
  if (values.model && !manifest) throw new CliError(EXIT.usage, '--model picks a connection of the manifest; it needs --manifest.');
  if (values.model && manifest && !manifest.connections.some((c) => c.id === values.model)) {
    throw new CliError(EXIT.usage, `--model "${values.model}" is not a connection of ${values.manifest} (it has: ${manifest.connections.map((c) => c.id).join(', ')}).`);
  }

  let set: ObservationSet;
  let source: AnalysisReport['source'];
  const file = positionals[0];
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliError(EXIT.failure, `cannot read ${file}: ${(e as Error).message}`);
    }
    if (looksLikeHar(text)) {
      try {
        set = parseHar(text);
      } catch (e) {
        throw new CliError(EXIT.failure, `${file}: ${(e as Error).message}`);
      }
      source = { kind: 'har', description: `HAR recording ${file}` };
    } else {
      set = parseAuditJsonLines(text, { app: values.app, since: values.since, until: values.until });
      source = { kind: 'audit-export', description: `audit export ${file}`, ...(values.since && { since: values.since }), ...(values.until && { until: values.until }) };
    }
  } else {
    const client = connect(resolve(dataDirOf(values)));
    const records = await fetchAuditRecords(client, { app: values.app, tenant: values.tenant, since: values.since, until: values.until });
    set = fromAuditRecords(records);
    source = {
      kind: 'audit-log',
      description: `the audit log of tenantbox at ${client.info.url}${values.app ? ` for app ${values.app}` : ''}`,
      ...(values.since && { since: values.since }),
      ...(values.until && { until: values.until }),
    };
  }

  const report = analyze({
    observations: set.observations,
    skipped: set.skipped,
    manifest,
    model: values.model,
    source,
    ...(assume && { assumeScheme: assume }),
    ...(!manifest && values.app && { app: { appId: values.app } }),
    // Reports written to files (committed next to an app, checked in CI) must not change from run
    // to run: no timestamp, policies by name rather than object id.
    stable: Boolean(values.stable) || (format === 'md' && Boolean(values.out)),
  });
  const text = renderReport(report, format);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const reasons = gateFails(report, failOn);
  if (reasons.length) {
    console.error(`tenantbox audit: gate failed (${reasons.join('; ')})`);
    return EXIT.gateFailed;
  }
  return EXIT.ok;
}

function parseFailOn(raw: string[] | undefined): FailOn[] {
  const out: FailOn[] = [];
  for (const v of (raw ?? []).flatMap((x) => x.split(','))) {
    const w = v.trim();
    if (w !== 'excess' && w !== 'missing') throw new CliError(EXIT.usage, `--fail-on takes excess or missing, not "${w}".`);
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

function readManifest(path: string): Manifest {
  try {
    return loadManifest(path);
  } catch (e) {
    if (e instanceof ManifestError) throw new CliError(EXIT.failure, `${path} is not a valid manifest:\n${e.format()}`);
    throw e;
  }
}

function looksLikeHar(text: string): boolean {
  const head = text.trimStart().slice(0, 200);
  return head.startsWith('{') && /"log"\s*:/.test(text.slice(0, 4096));
}

/** Every audit record matching the filter, paged through GET /_tenantbox/audit. */
export async function fetchAuditRecords(client: Pick<AdminClient, 'call'>, filter: { app?: string; tenant?: string; since?: string; until?: string }): Promise<AuditRecord[]> {
  const all: AuditRecord[] = [];
  let after: number | undefined;
  for (;;) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) params.set(k, v);
    params.set('limit', String(PAGE));
    if (after !== undefined) params.set('after', String(after));
    const body = await client.call<string | AuditRecord | undefined>('GET', `/audit?${params}`);
    const page: AuditRecord[] =
      body === undefined || body === ''
        ? []
        : typeof body === 'object'
          ? [body]
          : body
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => JSON.parse(l) as AuditRecord);
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1].seq;
    if (after === undefined) return all;
  }
}
