import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, type Document } from 'yaml';
import { normalizeConditionalAccess } from './normalize-conditional-access.js';
import { crossCheck, type TenantBuild } from './cross-check.js';
import { TenantFileError } from './errors.js';
import { normalizeApps, normalizeConsents, normalizePolicies } from './normalize-apps.js';
import { buildDirectory, normalizeMailboxPermissions, normalizeSensitivityLabels } from './normalize-directory.js';
import { normalizeEvents } from './normalize-events.js';
import { normalizeGoogle } from './normalize-google.js';
import { isValidTimeZone } from './relative-time.js';
import * as S from './schema.js';
import { SourceLocator, formatPath, parseYaml, type Path } from './source-map.js';
import { TenantContext, type LoadOptions } from './tenant-context.js';
import type { AdminConsentWorkflowSpec, LoadedTenantFile, TenantFileProblem, TenantSpec } from './types.js';
import { describeValue } from './zod-issues.js';

export type { KnownPermission, LoadOptions } from './tenant-context.js';

// A tenant file is one tenant per YAML document (a plain file, or a `---` stream of several), or
// one document with `tenants: [ {tenant: ...}, ... ]`. Everything is checked before anything is
// returned: a file with problems throws one TenantFileError listing all of them.

export function loadTenantFile(path: string, opts: LoadOptions): LoadedTenantFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new TenantFileError([{ file: path, line: 1, column: 1, path: '', message: `cannot read tenant file: ${(err as Error).message}` }]);
  }
  return parse(bytes.toString('utf8'), path, opts, sha256(bytes), dirname(resolve(path)));
}

/** Parses tenant-file text; `fileName` is used in messages and to resolve relative certificate paths. */
export function parseTenantFile(text: string, fileName: string, opts: LoadOptions): LoadedTenantFile {
  return parse(text, fileName, opts, sha256(Buffer.from(text, 'utf8')), dirname(resolve(fileName)));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface Unit {
  locator: SourceLocator;
  base: Path;
  value: unknown;
}

function parse(text: string, file: string, opts: LoadOptions, hash: string, baseDir: string): LoadedTenantFile {
  const yaml = parseYaml(text, file);
  // Syntax errors make the rest of the document unreliable; report only those.
  if (yaml.problems.length > 0) throw new TenantFileError(yaml.problems);

  const problems: TenantFileProblem[] = [];
  const at = (locator: SourceLocator, path: Path, message: string, key?: 'key') => {
    const pos = locator.locate(path, key);
    problems.push({ file, line: pos.line, column: pos.column, path: formatPath(path), message });
  };

  const units: Unit[] = [];
  const docs = yaml.docs.filter((d) => d.contents !== null && d.contents !== undefined);
  for (const doc of docs) {
    const locator = new SourceLocator(doc, yaml.lineCounter);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      const pos = locator.documentStart();
      problems.push({ file, line: pos.line, column: pos.column, path: '', message: `cannot read document: ${(err as Error).message}` });
      continue;
    }
    if (hasTenantsList(doc)) {
      if (docs.length > 1) {
        at(locator, ['tenants'], "a file is either a `tenants:` list or a stream of tenant documents separated by '---', not both", 'key');
        continue;
      }
      const top = value as Record<string, unknown>;
      for (const key of Object.keys(top)) {
        if (key !== 'tenants' && !key.startsWith('x-')) at(locator, [key], `unknown field '${key}'; a file with 'tenants:' has no other top-level fields (put them inside each tenant)`, 'key');
      }
      if (!Array.isArray(top.tenants) || top.tenants.length === 0) {
        at(locator, ['tenants'], `expected a non-empty list of tenants, got ${describeValue(top.tenants)}`);
        continue;
      }
      top.tenants.forEach((t, i) => units.push({ locator, base: ['tenants', i], value: t }));
    } else {
      units.push({ locator, base: [], value });
    }
  }
  if (docs.length === 0) {
    problems.push({ file, line: 1, column: 1, path: '', message: 'the file declares no tenant; expected a mapping with tenant:, users:, rooms:, ... (see docs/tenant-file.md)' });
  }

  const builds: Build[] = [];
  const readFile = (p: string) => readFileSync(p, 'utf8');
  for (const unit of units) {
    const ctx = new TenantContext(file, unit.base, unit.locator, problems, { ...opts, baseDir, readFile });
    const build = buildTenant(ctx, unit.value);
    if (build) builds.push(build);
  }

  checkAcrossTenants(builds);
  for (const b of builds) crossCheck(b, builds);
  if (problems.length > 0) throw new TenantFileError(problems);

  const tenants: TenantSpec[] = builds.map((b) => ({
    ...b.spec,
    users: b.dir.users.map((e) => e.spec),
    rooms: b.dir.rooms.map((e) => e.spec),
    roomLists: b.dir.roomLists.map((e) => e.spec),
    groups: b.dir.groups.map((e) => e.spec),
    mailboxPermissions: b.mailboxPermissions.map((e) => e.spec),
    apps: b.apps.map((e) => e.spec),
    consents: b.consents.map((e) => e.spec),
    policies: {
      applicationAccess: b.policies.applicationAccess.map((e) => e.spec),
      teamsApplicationAccess: b.policies.teamsApplicationAccess.map((e) => e.spec),
    },
    events: b.events.map((e) => e.spec),
  }));
  return { file, hash, tenants };
}

