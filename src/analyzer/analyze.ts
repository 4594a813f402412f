import type { Scheme } from '../catalog/index.js';
import { registrationOf } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import { getAnalyzerCatalog, type AnalyzerCatalog } from './analyzer-catalog.js';
import { compareFindings, findingsFor, otherRequested, requestedFor } from './compare.js';
import { sharedTwins, variantOf, type Resolution } from './call-variants.js';
import { analyzerGraphPath, lookupGraph } from './graph-lookup.js';
import { GraphImplications } from './implication.js';
import type { Observation } from './observations.js';
import { REPORT_FORMAT, REPORT_VERSION, type AnalysisReport, type CallReport, type GroupKey, type GroupReport, type PermissionEntry } from './report-types.js';
import { compareCandidates, weightedSetCover, type CoverCandidate, type CoverOptions } from './set-cover.js';
import { globalSuggestions, groupSuggestions } from './suggestions.js';
import { GraphWeights, googleScopeWeight } from './weights.js';

// The audit: observed calls in, per connection model and scheme the minimal permission set out,
// compared with what the app requested (its manifest, else the permissions its tokens carried).

export interface AnalyzeInput {
  observations: Iterable<Observation>;
  skipped?: Record<string, number>;
  manifest?: Manifest;
  /** Compare with this manifest connection only (its id). */
  model?: string;
  source?: AnalysisReport['source'];
  app?: AnalysisReport['app'];
  /** Scheme for calls whose token could not be read (HAR); default delegated. */
  assumeScheme?: Scheme;
  now?: Date;
  /**
   * A report that depends on the traffic only, for files kept under version control: no
   * `generatedAt`, and resource policies named by what they are (access right and group) rather
   * than by their object ids. `tenantbox audit` uses it for Markdown written to a file.
   */
  stable?: boolean;
}

export interface AnalyzeOptions {
  catalog?: AnalyzerCatalog;
  cover?: CoverOptions;
}

/** Everything the comparison and suggestion steps need about one group. */
export interface GroupContext {
  ac: AnalyzerCatalog;
  weights: GraphWeights;
  implications: GraphImplications;
  report: GroupReport;
  /** call key -> every permission the data lists for it (grantable or not). */
  accepted: Map<string, readonly string[]>;
  /** call key -> target mailbox/user ids seen in /users/{id}/… paths. */
  targets: Map<string, Set<string>>;
  /** Permissions the tokens held (union), null when never known. */
  granted: Set<string> | null;
  manifest?: Manifest;
  model?: string;
}

interface CallAcc {
  report: CallReport;
  /** What allows the call; self-scoped permissions are dropped in buildGroup unless ownApp. */
  accepted: readonly string[];
  users: Set<string>;
  missing: Set<string>;
  policies: Set<string>;
  targets: Set<string>;
  /** Some call was allowed by a self-scoped permission: it concerned the caller's own app. */
  ownApp: boolean;
}

interface GroupAcc {
  key: GroupKey;
  service: 'graph' | 'google';
  scheme: Scheme;
  calls: Map<string, CallAcc>;
  granted: Set<string> | null;
}

const LABELS: Record<GroupKey, string> = {
  'graph:delegated': 'Microsoft Graph, delegated (signed-in user or service account)',
  'graph:application': 'Microsoft Graph, application (app-only)',
  'google:delegated': 'Google Workspace, as a user (domain-wide delegation or user consent)',
  'google:application': 'Google Workspace, as the service account itself',
};

