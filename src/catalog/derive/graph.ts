import { createHash } from 'node:crypto';
import type { MethodPathJson, PermissionJson, SchemeJson, SchemePathJson } from '../catalog-format.js';
import { splitGraphPath } from '../segments.js';
import { compact } from './serialize.js';
import { canonicalGraphTemplate } from './graph-templates.js';

// Microsoft Graph part of the catalog, from three files of microsoft-graph-devx-content:
// permissions.json (names, schemes, admin flags, privilege levels, path sets), provisioningInfo.json
// (the GUIDs) and permissions-descriptions.json (only for the permissions absent from
// permissions.json, e.g. the OpenID scopes). No description text is carried over.

type KibaliScheme = 'DelegatedWork' | 'DelegatedPersonal' | 'Application';

interface KibaliPermission {
  authorizationType: 'oAuth2' | 'RSC';
  schemes: Partial<Record<KibaliScheme, { requiresAdminConsent?: boolean; privilegeLevel?: number }>>;
  pathSets: Array<{ schemeKeys: KibaliScheme[]; methods: string[]; paths: Record<string, string> }>;
}

interface Deployment {
  id: string;
  scheme: KibaliScheme;
  isHidden: boolean;
  isEnabled: boolean;
}

interface DescribedScope {
  id: string;
  value: string;
  isAdmin?: boolean;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const TENANT_SCHEMES = { DelegatedWork: 'delegated', Application: 'application' } as const;

export interface GraphDerivation {
  permissions: Record<string, PermissionJson>;
  paths: Record<string, Record<string, string>>;
  rules: Record<string, MethodPathJson>;
  notes: string[];
}

export function deriveGraph(permissionsDoc: unknown, provisioningDoc: unknown, descriptionsDoc: unknown): GraphDerivation {
  const kibali = (permissionsDoc as { permissions: Record<string, KibaliPermission> }).permissions;
  const deployments = (provisioningDoc as { permissionDeployments: Record<string, Deployment[]> }).permissionDeployments;
  const described = descriptionsDoc as { delegatedScopesList: DescribedScope[]; applicationScopesList: DescribedScope[] };
  if (!kibali || !deployments || !described?.delegatedScopesList) {
    throw new Error('catalog: msgraph input files do not have the documented top-level shape');
  }
  const notes: string[] = [];

  // Names that differ only in case (permissions.json has both Calls.JoinGroupCallAsGuest.All and
  // …CallasGuest.All) are one permission: Graph compares scope names case-insensitively. The
  // spelling with a provisioningInfo entry wins.
  const canonical = new Map<string, string>();
  const byLower = groupBy(Object.keys(kibali), (n) => n.toLowerCase());
  for (const [lower, names] of byLower) {
    const winner = names.find((n) => deployments[n]) ?? [...names].sort()[0];
    canonical.set(lower, winner);
    if (names.length > 1) notes.push(`merged case variants ${names.join(' / ')} into ${winner}`);
  }
  const canon = (name: string): string => canonical.get(name.toLowerCase()) ?? name;
  const deploymentsOf = (name: string): Deployment[] =>
    deployments[name] ?? deployments[Object.keys(deployments).find((n) => n.toLowerCase() === name.toLowerCase()) ?? ''] ?? [];

  const permissions: Record<string, PermissionJson> = {};
  for (const [lower, names] of byLower) {
    const name = canonical.get(lower)!;
    const ordered = [name, ...names.filter((n) => n !== name)];
    const entry: PermissionJson = { authorizationType: kibali[name].authorizationType };
    for (const variant of ordered) {
      const perm = kibali[variant];
      for (const [kScheme, scheme] of Object.entries(TENANT_SCHEMES) as Array<[KibaliScheme, 'delegated' | 'application']>) {
        const info = perm.schemes[kScheme];
        if (!info || entry[scheme]) continue;
        const dep = [...deploymentsOf(variant), ...deploymentsOf(name)].find((d) => d.scheme === kScheme && d.id);
        const json: SchemeJson = {
          id: dep?.id ?? null,
          requiresAdminConsent: info.requiresAdminConsent === true,
          privilegeLevel: typeof info.privilegeLevel === 'number' ? info.privilegeLevel : null,
        };
        if (dep?.isHidden) json.hidden = true;
        if (dep && !dep.isEnabled) json.disabled = true;
        entry[scheme] = json;
      }
      if (perm.schemes.DelegatedPersonal) entry.personal = true;
    }
    permissions[name] = entry;
  }

  // permissions-descriptions.json lists the Graph service principal's scopes and app roles. Names
  // that permissions.json lacks (the OpenID scopes among them) are added with what that file knows.
  const addDescribed = (list: DescribedScope[], scheme: 'delegated' | 'application'): void => {
    for (const s of list) {
      const existing = canonical.get(s.value.toLowerCase());
      if (existing && permissions[existing].origin !== 'permissions-descriptions') continue;
      const name = existing ?? s.value;
      canonical.set(name.toLowerCase(), name);
      const entry = (permissions[name] ??= { authorizationType: 'oAuth2', origin: 'permissions-descriptions' });
      if (OIDC_SCOPES.has(name)) entry.oidc = true;
      if (entry[scheme]) continue;
      entry[scheme] = {
        id: s.id,
        // App roles always need admin consent; for scopes the file's isAdmin is the flag.
        requiresAdminConsent: scheme === 'application' ? true : s.isAdmin === true,
        privilegeLevel: null,
      };
    }
  };
  addDescribed(described.delegatedScopesList, 'delegated');
  addDescribed(described.applicationScopesList, 'application');

  const { paths, rules } = toRules(derivePaths(kibali, canon, notes));
  for (const [id, m] of Object.entries(rules)) {
    for (const sp of [m.delegated, m.application]) {
      for (const n of [...(sp?.accepted ?? []), ...Object.values(sp?.alsoRequires ?? {}).flat()]) {
        if (!permissions[n]) notes.push(`rule ${id} names unknown permission ${n}`);
      }
    }
  }
  return { permissions: sortKeys(permissions), paths, rules, notes };
}

// Replaces each per-method entry by the content hash of its compact JSON.
function toRules(full: Record<string, Record<string, MethodPathJson>>): Pick<GraphDerivation, 'paths' | 'rules'> {
  const paths: Record<string, Record<string, string>> = {};
  const rules: Record<string, MethodPathJson> = {};
  const seen = new Map<string, string>();
  for (const [template, methods] of Object.entries(full)) {
    const refs: Record<string, string> = {};
    for (const [method, entry] of Object.entries(methods)) {
      const body = compact(entry);
      const id = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const prior = seen.get(id);
      if (prior !== undefined && prior !== body) throw new Error(`catalog: rule id collision on ${id}; lengthen the id`);
      seen.set(id, body);
      rules[id] = entry;
      refs[method] = id;
    }
    paths[template] = refs;
  }
  return { paths, rules: sortKeys(rules) };
}

function derivePaths(
  kibali: Record<string, KibaliPermission>,
  canon: (name: string) => string,
  notes: string[],
): Record<string, Record<string, MethodPathJson>> {
  // Group equivalent raw templates (same segments once literals are lower-cased and parameter
  // names ignored) under one display template.
  const groups = new Map<string, { display: string; methods: Map<string, Map<'delegated' | 'application', Acc>> }>();
  const rawVariants = new Map<string, Set<string>>();
  for (const [rawName, perm] of Object.entries(kibali)) {
    const name = canon(rawName);
    for (const set of perm.pathSets) {
      const schemes = set.schemeKeys.filter((s): s is 'DelegatedWork' | 'Application' => s in TENANT_SCHEMES);
      if (schemes.length === 0) continue;
      for (const [rawTemplate, value] of Object.entries(set.paths)) {
        const { display, key } = canonicalGraphTemplate(rawTemplate);
        (rawVariants.get(key) ?? rawVariants.set(key, new Set()).get(key)!).add(rawTemplate);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { display, methods: new Map() }));
        else if (display < group.display) group.display = display;
        const { least, alsoRequires } = parseValue(value);
        for (const method of set.methods) {
          const byScheme = group.methods.get(method) ?? group.methods.set(method, new Map()).get(method)!;
          for (const kScheme of schemes) {
            const scheme = TENANT_SCHEMES[kScheme];
            const acc = byScheme.get(scheme) ?? byScheme.set(scheme, newAcc()).get(scheme)!;
            acc.accepted.add(name);
            if (least.has(kScheme)) acc.least.add(name);
            if (alsoRequires.length > 0) {
              const req = acc.alsoRequires.get(name) ?? acc.alsoRequires.set(name, new Set()).get(name)!;
              for (const r of alsoRequires) req.add(canon(r));
            }
          }
        }
      }
    }
  }
  for (const variants of rawVariants.values()) {
    const odd = [...variants].filter((v) => /\?|\}\}|\(team-id\)|.\/$/.test(v));
    for (const v of odd) notes.push(`normalized raw template ${JSON.stringify(v)}`);
  }

  const out: Record<string, Record<string, MethodPathJson>> = {};
  for (const group of [...groups.values()].sort((a, b) => cmp(a.display, b.display))) {
    const methods: Record<string, MethodPathJson> = {};
    for (const method of [...group.methods.keys()].sort()) {
      const byScheme = group.methods.get(method)!;
      const entry: MethodPathJson = {};
      for (const scheme of ['application', 'delegated'] as const) {
        const acc = byScheme.get(scheme);
        if (acc) entry[scheme] = finishAcc(acc);
      }
      methods[method] = entry;
    }
    if (out[group.display]) throw new Error(`catalog: two template groups share display ${group.display}`);
    out[group.display] = methods;
  }
  // Sanity: every display template must cut into the same segments the runtime will see.
  for (const t of Object.keys(out)) if (splitGraphPath(t).join('/') !== t.slice(1)) notes.push(`template ${t} re-splits differently`);
  return out;
}

