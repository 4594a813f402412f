import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCatalog } from '../../catalog/index.js';
import { createClock } from '../../shared/clock.js';
import { systemIds } from '../../shared/ids.js';
import { loadTenantFile } from '../../tenant-file/load.js';
import { tempStores } from '../sqlite/test-records.js';
import type { Stores } from '../types.js';
import { seedTenants } from './seed-tenants.js';

// The shipped tenant files, through the real loader and permission catalog: what `tenantbox up`
// seeds. Catches a file the loader accepts but the seeder cannot apply.

const examples = join(import.meta.dirname, '../../../examples');

describe('seeding the example tenant files', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it.each(['minimal.yaml', 'demo-tenant.yaml'])('seeds %s', async (name) => {
    const catalog = getCatalog();
    const clock = createClock();
    const file = loadTenantFile(join(examples, name), {
      now: clock.nowDate(),
      knownPermission: (resource, scheme, permission) => resource !== 'graph' || Boolean(catalog.permission(permission)?.[scheme]),
    });
    const summary = await seedTenants(stores, file, { clock, ids: systemIds, permissionId: (_r, scheme, n) => catalog.permission(n)?.[scheme]?.id });
    expect(summary.tenants.length).toBe(file.tenants.length);
    for (const [i, t] of summary.tenants.entries()) {
      expect(t.users).toBe(file.tenants[i]!.users.length);
      expect(t.rooms).toBe(file.tenants[i]!.rooms.length);
      expect(await stores.events.countEvents(t.id)).toBe(t.events);
    }
  });
});
