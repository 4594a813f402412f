import type { GoogleCatalog } from '../catalog/index.js';
import type { Clock } from '../shared/clock.js';
import type { Ids } from '../shared/ids.js';
import type { Services } from '../shared/services.js';
import type { AuditStore } from '../store/types.js';
import type { GoogleStores } from '../store/google/types.js';

// What the Google surface (and the Google seeder) works with: its stores, the clock, ids and the
// Google half of the catalog. Built once from Services in registerGoogle.

export interface GoogleContext {
  stores: GoogleStores;
  audit: AuditStore | undefined;
  clock: Clock;
  ids: Ids;
  catalog: GoogleCatalog;
}

export function googleContextOf(s: Services): GoogleContext {
  const stores = s.stores.google;
  if (!stores) {
    throw new Error(
      'tenantbox: the Google stores are not wired: open-sqlite.ts must add `google: createSqliteGoogleStores(main)` (src/store/google/index.ts) to Stores',
    );
  }
  return { stores, audit: s.stores.audit, clock: s.clock, ids: s.ids, catalog: s.catalog.google };
}
