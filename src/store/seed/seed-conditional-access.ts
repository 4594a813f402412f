import { policyId } from '../conditional-access/policy-id.js';
import { GRAPH_APP_ID } from '../types.js';
import { type SeedContext, SeedError, type TenantState, lookup } from './context.js';
import type { AppPlan } from './seed-apps.js';

// `conditionalAccess:` and users' `mfaRegistered: false` → the Conditional Access store. Targets
// are resolved to ids here, as Entra keeps them: users and groups to object ids, apps (displayName
// of an app of this tenant, `Microsoft Graph`, or any appId) to appIds. The loader has already
// refused unknown targets with file:line; lookup() fails the same way should one slip through.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GRAPH_NAMES = new Set(['microsoft graph', 'graph']);

export async function seedConditionalAccess(ctx: SeedContext, t: TenantState, plans: AppPlan[]): Promise<void> {
  const store = ctx.stores.conditionalAccess;
  for (const u of t.spec.users) {
    if (u.mfaRegistered === false) await store.setMfaRegistered(t.id, lookup(t, u.upn, u.source, 'user', ['user']).record.id, false);
  }
  for (const p of t.spec.conditionalAccess ?? []) {
    const principals = (list: string[]) => list.map((v) => (v === 'all' ? v : lookup(t, v, p.source, 'user or group', ['user', 'group']).record.id.toLowerCase()));
    const apps = (list: string[]) =>
      list.map((v) => {
        const lower = v.toLowerCase();
        if (lower === 'all') return lower;
        if (GRAPH_NAMES.has(lower)) return GRAPH_APP_ID;
        const own = plans.find((a) => a.home === t && a.spec.displayName.toLowerCase() === lower);
        if (own) return own.appId.toLowerCase();
        if (GUID.test(lower)) return lower;
        throw new SeedError(p.source, `unknown app '${v}'`);
      });
    await store.put({
      tenantId: t.id,
      id: policyId(t.id, p.name),
      name: p.name,
      state: p.state,
      users: { include: principals(p.users.include), exclude: principals(p.users.exclude) },
      apps: { include: apps(p.apps.include), exclude: apps(p.apps.exclude) },
      grant: p.grant,
    });
  }
}
