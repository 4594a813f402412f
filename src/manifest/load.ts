import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { expandGoogleScope } from '../catalog/index.js';
import { compareProblems, formatProblems } from '../tenant-file/errors.js';
import { SourceLocator, formatPath, parseYaml, type Path } from '../tenant-file/source-map.js';
import { describeValue, reportIssues } from '../tenant-file/zod-issues.js';
import * as S from './schema.js';
import type { Manifest, ManifestConnection, ManifestContext, ManifestPermission, ManifestProblem, PermissionResource } from './types.js';

// Reads an app manifest (docs/manifest.md). Every structural problem is collected with its
// file:line:column before anything is returned, as the tenant file loader does.

export class ManifestError extends Error {
  readonly problems: ManifestProblem[];
  constructor(problems: ManifestProblem[]) {
    const sorted = [...problems].sort(compareProblems);
    super(`manifest has ${sorted.length === 1 ? '1 problem' : `${sorted.length} problems`}:\n${formatProblems(sorted)}`);
    this.name = 'ManifestError';
    this.problems = sorted;
  }
  format(): string {
    return formatProblems(this.problems);
  }
}

export function loadManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ManifestError([{ file: path, line: 1, column: 1, path: '', message: `cannot read manifest: ${(err as Error).message}` }]);
  }
  return parseManifest(text, path);
}

const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export function parseManifest(text: string, file: string): Manifest {
  const yaml = parseYaml(text, file);
  if (yaml.problems.length) throw new ManifestError(yaml.problems);
  const docs = yaml.docs.filter((d) => d.contents !== null && d.contents !== undefined);
  if (docs.length !== 1) {
    const message = docs.length === 0 ? 'the file is empty; expected a mapping with app: and connections: (see docs/manifest.md)' : 'a manifest is one YAML document; found several';
    throw new ManifestError([{ file, line: 1, column: 1, path: '', message }]);
  }
  const locator = new SourceLocator(docs[0], yaml.lineCounter);
  const problems: ManifestProblem[] = [];
  const report = (path: Path, message: string, at?: 'value' | 'key') => {
    const pos = locator.locate(path, at);
    problems.push({ file, line: pos.line, column: pos.column, path: formatPath(path), message });
  };
  const parse = <T extends z.ZodType>(path: Path, value: unknown, schema: T): z.output<T> | undefined => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    reportIssues(r.error.issues, path, value, report);
    return undefined;
  };

  let value: unknown;
  try {
    value = docs[0].toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ManifestError([{ file, line: 1, column: 1, path: '', message: `cannot read document: ${(err as Error).message}` }]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ManifestError([{ file, line: 1, column: 1, path: '', message: `expected a mapping with app: and connections:, got ${describeValue(value)}` }]);
  }
  const raw = value as Record<string, unknown>;
  const top = parse([], raw, S.ManifestSchema);
  if (raw.app !== undefined && typeof (raw.app as Record<string, unknown>)?.googleClientId === 'number') {
    report(['app', 'googleClientId'], "write the client id in quotes: YAML reads a 21-digit number inexactly (googleClientId: '123…')");
  }
  const app = raw.app === undefined ? undefined : parse(['app'], raw.app, S.AppSchema);

  const connections: ManifestConnection[] = [];
  const connectionIds = new Map<string, number>();
  (top?.connections ?? []).forEach((c, i) => {
    const base: Path = ['connections', i];
    const conn = parse(base, c, S.ConnectionSchema);
    if (!conn) return;
    const first = connectionIds.get(conn.id);
    if (first !== undefined) report([...base, 'id'], `duplicate connection id '${conn.id}'; first used by connections[${first}]`);
    else connectionIds.set(conn.id, i);
    const contexts: ManifestContext[] = [];
    conn.contexts.forEach((x, j) => {
      const cbase: Path = [...base, 'contexts', j];
      const ctx = parse(cbase, x, S.ContextSchema);
      if (!ctx) return;
      const permissions: ManifestPermission[] = [];
      ctx.permissions.forEach((p, k) => {
        const pbase: Path = [...cbase, 'permissions', k];
        const perm = parse(pbase, p, S.PermissionSchema);
        if (!perm) return;
        const resource = perm.resource ?? inferResource(perm.name, perm.type);
        if ((perm.type === 'Google scope') !== (resource === 'google')) {
          report([...pbase, 'resource'], perm.type === 'Google scope' ? `a Google scope has resource 'google', not '${resource}'` : `resource 'google' holds Google scopes (type: Google scope), not ${perm.type} permissions`);
          return;
        }
        const pos = locator.locate(pbase);
        permissions.push({
          name: resource === 'google' ? expandGoogleScope(perm.name) : perm.name,
          type: perm.type,
          resource,
          justification: perm.justification,
          ...(perm.adminConsentRequired !== undefined && { adminConsentRequired: perm.adminConsentRequired }),
          line: pos.line,
          column: pos.column,
          path: formatPath(pbase),
        });
      });
      const { permissions: _raw, description, ...rest } = ctx;
      contexts.push({ ...rest, ...(description && { description }), permissions, line: locator.locate(cbase).line });
    });
    checkContexts(contexts, base, report);
    const { contexts: _c, description, account, mailboxScope, appId, redirectUri, ...rest } = conn;
    connections.push({
      ...rest,
      ...(description && { description }),
      ...(account && { account }),
      ...(appId && { appId }),
      ...(redirectUri && { redirectUri }),
      ...(mailboxScope && { mailboxScope }),
      contexts,
      line: locator.locate(base).line,
    });
  });
  if (raw.app === undefined) report([], "missing required field 'app' (the app's name, archetype, publisher…)");
  if (problems.length || !app) throw new ManifestError(problems);
  return { file, app: stripUndefined(app), connections };
}

