import { sql } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { SensitivityLabelRecord, SensitivityLabelStore } from './types.js';

// The tenant's sensitivity labels: a handful per tenant, written by the seeder, read whole.
export class SqliteSensitivityLabelStore implements SensitivityLabelStore {
  private readonly cache = new LookupCache<SensitivityLabelRecord[]>();

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.cache);
  }

  async list(tenantId: string) {
    return this.c.run(
      () =>
        this.cache.get(key('labels', tenantId), () =>
          (this.c.all(this.c.k.selectFrom('sensitivity_labels').select('data').where('tenant_id', '=', tenantId).orderBy(sql`rowid`)) as { data: string }[]).map(
            (r) => JSON.parse(r.data) as SensitivityLabelRecord,
          ),
        )!,
    );
  }

  async get(tenantId: string, id: string) {
    return (await this.list(tenantId)).find((l) => l.id.toLowerCase() === id.toLowerCase());
  }

  async put(label: SensitivityLabelRecord) {
    return this.c.run(() => {
      this.c.exec(
        this.c.k
          .insertInto('sensitivity_labels')
          .values({ tenant_id: label.tenantId, id: label.id, data: JSON.stringify(label) })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      );
      this.cache.clear();
    });
  }
}