export function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): AnalysisReport {
  const ac = options.catalog ?? getAnalyzerCatalog();
  const weights = new GraphWeights(ac);
  const implications = new GraphImplications(ac);
  const groups = new Map<GroupKey, GroupAcc>();
  const resolved = new Map<string, Resolution>();
  const variants = new Map<string, Resolution>();
  let total = 0;

  for (const o of input.observations) {
    total++;
    const assumed = o.scheme === null;
    const scheme: Scheme = o.scheme ?? input.assumeScheme ?? 'delegated';
    const key = `${o.service}:${scheme}` as GroupKey;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, service: o.service, scheme, calls: new Map(), granted: null }));
    if (o.granted) {
      g.granted ??= new Set();
      for (const p of o.granted) g.granted.add(p);
    }
    const method = o.method.toUpperCase();
    const bare = stripQuery(o.path);
    const cacheKey = `${key}|${method}|${bare}`;
    let r = resolved.get(cacheKey);
    if (!r) {
      r = o.service === 'graph' ? resolveGraph(ac, method, bare, scheme) : resolveGoogle(ac, method, bare);
      // Ids make distinct paths many; a lookup costs about a microsecond, so the memo stays small.
      if (resolved.size < 20_000) resolved.set(cacheKey, r);
    }
    r = variantOf(ac, o, scheme, r, variants);
    let call = g.calls.get(r.key);
    if (!call) {
      call = {
        report: {
          key: r.key,
          method,
          template: r.template,
          samplePath: bare,
          count: 0,
          statuses: {},
          refused: 0,
          users: 0,
          status: r.status,
          candidates: [],
          least: r.least,
          equallyLeast: [],
          coveredBy: null,
          allowedByRequested: [],
          missing: [],
          policies: [],
          ...(r.borrowed && { borrowed: true }),
          ...(r.note && { note: r.note }),
        },
        accepted: r.accepted,
        users: new Set(),
        missing: new Set(),
        policies: new Set(),
        targets: new Set(),
        ownApp: false,
      };
      g.calls.set(r.key, call);
    }
    const c = call.report;
    c.count++;
    c.statuses[o.status] = (c.statuses[o.status] ?? 0) + 1;
    if (o.status === 401 || o.status === 403) c.refused++;
    if (assumed) c.schemeAssumed = true;
    if (o.userId) call.users.add(o.userId);
    for (const m of o.missing) call.missing.add(m);
    if (o.policy) call.policies.add(input.stable ? stablePolicyName(o.policy) : o.policy);
    if (o.permission && isSelfScoped(o.permission)) call.ownApp = true;
    const target = userTarget(bare);
    if (target) call.targets.add(target);
  }

  // Groups the manifest asks for but no traffic reached still get a report (all unused).
  for (const key of manifestGroups(input.manifest, input.model)) {
    if (!groups.has(key)) {
      const [service, scheme] = key.split(':') as ['graph' | 'google', Scheme];
      groups.set(key, { key, service, scheme, calls: new Map(), granted: null });
    }
  }

  const reports: GroupReport[] = [];
  const contexts: GroupContext[] = [];
  for (const key of ['graph:delegated', 'graph:application', 'google:delegated', 'google:application'] as const) {
    const g = groups.get(key);
    if (!g) continue;
    const ctx = buildGroup(ac, weights, implications, g, options.cover);
    ctx.manifest = input.manifest;
    ctx.model = input.model;
    requestedFor(ctx);
    findingsFor(ctx);
    ctx.report.suggestions = groupSuggestions(ctx, input.manifest);
    reports.push(ctx.report);
    contexts.push(ctx);
  }

  const other = input.manifest ? otherRequested(input.manifest, input.model) : [];
  const summary = { excessive: 0, redundant: 0, unused: 0, missing: 0, unknownCalls: 0, unsupportedCalls: 0 };
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.kind === 'excessive') summary.excessive++;
      else if (f.kind === 'redundant') summary.redundant++;
      else if (f.kind === 'unused') summary.unused++;
      else if (f.kind === 'missing') summary.missing++;
    }
    summary.unknownCalls += r.calls.filter((c) => c.status === 'unknown').length;
    summary.unsupportedCalls += r.calls.filter((c) => c.status === 'unsupported').length;
  }
  summary.unused += other.filter((f) => f.kind === 'unused').length;
  const requestedFrom: AnalysisReport['requestedFrom'] = input.manifest ? 'manifest' : reports.some((r) => r.requested.length) ? 'tokens' : 'none';
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    ...(!input.stable && { generatedAt: (input.now ?? new Date()).toISOString() }),
    app: input.app ?? (input.manifest ? { name: input.manifest.app.name, archetype: input.manifest.app.archetype, appId: registrationOf(input.manifest, input.manifest.connections.find((c) => c.id === input.model)).appId ?? null } : {}),
    source: input.source ?? { kind: 'records', description: 'observations passed in' },
    requestedFrom,
    totals: { observations: total, distinctCalls: reports.reduce((n, r) => n + r.calls.length, 0), skipped: input.skipped ?? {} },
    groups: reports,
    other: other.sort(compareFindings),
    suggestions: globalSuggestions(contexts, other),
    summary,
  };
}


