import { sql } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { Prepared, SqliteConnection } from '../sqlite/connection.js';
import type { CaPolicyRecord, ConditionalAccessStore } from './types.js';

// Read on every sign-in and token request, written only by seeding: both lookups are cached, and
// every write clears its cache (the connection clears them all after a rollback).

export class SqliteConditionalAccessStore implements ConditionalAccessStore {
  private readonly policies = new LookupCache<CaPolicyRecord[]>();
  private readonly registered = new LookupCache<boolean>(100_000);
  private readonly q: {
    list: Prepared<{ tenantId: string }>;
    put: Prepared<{ tenantId: string; id: string; data: string }>;
    isUnregistered: Prepared<{ tenantId: string; userId: string }>;
    addUnregistered: Prepared<{ tenantId: string; userId: string }>;
    removeUnregistered: Prepared<{ tenantId: string; userId: string }>;
  };

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.policies);
    c.registerCache(this.registered);
    const k = c.k;
    this.q = {
      list: c.prepare((p) => k.selectFrom('conditional_access_policies').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`)),
      put: c.prepare((p) =>
        k
          .insertInto('conditional_access_policies')
          .values({ tenant_id: p('tenantId'), id: p('id'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      ),
      isUnregistered: c.prepare((p) => k.selectFrom('mfa_unregistered_users').select('user_id').where('tenant_id', '=', p('tenantId')).where('user_id', '=', p('userId'))),
      addUnregistered: c.prepare((p) => k.insertInto('mfa_unregistered_users').values({ tenant_id: p('tenantId'), user_id: p('userId') }).onConflict((oc) => oc.doNothing())),
      removeUnregistered: c.prepare((p) => k.deleteFrom('mfa_unregistered_users').where('tenant_id', '=', p('tenantId')).where('user_id', '=', p('userId'))),
    };
  }

  async list(tenantId: string) {
    return this.c.run(() => this.policies.get(tenantId, () => (this.q.list.all({ tenantId }) as { data: string }[]).map((r) => JSON.parse(r.data) as CaPolicyRecord))!);
  }

  async put(p: CaPolicyRecord) {
    return this.c.run(() => {
      this.q.put.run({ tenantId: p.tenantId, id: p.id, data: JSON.stringify(p) });
      this.policies.clear();
    });
  }

  async isMfaRegistered(tenantId: string, userId: string) {
    return this.c.run(() => this.registered.get(key(tenantId, userId), () => this.q.isUnregistered.get({ tenantId, userId }) === undefined)!);
  }

  async setMfaRegistered(tenantId: string, userId: string, registered: boolean) {
    return this.c.run(() => {
      if (registered) this.q.removeUnregistered.run({ tenantId, userId });
      else this.q.addUnregistered.run({ tenantId, userId });
      this.registered.clear();
    });
  }
}