function inferResource(name: string, type: string): PermissionResource {
  if (type === 'Google scope') return 'google';
  if (OPENID_SCOPES.has(name.toLowerCase())) return 'openid';
  if (name.toLowerCase() === 'full_access_as_app') return 'exchange';
  return 'graph';
}

function checkContexts(contexts: ManifestContext[], base: Path, report: (p: Path, m: string, at?: 'value' | 'key') => void): void {
  const ids = new Map<string, number>();
  contexts.forEach((c, j) => {
    if (ids.has(c.id)) report([...base, 'contexts', j, 'id'], `duplicate context id '${c.id}'; first used by contexts[${ids.get(c.id)}]`);
    else ids.set(c.id, j);
  });
  contexts.forEach((c, j) => {
    c.includes.forEach((inc, k) => {
      if (inc === c.id) report([...base, 'contexts', j, 'includes', k], `context '${c.id}' cannot include itself`);
      else if (!ids.has(inc)) report([...base, 'contexts', j, 'includes', k], `unknown context '${inc}'; this connection has: ${[...ids.keys()].join(', ')}`);
    });
  });
  // An include cycle would make a context's scope list undefined.
  const byId = new Map(contexts.map((c) => [c.id, c]));
  for (const [j, c] of contexts.entries()) {
    const stack = [...c.includes];
    const seen = new Set<string>();
    while (stack.length) {
      const id = stack.pop()!;
      if (id === c.id) {
        report([...base, 'contexts', j, 'includes'], `context '${c.id}' includes itself through other contexts`);
        break;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.includes ?? []));
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A context's permissions including those of the contexts it builds on (each once, in order). */
export function effectivePermissions(connection: ManifestConnection, contextId: string): ManifestPermission[] {
  const byId = new Map(connection.contexts.map((c) => [c.id, c]));
  const out: ManifestPermission[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const walk = (id: string) => {
    if (visited.has(id)) return;
    visited.add(id);
    const c = byId.get(id);
    if (!c) return;
    for (const inc of c.includes) walk(inc);
    for (const p of c.permissions) {
      const key = `${p.type}|${p.resource}|${p.name.toLowerCase()}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  };
  walk(contextId);
  return out;
}

/** Every permission of the manifest with where it sits. */
export function allPermissions(m: Manifest): { connection: ManifestConnection; context: ManifestContext; permission: ManifestPermission }[] {
  return m.connections.flatMap((connection) => connection.contexts.flatMap((context) => context.permissions.map((permission) => ({ connection, context, permission }))));
}

/** The Entra app id and redirect URI a connection model signs in with: its own, else the app's. */
export function registrationOf(m: Manifest, connection?: ManifestConnection): { appId?: string; redirectUri?: string } {
  const appId = connection?.appId ?? m.app.appId;
  const redirectUri = connection?.appId ? connection.redirectUri : (connection?.redirectUri ?? m.app.redirectUri);
  return { ...(appId && { appId }), ...(redirectUri && { redirectUri }) };
}

/** The connection whose registration calls of this scheme come from (model: that connection only). */
export function connectionForScheme(m: Manifest, scheme: 'delegated' | 'application', model?: string): ManifestConnection | undefined {
  const type = scheme === 'application' ? 'Application' : 'Delegated';
  const candidates = m.connections.filter((c) => !model || c.id === model);
  return candidates.find((c) => c.contexts.some((x) => x.permissions.some((p) => p.type === type && (p.resource === 'graph' || p.resource === 'exchange')))) ?? (model ? candidates[0] : undefined);
}