function hasTenantsList(doc: Document.Parsed): boolean {
  return isMap(doc.contents) && doc.contents.items.some((p) => isScalar(p.key) && p.key.value === 'tenants');
}

type Build = NonNullable<ReturnType<typeof buildTenant>>;

function buildTenant(ctx: TenantContext, value: unknown) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.report([], `expected a tenant (a mapping with tenant:, users:, rooms:, ...), got ${describeValue(value)}`);
    return undefined;
  }
  // Top-level keys starting with "x-" are free for YAML anchors shared by the rest of the file.
  // A section written as `users:` with nothing after it (YAML null) is an empty section.
  const raw = Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('x-'))
      .map(([k, v]) => [k, v === null && k !== 'tenant' ? (k === 'policies' || k === 'google' ? undefined : []) : v]),
  );
  ctx.parseOne([], raw, S.TenantDocument); // reports unknown top-level fields and non-list sections
  const section = (key: string): unknown[] => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);

  let header: S.RawHeader | undefined;
  if (raw.tenant === undefined) ctx.report([], "missing required field 'tenant' (a mapping with the tenant's domain and displayName)");
  else header = ctx.parseOne(['tenant'], raw.tenant, S.TenantHeader);
  if (header && !isValidTimeZone(header.timeZone)) {
    ctx.report(['tenant', 'timeZone'], `unknown time zone '${header.timeZone}'; expected an IANA zone name such as Europe/Berlin, America/New_York or UTC`);
  } else if (header) {
    ctx.time = { now: ctx.opts.now, timeZone: header.timeZone };
  }
  const domain = header?.domain ?? '(this tenant)';

  const dir = buildDirectory(ctx, { users: section('users'), rooms: section('rooms'), roomLists: section('roomLists'), groups: section('groups') });
  const mailboxPermissions = normalizeMailboxPermissions(ctx, section('mailboxPermissions'));
  const apps = normalizeApps(ctx, section('apps'), domain);
  const consents = normalizeConsents(ctx, section('consents'));
  const policies = normalizePolicies(ctx, raw.policies);
  const events = normalizeEvents(ctx, section('events'), dir);
  const sensitivityLabels = normalizeSensitivityLabels(ctx, section('sensitivityLabels')).map((e) => e.spec);
  const google = raw.google === undefined ? undefined : normalizeGoogle(ctx, raw.google, dir, domain);
  const conditionalAccess = normalizeConditionalAccess(ctx, section('conditionalAccess'), dir, apps);

  const adminConsentWorkflow = header?.adminConsentWorkflow ? adminConsentWorkflowSpec(ctx, header.adminConsentWorkflow, dir) : undefined;

  const spec = {
    domain,
    displayName: header?.displayName ?? domain,
    userConsent: header?.userConsent ?? 'microsoft-recommended',
    timeZone: ctx.time.timeZone,
    sensitivityLabels,
    source: ctx.source(['tenant']),
    ...(header?.id ? { id: header.id } : {}),
    ...(header?.throttling ? { throttling: header.throttling } : {}),
    ...(google ? { google } : {}),
    ...(conditionalAccess.length ? { conditionalAccess } : {}),
    ...(adminConsentWorkflow ? { adminConsentWorkflow } : {}),
  };
  return { ctx, domain, dir, mailboxPermissions, apps, consents, policies, events, spec };
}