function resolveGraph(ac: AnalyzerCatalog, method: string, path: string, scheme: Scheme): Resolution {
  const found = lookupGraph(ac.catalog, method, path, scheme);
  if (!found) return { key: `${method} ${normalizeUnknown(analyzerGraphPath(path, '{id}'))}`, template: null, status: 'unknown', accepted: [], least: [], note: 'unknown path: neither in Microsoft\'s permission data nor an operation tenantbox\'s Graph borrows an entry for' };
  if (found.borrowed) {
    const b = found.borrowed;
    return { key: `${method} ${b.template}`, template: b.template, status: b.permissions.length ? 'known' : 'unsupported', accepted: b.permissions, least: [], note: b.note, borrowed: true };
  }
  const m = found.match;
  const note = m.permissions.length ? undefined : `Microsoft's data lists no ${scheme} permission for this endpoint${m.rsc.length ? ` (only resource-specific consent: ${m.rsc.join(', ')})` : ''}`;
  // Delegated own-mailbox scopes come with their `.Shared` twins, as tenantbox's Graph accepts them.
  const accepted = scheme === 'delegated' ? [...new Set([...m.permissions, ...sharedTwins(ac, m.permissions)])] : m.permissions;
  return { key: `${method} ${m.template}`, template: m.template, status: m.permissions.length ? 'known' : 'unsupported', accepted, least: [...m.least], ...(note && { note }) };
}

function resolveGoogle(ac: AnalyzerCatalog, method: string, path: string): Resolution {
  const m = ac.catalog.google.lookupRequest(method, path);
  if (!m) return { key: `${method} ${normalizeUnknown(path)}`, template: null, status: 'unknown', accepted: [], least: [], note: 'not in the catalog\'s Google data (Calendar v3, Admin SDK Directory v1)' };
  const note = m.candidates.length > 1 ? `matches ${m.candidates.join(', ')}` : undefined;
  return { key: `${method} ${m.method.path}`, template: m.method.path, status: m.scopes.length ? 'known' : 'unsupported', accepted: m.scopes, least: [...m.method.narrowest], ...(note && { note }) };
}

function buildGroup(ac: AnalyzerCatalog, weights: GraphWeights, implications: GraphImplications, g: GroupAcc, cover: CoverOptions | undefined): GroupContext {
  const calls = [...g.calls.values()].sort((a, b) => a.report.key.localeCompare(b.report.key));
  const weigh = (p: string): { weight: number; level: number; grantable: boolean } | undefined => {
    if (g.service === 'google') {
      const w = googleScopeWeight(ac, p);
      return { weight: w.weight, level: w.level, grantable: !w.partialReach };
    }
    const w = weights.of(p, g.scheme);
    return w && { weight: w.weight, level: w.level, grantable: w.grantable };
  };

  // Elements of the cover: the calls with at least one grantable candidate.
  const elements: CallAcc[] = [];
  const coverers = new Map<string, number[]>();
  for (const call of calls) {
    const c = call.report;
    c.users = call.users.size;
    c.missing = [...call.missing].sort();
    c.policies = [...call.policies].sort();
    if (c.status !== 'known') continue;
    // A self-scoped permission (TeamsAppInstallation.ReadWriteSelfForTeam…) covers the calling
    // app's own installation and tabs only: it allows the call only where the call is known to have
    // concerned the caller's own app (tenantbox's Graph allowed it through one), never otherwise.
    const selfOnly = !call.ownApp && call.accepted.length > 0 && call.accepted.every(isSelfScoped);
    if (!call.ownApp) call.accepted = call.accepted.filter((p) => !isSelfScoped(p));
    const cands = call.accepted
      .map((p) => ({ p, w: weigh(p) }))
      .filter((x): x is { p: string; w: NonNullable<ReturnType<typeof weigh>> } => !!x.w?.grantable)
      .sort((x, y) => compareCandidates({ id: x.p, ...x.w }, { id: y.p, ...y.w }));
    if (!cands.length) {
      c.status = 'unsupported';
      c.note =
        g.service === 'google'
          ? 'only scopes of limited reach allow it'
          : selfOnly
            ? "only self-scoped permissions (…SelfForTeam, …SelfForChat, …SelfForUser) allow it, and they cover the calling app's own installation only"
            : 'no permission Microsoft publishes an id for allows it';
      continue;
    }
    c.candidates = cands.map((x) => x.p);
    c.equallyLeast = cands.filter((x) => x.w.weight === cands[0].w.weight).map((x) => x.p);
    const idx = elements.push(call) - 1;
    for (const { p } of cands) (coverers.get(p) ?? coverers.set(p, []).get(p)!).push(idx);
  }
  const candidates: CoverCandidate[] = [...coverers.entries()].map(([id, covers]) => ({ id, ...weigh(id)!, covers }));
  const result = weightedSetCover(elements.length, candidates, cover);
  for (const [e, p] of result.assignment) elements[e].report.coveredBy = p;

  const alsoRequired = new Set<string>();
  if (g.service === 'graph') {
    for (const call of elements) {
      const m = call.report.template && !call.report.borrowed ? lookupGraph(ac.catalog, call.report.method, call.report.samplePath, g.scheme)?.match : undefined;
      for (const extra of m?.alsoRequires[call.report.coveredBy ?? ''] ?? []) alsoRequired.add(extra);
    }
  }

  const entry = (name: string): PermissionEntry => {
    const w = g.service === 'graph' ? weights.of(name, g.scheme) : undefined;
    const gw = g.service === 'google' ? googleScopeWeight(ac, name) : undefined;
    return {
      name,
      level: w?.level ?? gw?.level ?? null,
      weight: w?.weight ?? gw?.weight ?? null,
      adminConsent: g.service === 'graph' ? (w?.requiresAdminConsent ?? null) : null,
      calls: elements.filter((c) => c.report.coveredBy === name).map((c) => c.report.key),
      ...(w?.levelNote && { levelNote: w.levelNote }),
    };
  };

  const report: GroupReport = {
    key: g.key,
    service: g.service,
    scheme: g.scheme,
    label: LABELS[g.key],
    calls: calls.map((c) => c.report),
    minimal: {
      permissions: result.chosen.map(entry),
      method: result.method,
      ...(result.bound !== undefined && { bound: result.bound }),
      ...(result.reason && { reason: result.reason }),
      cost: result.cost,
      ties: result.ties,
      alsoRequired: [...alsoRequired].sort(),
    },
    requested: [],
    signIn: [],
    findings: [],
    adminConsent: { requested: [], minimal: result.chosen.filter((p) => weights.of(p, g.scheme)?.requiresAdminConsent && g.service === 'graph') },
    suggestions: [],
  };
  return {
    ac,
    weights,
    implications,
    report,
    accepted: new Map(calls.map((c) => [c.report.key, c.accepted])),
    targets: new Map(calls.map((c) => [c.report.key, c.targets])),
    granted: g.granted,
  };
}

