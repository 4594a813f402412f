import { sql } from 'kysely';
import type { KeyStore, SigningKeyRecord } from '../types.js';
import { LookupCache } from './cache.js';
import type { SqliteConnection } from './connection.js';

// Token signing keys per tenant, read on every token issued and every JWKS request (cached).
export class SqliteKeyStore implements KeyStore {
  private readonly cache = new LookupCache<SigningKeyRecord[]>();
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    c.registerCache(this.cache);
    const k = c.k;
    this.q = {
      list: c.prepare<{ tenantId: string }>((p) => k.selectFrom('signing_keys').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`)),
      put: c.prepare<{ tenantId: string; kid: string; data: string }>((p) =>
        k
          .insertInto('signing_keys')
          .values({ tenant_id: p('tenantId'), kid: p('kid'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'kid']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      ),
    };
  }

  async listKeys(tenantId: string) {
    return this.c.run(() => this.cache.get(tenantId, () => this.q.list.pluck({ tenantId }).map((d: string) => JSON.parse(d) as SigningKeyRecord)) ?? []);
  }

  async putKey(key: SigningKeyRecord) {
    return this.c.run(() => {
      this.q.put.run({ tenantId: key.tenantId, kid: key.kid, data: JSON.stringify(key) });
      this.cache.clear();
    });
  }
}