/** Reviewers must be users of this tenant; an enabled workflow needs at least one (Graph: reviewers is required). */
function adminConsentWorkflowSpec(ctx: TenantContext, raw: NonNullable<S.RawHeader['adminConsentWorkflow']>, dir: ReturnType<typeof buildDirectory>): AdminConsentWorkflowSpec {
  const at = ['tenant', 'adminConsentWorkflow'];
  const upns = new Set(dir.users.map((e) => e.spec.upn));
  raw.reviewers.forEach((upn, i) => {
    if (!upns.has(upn)) ctx.report([...at, 'reviewers', i], `reviewer '${upn}' is not a user of this tenant; reviewers are users declared under users:`);
  });
  if (raw.enabled && raw.reviewers.length === 0) ctx.report([...at, 'enabled'], 'an enabled admin consent workflow needs at least one reviewer (reviewers: [upn, ...])');
  return {
    enabled: raw.enabled,
    reviewers: [...new Set(raw.reviewers)],
    notifyReviewers: raw.notify,
    remindersEnabled: raw.reminders,
    requestDurationInDays: raw.requestDurationInDays,
    source: ctx.source(at),
  };
}

/** Keys that must be unique across the whole file: tenant domains and ids, appIds, identifier URIs. */
function checkAcrossTenants(builds: Build[]): void {
  const seen = new Map<string, { path: string; line: number }>();
  const once = (key: string, b: TenantBuild, at: Path, what: string, source: { path: string; line: number }) => {
    const first = seen.get(key);
    if (first) b.ctx.report(at, `duplicate ${what}; first used at ${first.path} (line ${first.line})`);
    else seen.set(key, source);
  };
  for (const b of builds) {
    const src = b.ctx.source(['tenant', 'domain']);
    if (b.domain !== '(this tenant)') once(`domain:${b.domain}`, b, ['tenant', 'domain'], `tenant domain '${b.domain}'`, src);
    if (b.spec.id) once(`tenant:${b.spec.id}`, b, ['tenant', 'id'], `tenant id '${b.spec.id}'`, b.ctx.source(['tenant', 'id']));
    // Service accounts and OAuth clients are found across tenants (by key file name, email, client id).
    b.spec.google?.serviceAccounts.forEach((sa, i) => {
      const at = ['google', 'serviceAccounts', i, 'name'];
      once(`google-sa:${sa.name}`, b, at, `service account name '${sa.name}' (its key file is google/${sa.name}.json)`, sa.source);
      once(`google-client:${sa.clientId}`, b, at, `Google client id '${sa.clientId}'`, sa.source);
    });
    b.spec.google?.oauthClients.forEach((o, i) => once(`google-client:${o.clientId}`, b, ['google', 'oauthClients', i, 'clientId'], `Google client id '${o.clientId}'`, o.source));
    if (b.spec.google) once(`google-domain:${b.spec.google.domain}`, b, ['google', 'domain'], `Workspace domain '${b.spec.google.domain}'`, b.spec.google.source);
    for (const { spec: a, path } of b.apps) {
      if (a.appId) once(`app:${a.appId}`, b, [...path, 'appId'], `appId '${a.appId}'`, a.source);
      const uri = a.api?.identifierUri;
      if (uri) once(`uri:${uri}`, b, [...path, 'api', 'identifierUri'], `identifier URI '${uri}'`, a.source);
    }
  }
}
