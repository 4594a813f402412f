import { resolve } from 'node:path';
import { resolveTime } from './relative-time.js';
import * as S from './schema.js';
import type { Path } from './source-map.js';
import type { Entry, TenantContext } from './tenant-context.js';
import type { AppSpec, ApplicationAccessPolicySpec, ConsentSpec, ResourceAccessSpec, TeamsApplicationAccessPolicySpec } from './types.js';

// App registrations, consents and the two application access policy kinds. References between
// them (and to apps of other tenants in the same file) are checked in cross-check.ts.

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

const GRAPH_ALIASES = new Set(['graph', GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/']);
const EXCHANGE_ALIASES = new Set(['exchange', EXCHANGE_APP_ID, 'https://outlook.office365.com', 'https://outlook.office365.com/']);

/** "graph" for Microsoft Graph, an appId (lower-case GUID) or an identifier URI; undefined if neither. */
export function normalizeResourceKey(key: string): string | undefined {
  const k = key.trim();
  const lower = k.toLowerCase();
  if (GRAPH_ALIASES.has(lower)) return 'graph';
  if (EXCHANGE_ALIASES.has(lower)) return EXCHANGE_APP_ID;
  if (S.isGuid(k)) return lower;
  return isAbsoluteUri(k) ? k : undefined;
}

export function isAbsoluteUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function redirectUriProblem(uri: string, platform: 'web' | 'spa' | 'publicClient'): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `'${uri}' is not an absolute URI`;
  }
  if (uri.length > 256) return `'${uri}' is longer than the 256 characters Entra allows`;
  if (/[!$'(),;]/.test(uri)) return `'${uri}' contains a character Entra does not allow in redirect URIs (! $ ' ( ) , ;)`;
  if (url.hash) return `'${uri}' must not contain a fragment (#...)`;
  if (platform !== 'publicClient' && url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return `'${uri}': ${platform} redirect URIs must use https (http is allowed only for localhost)`;
  }
  return undefined;
}

export function normalizeApps(ctx: TenantContext, raw: unknown[], homeTenant: string): Entry<AppSpec>[] {
  const out: Entry<AppSpec>[] = [];
  for (const { spec: a, path } of ctx.parseItems(['apps'], raw, S.App)) {
    const dup = out.find((o) => o.spec.displayName === a.displayName);
    if (dup) ctx.report([...path, 'displayName'], `duplicate app '${a.displayName}'; first at ${dup.spec.source.path} (line ${dup.spec.source.line})`);

    const secrets = a.secrets.map((s, j) => {
      const secret = typeof s === 'string' ? { value: s } : { ...s };
      if (secret.expires !== undefined) secret.expires = resolveOrReport(ctx, [...path, 'secrets', j, 'expires'], secret.expires);
      return secret;
    });
    const certificates = a.certificates.flatMap((c, j) => certificate(ctx, [...path, 'certificates', j], c));

    const redirectUris = { web: [] as string[], spa: [] as string[], publicClient: [] as string[] };
    if (Array.isArray(a.redirectUris)) {
      // A plain list belongs to the app's natural platform.
      redirectUris[a.publicClient ? 'publicClient' : 'web'] = a.redirectUris;
    } else if (a.redirectUris) {
      Object.assign(redirectUris, a.redirectUris);
    }
    for (const platform of ['web', 'spa', 'publicClient'] as const) {
      redirectUris[platform].forEach((uri, j) => {
        const problem = redirectUriProblem(uri, platform);
        const at = Array.isArray(a.redirectUris) ? [...path, 'redirectUris', j] : [...path, 'redirectUris', platform, j];
        if (problem) ctx.report(at, problem);
      });
    }

    const requiredResourceAccess: Record<string, ResourceAccessSpec> = {};
    for (const [key, access] of Object.entries(a.requiredResourceAccess)) {
      const at = [...path, 'requiredResourceAccess', key];
      const resource = normalizeResourceKey(key);
      if (resource === undefined) {
        ctx.report(at, `unknown resource '${key}'; expected 'graph', 'exchange', an appId (GUID) or an identifier URI such as api://...`, 'key');
        continue;
      }
      if (requiredResourceAccess[resource]) {
        ctx.report(at, `resource '${key}' is listed twice (as '${resource}')`, 'key');
        continue;
      }
      requiredResourceAccess[resource] = { delegated: unique(access.delegated), application: unique(access.application) };
      if (resource === 'graph') {
        checkGraphPermissions(ctx, [...at, 'delegated'], 'delegated', access.delegated);
        checkGraphPermissions(ctx, [...at, 'application'], 'application', access.application);
      }
    }

    if (a.api?.identifierUri !== undefined && !isAbsoluteUri(a.api.identifierUri)) {
      ctx.report([...path, 'api', 'identifierUri'], `'${a.api.identifierUri}' is not a URI; expected e.g. api://booking.contoso.test or api://<appId>`);
    }
    a.api?.scopes.forEach((scope, j) => {
      if (!/^[A-Za-z0-9_.-]+$/.test(scope)) ctx.report([...path, 'api', 'scopes', j], `'${scope}' is not a valid scope name (letters, digits, '.', '_' and '-')`);
    });

    const spec: AppSpec = {
      displayName: a.displayName,
      secrets,
      certificates,
      redirectUris,
      publicClient: a.publicClient,
      multiTenant: a.multiTenant,
      requiredResourceAccess,
      appRoleAssignmentRequired: a.appRoleAssignmentRequired,
      verifiedPublisher: a.verifiedPublisher,
      homeTenant,
      source: ctx.source(path),
    };
    if (a.appId) spec.appId = a.appId;
    if (a.api) spec.api = { ...a.api };
    out.push({ path, spec });
  }
  return out;
}

function certificate(ctx: TenantContext, at: Path, c: string | { pem?: string; path?: string; expires?: string }): AppSpec['certificates'] {
  const given = typeof c === 'string' ? (c.includes('-----BEGIN') ? { pem: c } : { path: c }) : c;
  if ((given.pem === undefined) === (given.path === undefined)) {
    ctx.report(at, "give exactly one of 'pem' (the certificate text) or 'path' (a file relative to the tenant file)");
    return [];
  }
  let pem = given.pem;
  if (given.path !== undefined) {
    const file = resolve(ctx.opts.baseDir, given.path);
    try {
      pem = ctx.opts.readFile(file);
    } catch (err) {
      ctx.report(typeof c === 'string' ? at : [...at, 'path'], `cannot read certificate file ${file}: ${(err as Error).message}`);
      return [];
    }
  }
  if (/PRIVATE KEY-----/.test(pem!)) {
    ctx.report(at, 'contains a private key; an app registration holds only the public certificate');
    return [];
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem!)) {
    ctx.report(at, 'is not a PEM certificate (expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)');
    return [];
  }
  const out: AppSpec['certificates'][number] = { pem: pem!.trim() };
  if (given.expires !== undefined) out.expires = resolveOrReport(ctx, typeof c === 'string' ? at : [...at, 'expires'], given.expires);
  return [out];
}

function checkGraphPermissions(ctx: TenantContext, at: Path, scheme: 'delegated' | 'application', names: string[]): void {
  const known = ctx.opts.knownPermission;
  if (!known) return;
  names.forEach((name, j) => {
    if (!known('graph', scheme, name)) ctx.report([...at, j], `unknown Microsoft Graph ${scheme} permission '${name}'`);
  });
}

export function resolveOrReport(ctx: TenantContext, at: Path, expr: string): string {
  const r = resolveTime(expr, ctx.time);
  if (r.ok) return r.value;
  ctx.report(at, r.message);
  return expr;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

export function normalizeConsents(ctx: TenantContext, raw: unknown[]): Entry<ConsentSpec>[] {
  const out: Entry<ConsentSpec>[] = [];
  for (const { spec: c, path } of ctx.parseItems(['consents'], raw, S.Consent)) {
    if (c.adminConsent && (c.user !== undefined || c.scopes !== undefined)) {
      ctx.report(path, "a consent is either 'adminConsent: true' (tenant-wide) or 'user' + 'scopes' (one user's grant); write two entries for both");
    } else if (!c.adminConsent && (c.user === undefined || c.scopes === undefined)) {
      ctx.report(path, "a consent needs 'adminConsent: true', or 'user' and 'scopes' for one user's delegated grant");
    }
    if (ctx.opts.knownPermission && c.scopes) {
      c.scopes.forEach((scope, j) => {
        const name = scope.startsWith('https://graph.microsoft.com/') ? scope.slice('https://graph.microsoft.com/'.length) : scope;
        if (!name.includes('/') && !ctx.opts.knownPermission!('graph', 'delegated', name)) {
          ctx.report([...path, 'scopes', j], `unknown Microsoft Graph delegated permission '${scope}'`);
        }
      });
    }
    const spec: ConsentSpec = { app: c.app, adminConsent: c.adminConsent, source: ctx.source(path) };
    if (c.user !== undefined) spec.user = c.user;
    if (c.scopes !== undefined) spec.scopes = unique(c.scopes);
    out.push({ path, spec });
  }
  return out;
}

export interface NormalizedPolicies {
  applicationAccess: Entry<ApplicationAccessPolicySpec>[];
  teamsApplicationAccess: Entry<TeamsApplicationAccessPolicySpec>[];
}

export function normalizePolicies(ctx: TenantContext, raw: unknown): NormalizedPolicies {
  const empty: NormalizedPolicies = { applicationAccess: [], teamsApplicationAccess: [] };
  if (raw === undefined || raw === null) return empty;
  const p = ctx.parseOne(['policies'], raw, S.Policies);
  if (p === undefined) return empty;
  const aap = ctx.parseItems(['policies', 'applicationAccess'], p.applicationAccess, S.ApplicationAccessPolicy).map(({ spec, path }) => ({
    path,
    spec: { ...spec, source: ctx.source(path) },
  }));
  const teams: Entry<TeamsApplicationAccessPolicySpec>[] = [];
  for (const { spec, path } of ctx.parseItems(['policies', 'teamsApplicationAccess'], p.teamsApplicationAccess, S.TeamsApplicationAccessPolicy)) {
    const dup = teams.find((t) => t.spec.name.toLowerCase() === spec.name.toLowerCase());
    if (dup) ctx.report([...path, 'name'], `duplicate policy name '${spec.name}'; first at ${dup.spec.source.path} (line ${dup.spec.source.line})`);
    teams.push({ path, spec: { ...spec, grantTo: unique(spec.grantTo), source: ctx.source(path) } });
  }
  return { applicationAccess: aap, teamsApplicationAccess: teams };
}
