import type { LoadedTenantFile } from '../../tenant-file/types.js';
import { seedAdminConsentWorkflow } from '../consent-requests/seed.js';
import type { Stores } from '../types.js';
import { type SeedDeps, SeedError, type SeedSummary, type TenantState, createContext } from './context.js';
import { planApps, seedApps } from './seed-apps.js';
import { seedConditionalAccess } from './seed-conditional-access.js';
import { seedConsents } from './seed-consents.js';
import { seedDirectory } from './seed-directory.js';
import { seedEvents } from './seed-events.js';
import { seedPolicies } from './seed-policies.js';

/**
 * Writes the tenants of a loaded tenant file into the stores, in one transaction (nested in the
 * caller's, if any: a reset is clearTenantState + seedTenants in one). Ids the file leaves out
 * come from the data dir's stable ids, so seeding again after a reset gives every object the id
 * it had. Records are upserted: seeding onto tenant state that was not cleared overwrites it.
 */
export async function seedTenants(stores: Stores, loaded: LoadedTenantFile, deps: SeedDeps): Promise<SeedSummary> {
  return stores.transaction(async () => {
    const ctx = createContext(stores, deps);
    const tenants: TenantState[] = [];
    for (const spec of loaded.tenants) {
      const domain = spec.domain.toLowerCase();
      if (tenants.some((t) => t.domain === domain)) throw new SeedError(spec.source, `tenant ${domain} is declared twice`);
      const t = await seedDirectory(ctx, spec);
      if (tenants.some((o) => o.id === t.id)) throw new SeedError(spec.source, `tenant id ${t.id} is used by two tenants`);
      tenants.push(t);
    }
    // Apps after every directory: a multi-tenant app's home may be declared after a tenant using it.
    const plans = await planApps(ctx, tenants);
    await seedApps(ctx, plans);
    for (const t of tenants) {
      await seedConsents(ctx, t, plans);
      await seedPolicies(ctx, t, plans);
      await seedAdminConsentWorkflow(ctx, t);
      await seedConditionalAccess(ctx, t, plans);
      await seedEvents(ctx, t);
    }
    return {
      tenants: tenants.map((t) => ({
        id: t.id,
        domain: t.domain,
        displayName: t.spec.displayName,
        users: t.users,
        rooms: t.rooms,
        groups: t.groups,
        apps: plans.filter((p) => p.home === t).map((p) => ({ displayName: p.spec.displayName, appId: p.appId })),
        events: t.events,
      })),
    };
  });
}