function manifestGroups(m: Manifest | undefined, model: string | undefined): GroupKey[] {
  if (!m) return [];
  const out = new Set<GroupKey>();
  for (const conn of m.connections) {
    if (model && conn.id !== model) continue;
    for (const ctx of conn.contexts) {
      for (const p of ctx.permissions) {
        if (p.resource === 'google') out.add('google:delegated');
        else if (p.resource === 'graph' || p.resource === 'openid') out.add(p.type === 'Application' ? 'graph:application' : 'graph:delegated');
      }
    }
  }
  return [...out];
}

/** TeamsAppInstallation.ReadWriteSelfForTeam, TeamsTab.ReadWriteSelfForChat.All…: the calling app's own installation only. */
export function isSelfScoped(permission: string): boolean {
  return /SelfFor(Team|Chat|User)(\.All)?$/i.test(permission);
}

/** A policy as the audit log names it, without the object id: "ApplicationAccessPolicy RestrictAccess rooms@contoso.com". */
export function stablePolicyName(policy: string): string {
  return policy.replace(/\s*\((?:id )?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)/gi, '');
}

function stripQuery(p: string): string {
  const q = p.search(/[?#]/);
  return q < 0 ? p : p.slice(0, q);
}

/** /v1.0/users/{x}/… → x (lower-case), the mailbox or user a call touched. */
export function userTarget(path: string): string | undefined {
  const m = /^(?:https?:\/\/[^/]+)?(?:\/(?:v1\.0|beta))?\/users(?:\/|\(')([^/')]+)/i.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]).toLowerCase();
  } catch {
    return m[1].toLowerCase();
  }
}

// An unknown path keeps its shape but not its ids, so the same unknown call is listed once.
function normalizeUnknown(path: string): string {
  let p = path.replace(/^https?:\/\/[^/]+/i, '');
  p = p.replace(/^\/(v1\.0|beta)(?=\/)/i, '');
  return p
    .split('/')
    .map((s) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) || /@/.test(s) || /^\d+$/.test(s) || (s.length >= 20 && /^[A-Za-z0-9_=+-]+$/.test(s) && /\d/.test(s))
        ? '{id}'
        : s,
    )
    .join('/');
}
