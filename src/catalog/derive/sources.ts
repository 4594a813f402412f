import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceInput } from '../catalog-format.js';

// Reads the shared permission data and records where each file came from. The provenance is taken
// from the READMEs beside the data and checked against the files' sha256, so the catalog header
// can never claim a commit the bytes did not come from.

export const GRAPH_FILES = {
  permissions: 'msgraph/permissions.json',
  provisioning: 'msgraph/provisioningInfo.json',
  descriptions: 'msgraph/permissions-descriptions.json',
} as const;

export const GOOGLE_FILES = {
  'calendar:v3': 'google/calendar-v3.scopes.json',
  'admin:directory_v1': 'google/admin-directory_v1.scopes.json',
} as const;

export interface LoadedInput {
  source: SourceInput;
  json: unknown;
}

export function defaultSharedDataDir(repoRoot: string): string {
  const shared = process.env.TENANTBOX_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
  return path.join(shared, 'data');
}

export function loadInputs(dataDir: string): Map<string, LoadedInput> {
  const files = [...Object.values(GRAPH_FILES), ...Object.values(GOOGLE_FILES)];
  const missing = files.filter((f) => !existsSync(path.join(dataDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `catalog: permission data not found in ${dataDir} (missing ${missing.join(', ')}). ` +
        `The catalog is derived from ../shared/data next to the repo; set TENANTBOX_SHARED_DIR to the shared folder if it lives elsewhere.`,
    );
  }
  const graphReadme = readFileSync(path.join(dataDir, 'msgraph', 'README.md'), 'utf8');
  const graphProvenance = parseGraphReadme(graphReadme);
  const out = new Map<string, LoadedInput>();
  for (const file of files) {
    const bytes = readFileSync(path.join(dataDir, file));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const json: unknown = JSON.parse(bytes.toString('utf8'));
    const source = file.startsWith('msgraph/')
      ? graphSource(file, sha256, graphProvenance)
      : googleSource(file, sha256, json);
    out.set(file, { source, json });
  }
  return out;
}

interface ReadmeRow {
  repo: string;
  commit: string;
  path: string;
  license: string;
  sha256: string;
}

// The README table: | file | repo @ commit (…) or "same repo/commit" | path in source | license | bytes | sha256 |
function parseGraphReadme(text: string): Map<string, ReadmeRow> {
  const rows = new Map<string, ReadmeRow>();
  let last: { repo: string; commit: string } | undefined;
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !cells[1].endsWith('.json')) continue;
    const [, file, origin, srcPath, license, , sha] = cells;
    const m = /^([\w.-]+\/[\w.-]+) @ ([0-9a-f]{40})/.exec(origin);
    if (m) last = { repo: m[1], commit: m[2] };
    else if (!origin.startsWith('same repo/commit') || !last) continue;
    rows.set(file, { repo: last.repo, commit: last.commit, path: srcPath, license, sha256: sha });
  }
  return rows;
}

function graphSource(file: string, sha256: string, rows: Map<string, ReadmeRow>): SourceInput {
  const row = rows.get(path.basename(file));
  if (!row) throw new Error(`catalog: ${file} has no provenance row in msgraph/README.md`);
  if (row.sha256 !== sha256) {
    throw new Error(
      `catalog: ${file} has sha256 ${sha256}, but msgraph/README.md records ${row.sha256}. ` +
        `Update the README's provenance row together with the data.`,
    );
  }
  return { file, sha256, repo: row.repo, commit: row.commit, path: row.path, license: row.license };
}

// The Google files carry their provenance in `_source.methodsFrom`, e.g.
// "npm @googleapis/calendar@20.0.1 (Apache-2.0, Google LLC; …), file v3.ts: …".
function googleSource(file: string, sha256: string, json: unknown): SourceInput {
  const from = (json as { _source?: { methodsFrom?: unknown } })._source?.methodsFrom;
  const m = typeof from === 'string' ? /npm (@[\w-]+\/[\w-]+@[\w.-]+) \(([^;)]+)[;)].*?file ([\w.]+)/.exec(from) : null;
  if (!m) throw new Error(`catalog: ${file} has no parseable _source.methodsFrom (npm package, license, file)`);
  return { file, sha256, package: m[1], path: m[3], license: m[2] };
}

export function inputJson(inputs: Map<string, LoadedInput>, file: string): unknown {
  const input = inputs.get(file);
  if (!input) throw new Error(`catalog: input ${file} was not loaded`);
  return input.json;
}
