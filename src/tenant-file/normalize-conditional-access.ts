import type { Directory } from './normalize-directory.js';
import * as S from './schema.js';
import type { Entry, TenantContext } from './tenant-context.js';
import type { AppSpec, ConditionalAccessPolicySpec } from './types.js';
import { closest } from './zod-issues.js';

// `conditionalAccess:` (docs/tenant-file.md#conditional-access). Each target must name something
// of this tenant: users by upn, groups by mail, apps by displayName or appId (any appId is accepted,
// so Microsoft's own resources such as Graph, 00000003-0000-0000-c000-000000000000, can be targeted).

const GRAPH_NAMES = new Set(['microsoft graph', 'graph']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function normalizeConditionalAccess(ctx: TenantContext, raw: unknown[], dir: Directory, apps: Entry<AppSpec>[]): ConditionalAccessPolicySpec[] {
  const out: ConditionalAccessPolicySpec[] = [];
  const names = new Map<string, string>();
  for (const { spec: p, path } of ctx.parseItems(['conditionalAccess'], raw, S.ConditionalAccessPolicy)) {
    const first = names.get(p.name.toLowerCase());
    if (first) ctx.report([...path, 'name'], `duplicate Conditional Access policy name '${p.name}'; already used at ${first}`);
    else names.set(p.name.toLowerCase(), ctx.source(path).path);
    if (p.users.include.length === 0) ctx.report([...path, 'users', 'include'], "a policy needs at least one user to include ('all', a upn or a group mail)");
    if (p.apps.include.length === 0) ctx.report([...path, 'apps', 'include'], "a policy needs at least one app to include ('all', an app displayName or appId)");
    const users = (key: 'include' | 'exclude') =>
      p.users[key].map((v, i) => {
        const value = v.toLowerCase();
        if (value === 'all') return value;
        const owner = dir.addresses.get(value);
        if (!owner || (owner.kind !== 'user' && owner.kind !== 'group')) {
          const hint = closest(value, [...dir.addresses.keys()]);
          ctx.report([...path, 'users', key, i], `unknown user or group '${v}': expected 'all', the upn of a user or the mail of a group of this tenant${hint ? ` (did you mean '${hint}'?)` : ''}`);
        }
        return value;
      });
    const appTargets = (key: 'include' | 'exclude') =>
      p.apps[key].map((v, i) => {
        const value = v.toLowerCase();
        if (value === 'all' || GUID.test(value) || GRAPH_NAMES.has(value)) return value;
        if (!apps.some((a) => a.spec.displayName.toLowerCase() === value)) {
          const hint = closest(v, apps.map((a) => a.spec.displayName));
          ctx.report([...path, 'apps', key, i], `unknown app '${v}': expected 'all', 'Microsoft Graph', an appId, or the displayName of an app of this tenant${hint ? ` (did you mean '${hint}'?)` : ''}`);
        }
        return value;
      });
    out.push({
      name: p.name,
      state: p.state,
      users: { include: users('include'), exclude: users('exclude') },
      apps: { include: appTargets('include'), exclude: appTargets('exclude') },
      grant: p.grant,
      source: ctx.source(path),
    });
  }
  return out;
}