interface Acc {
  accepted: Set<string>;
  least: Set<string>;
  alsoRequires: Map<string, Set<string>>;
}

function newAcc(): Acc {
  return { accepted: new Set(), least: new Set(), alsoRequires: new Map() };
}

function finishAcc(acc: Acc): SchemePathJson {
  const out: SchemePathJson = { accepted: [...acc.accepted].sort(cmp) };
  if (acc.least.size > 0) out.least = [...acc.least].sort(cmp);
  if (acc.alsoRequires.size > 0) {
    out.alsoRequires = {};
    for (const k of [...acc.alsoRequires.keys()].sort(cmp)) out.alsoRequires[k] = [...acc.alsoRequires.get(k)!].sort(cmp);
  }
  return out;
}

// `""`, `least=DelegatedWork,Application`, `AlsoRequires=A,B`, or both joined by `;`.
function parseValue(value: string): { least: Set<string>; alsoRequires: string[] } {
  const least = new Set<string>();
  let alsoRequires: string[] = [];
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const items = part.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean);
    if (key === 'least') items.forEach((s) => least.add(s));
    else if (key === 'AlsoRequires') alsoRequires = items;
    else throw new Error(`catalog: unknown path annotation ${JSON.stringify(part)}`);
  }
  return { least, alsoRequires };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) (m.get(key(it)) ?? m.set(key(it), []).get(key(it))!).push(it);
  return m;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(obj).sort(cmp)) out[k] = obj[k];
  return out;
}
