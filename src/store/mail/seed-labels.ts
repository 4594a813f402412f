import type { Ids } from '../../shared/ids.js';
import type { LoadedTenantFile } from '../../tenant-file/types.js';
import type { Stores } from '../types.js';

// Seeds each tenant's `sensitivityLabels:` after seedTenants has created the tenants. Labels the
// file gives no id keep the id the data dir gave them (stable ids survive a reset), so an app
// that stored a label id keeps finding it. Call it inside the same transaction as seedTenants.
export async function seedSensitivityLabels(stores: Stores, loaded: LoadedTenantFile, deps: { ids: Ids }): Promise<{ tenantId: string; labels: number }[]> {
  const labels = stores.sensitivityLabels;
  if (!labels) throw new Error('tenantbox: seedSensitivityLabels needs Stores.sensitivityLabels (src/store/mail/index.ts createSqliteMailStores)');
  const out: { tenantId: string; labels: number }[] = [];
  for (const spec of loaded.tenants) {
    const tenant = await stores.directory.getTenant(spec.domain);
    if (!tenant) throw new Error(`tenantbox: seedSensitivityLabels runs after seedTenants; tenant ${spec.domain} is not seeded`);
    for (const l of spec.sensitivityLabels) {
      const id = l.id ?? (await stores.stableIds.idFor('sensitivityLabel', `${tenant.id}:${l.name.toLowerCase()}`, () => deps.ids.uuid()));
      await labels.put({
        tenantId: tenant.id,
        id: id.toLowerCase(),
        name: l.name,
        description: l.description ?? '',
        color: l.color ?? '',
        sensitivity: l.sensitivity,
        tooltip: l.description ?? '',
        parentId: null,
        isActive: true,
      });
    }
    out.push({ tenantId: tenant.id, labels: spec.sensitivityLabels.length });
  }
  return out;
}
