import type { Scheme } from '../catalog/index.js';
import { effectivePermissions } from '../manifest/load.js';
import type { ConnectionKind, Manifest, ManifestConnection, ManifestPermission, PermissionType } from '../manifest/types.js';
import { closest } from '../tenant-file/zod-issues.js';
import { getAnalyzerCatalog, type AnalyzerCatalog } from './analyzer-catalog.js';
import { GraphImplications, describeImplication, type Implication } from './implication.js';
import { EXCHANGE_PERMISSIONS, OPENID_SCOPES, SIGN_IN_PERMISSIONS } from './legacy.js';

// `tenantbox check MANIFEST`: what can be said about a manifest without traffic. Errors are
// statements the catalog contradicts (unknown names, a type a permission does not have, a type
// that contradicts its connection model); warnings are over-privilege and legacy signals and
// disagreements with the vendor's published admin-consent flags; infos are facts worth knowing.

export type Severity = 'error' | 'warning' | 'info';

export type CheckCode =
  | 'unknown-permission'
  | 'unknown-google-scope'
  | 'type-not-available'
  | 'no-published-id'
  | 'type-contradicts-model'
  | 'sign-in-in-application-model'
  | 'resource-mismatch'
  | 'admin-consent-mismatch'
  | 'admin-consent-required'
  | 'redundant'
  | 'legacy'
  | 'duplicate'
  | 'repeated-across-contexts'
  | 'name-casing'
  | 'not-checked';

export interface CheckFinding {
  severity: Severity;
  code: CheckCode;
  message: string;
  file: string;
  line: number;
  column: number;
  path: string;
  connection: string;
  context?: string;
  permission?: string;
}

export interface CheckResult {
  file: string;
  app: string;
  findings: CheckFinding[];
  counts: Record<Severity, number>;
}

const EXPECTED_TYPE: Record<ConnectionKind, PermissionType> = {
  'delegated-user': 'Delegated',
  'service-account': 'Delegated',
  application: 'Application',
  'google-dwd': 'Google scope',
};

export function checkManifest(m: Manifest, ac: AnalyzerCatalog = getAnalyzerCatalog()): CheckResult {
  const findings: CheckFinding[] = [];
  const implications = new GraphImplications(ac);
  const names = ac.catalog.allPermissions().map((p) => p.name);
  const googleScopes = new Set(ac.catalog.google.scopes());

  for (const conn of m.connections) {
    const at = (p: ManifestPermission, context: string) => ({ file: m.file, line: p.line, column: p.column, path: p.path, connection: conn.id, context, permission: p.name });
    const needsAdmin: string[] = [];
    for (const ctx of conn.contexts) {
      const seenHere = new Map<string, ManifestPermission>();
      for (const p of ctx.permissions) {
        const add = (severity: Severity, code: CheckCode, message: string) => findings.push({ severity, code, message, ...at(p, ctx.id) });
        const key = `${p.type}|${p.resource}|${p.name.toLowerCase()}`;
        if (seenHere.has(key)) add('warning', 'duplicate', `${p.name} (${p.type}) is listed twice in context '${ctx.id}' (first at line ${seenHere.get(key)!.line})`);
        else seenHere.set(key, p);

        const expected = EXPECTED_TYPE[conn.kind];
        if (p.type !== expected) {
          if (conn.kind === 'application' && p.type === 'Delegated' && SIGN_IN_PERMISSIONS.has(p.name.toLowerCase())) {
            add('info', 'sign-in-in-application-model', `${p.name} is a delegated sign-in permission listed with application model '${conn.id}'; it is for the person who connects the app, not for the app's own calls`);
          } else {
            add('error', 'type-contradicts-model', `${p.name} is typed ${p.type} in ${describeKind(conn.kind)} '${conn.id}', whose permissions are ${expected}${expected === 'Application' ? ' (an app-only token carries application permissions only)' : ''}${counterpart(ac, p.name, expected)}`);
          }
        }

        if (p.resource === 'api') {
          add('info', 'not-checked', `${p.name} is a scope of the app's own API; the catalog does not describe it`);
          continue;
        }
        if (p.resource === 'google') {
          if (!googleScopes.has(p.name)) add('warning', 'unknown-google-scope', `${p.name} is not in the catalog's Google data (Calendar v3 and Admin SDK Directory v1 scopes)`);
          continue;
        }
        if (p.resource === 'exchange') {
          const known = Object.keys(EXCHANGE_PERMISSIONS).find((k) => k.toLowerCase() === p.name.toLowerCase());
          if (!known) {
            add('error', 'unknown-permission', `${p.name} is not a permission of Office 365 Exchange Online known to tenantbox (known: ${Object.keys(EXCHANGE_PERMISSIONS).join(', ')})`);
            continue;
          }
          const spec = EXCHANGE_PERMISSIONS[known];
          if (spec.type !== p.type) add('error', 'type-not-available', `${known} exists only as ${spec.type === 'Application' ? 'an application permission' : 'a delegated permission'}, not ${p.type}`);
          add('warning', 'legacy', spec.note);
          if (spec.type === 'Application') needsAdmin.push(`${known} (Exchange)`);
          continue;
        }

        const info = ac.catalog.permission(p.name);
        if (!info) {
          const hint = closest(p.name, names);
          add('error', 'unknown-permission', `unknown permission '${p.name}'${hint ? ` (did you mean '${hint}'?)` : ''}; Microsoft Graph has no permission of that name`);
          continue;
        }
        if (info.name !== p.name) add('info', 'name-casing', `written '${p.name}'; Microsoft spells it '${info.name}' (names are case-insensitive)`);
        const exchangeLegacy = Object.keys(EXCHANGE_PERMISSIONS).find((k) => k.toLowerCase() === info.name.toLowerCase());
        if (exchangeLegacy) add('warning', 'legacy', EXCHANGE_PERMISSIONS[exchangeLegacy].note);
        const isOpenId = OPENID_SCOPES.has(info.name.toLowerCase());
        if (isOpenId && p.resource !== 'openid') add('info', 'resource-mismatch', `${info.name} is an OpenID Connect scope; its resource is openid, not ${p.resource}`);
        if (!isOpenId && p.resource === 'openid') add('error', 'resource-mismatch', `${info.name} is a Microsoft Graph permission, not an OpenID Connect scope; its resource is graph`);

        const scheme: Scheme | undefined = p.type === 'Delegated' ? 'delegated' : p.type === 'Application' ? 'application' : undefined;
        if (!scheme) continue;
        const s = info[scheme];
        if (!s) {
          const other = scheme === 'delegated' ? 'application' : 'delegated';
          add('error', 'type-not-available', `${info.name} has no ${p.type.toLowerCase()} form${info[other] ? `; it exists only as ${other === 'application' ? 'an application permission' : 'a delegated permission'}` : ''}`);
          continue;
        }
        if (s.id === null) add('warning', 'no-published-id', `Microsoft publishes no id for the ${p.type.toLowerCase()} form of ${info.name}, so an app cannot request it`);
        if (p.adminConsentRequired !== undefined && p.adminConsentRequired !== s.requiresAdminConsent) {
          add('warning', 'admin-consent-mismatch', `published as ${p.adminConsentRequired ? '' : 'not '}needing admin consent, but the ${p.type.toLowerCase()} form of ${info.name} ${s.requiresAdminConsent ? 'needs' : 'does not need'} admin consent per Microsoft's data`);
        }
        if (s.requiresAdminConsent) needsAdmin.push(`${info.name} (${p.type})`);
      }
    }
    repeatedAcrossContexts(m, conn, findings);
    redundantPairs(m, conn, implications, ac, findings);
    const unique = [...new Set(needsAdmin)];
    if (unique.length) {
      findings.push({
        severity: 'info',
        code: 'admin-consent-required',
        message: `${describeKind(conn.kind)} '${conn.id}' needs an administrator's consent for: ${unique.join(', ')}`,
        file: m.file,
        line: conn.line,
        column: 1,
        path: `connections[${m.connections.indexOf(conn)}]`,
        connection: conn.id,
      });
    }
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { file: m.file, app: m.app.name, findings, counts };
}

function repeatedAcrossContexts(m: Manifest, conn: ManifestConnection, findings: CheckFinding[]): void {
  const first = new Map<string, { context: string; line: number }>();
  for (const ctx of conn.contexts) {
    for (const p of ctx.permissions) {
      const key = `${p.type}|${p.name.toLowerCase()}`;
      const f = first.get(key);
      if (!f) first.set(key, { context: ctx.id, line: p.line });
      else if (f.context !== ctx.id) {
        findings.push({
          severity: 'info',
          code: 'repeated-across-contexts',
          message: `${p.name} is listed again in context '${ctx.id}' (also in '${f.context}', line ${f.line}); consent is granted once per connection`,
          file: m.file,
          line: p.line,
          column: p.column,
          path: p.path,
          connection: conn.id,
          context: ctx.id,
          permission: p.name,
        });
      }
    }
  }
}

// Within one connection model, grants accumulate across its contexts (incremental consent), so a
// permission implied by another anywhere in the model is redundant.
function redundantPairs(m: Manifest, conn: ManifestConnection, implications: GraphImplications, ac: AnalyzerCatalog, findings: CheckFinding[]): void {
  const all = conn.contexts.flatMap((ctx) => effectivePermissions(conn, ctx.id).map((p) => ({ p, ctx: ctx.id })));
  const unique = new Map<string, { p: ManifestPermission; ctx: string }>();
  for (const x of all) {
    const key = `${x.p.type}|${x.p.name.toLowerCase()}`;
    if (!unique.has(key)) unique.set(key, x);
  }
  const list = [...unique.values()];
  for (const { p: b, ctx } of list) {
    let best: { a: string; text: string; rank: number } | undefined;
    for (const { p: a } of list) {
      if (a === b || a.type !== b.type) continue;
      let text: string | undefined;
      let rank = 0;
      if (b.type === 'Google scope') {
        if (a.name !== b.name && ac.catalog.google.implies(a.name, b.name)) {
          text = `${short(a.name)} includes ${short(b.name)}: it allows every method ${short(b.name)} allows and sits above it in Google's scope naming`;
          rank = 3;
        }
      } else if (b.resource === 'graph' && a.resource === 'graph') {
        const scheme: Scheme = b.type === 'Delegated' ? 'delegated' : 'application';
        const imp: Implication | undefined = implications.implies(a.name, b.name, scheme);
        if (imp && !implications.implies(b.name, a.name, scheme)) {
          text = describeImplication(imp);
          rank = imp.basis === 'data' ? 3 : imp.basis === 'documented' ? 2 : 1;
        }
      }
      if (text && (!best || rank > best.rank || (rank === best.rank && a.name < best.a))) best = { a: a.name, text, rank };
    }
    if (best) {
      findings.push({
        severity: 'warning',
        code: 'redundant',
        message: `${short(b.name)} is redundant next to ${short(best.a)}: ${best.text}`,
        file: m.file,
        line: b.line,
        column: b.column,
        path: b.path,
        connection: conn.id,
        context: ctx,
        permission: b.name,
      });
    }
  }
}

// Where a type contradicts its model, say what the model's own type offers for that permission.
function counterpart(ac: AnalyzerCatalog, name: string, expected: PermissionType): string {
  if (expected === 'Google scope') return '';
  const scheme: Scheme = expected === 'Application' ? 'application' : 'delegated';
  const info = ac.catalog.permission(name);
  if (!info) return '';
  const word = expected.toLowerCase();
  if (info[scheme]) return `; ${info.name} also exists as ${word === 'application' ? 'an application' : 'a delegated'} permission`;
  const all = ac.catalog.permission(`${info.name}.All`);
  if (all?.[scheme]) return `; ${info.name} has no ${word} form, the ${word} equivalent is ${all.name}`;
  return `; ${info.name} has no ${word} form`;
}

function short(scope: string): string {
  return scope.replace('https://www.googleapis.com/auth/', '');
}

function describeKind(kind: ConnectionKind): string {
  switch (kind) {
    case 'delegated-user':
      return 'delegated model';
    case 'service-account':
      return 'service-account model';
    case 'application':
      return 'application model';
    case 'google-dwd':
      return 'domain-wide delegation model';
  }
}

export function formatCheck(r: CheckResult): string {
  const lines = r.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)} ${f.code.padEnd(28)} ${f.message}`);
  lines.push(`${r.app}: ${r.counts.error} error${r.counts.error === 1 ? '' : 's'}, ${r.counts.warning} warning${r.counts.warning === 1 ? '' : 's'}, ${r.counts.info} note${r.counts.info === 1 ? '' : 's'}`);
  return lines.join('\n');
}
