import type { MetaStore, StableIdStore } from '../types.js';
import type { SqliteConnection } from './connection.js';

// Key/value facts about the data dir, and the stable ids the seeder hands out. Neither is touched by a reset.

export class SqliteMetaStore implements MetaStore {
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    const k = c.k;
    this.q = {
      get: c.prepare<{ key: string }>((p) => k.selectFrom('meta').select('value').where('key', '=', p('key'))),
      set: c.prepare<{ key: string; value: string }>((p) =>
        k
          .insertInto('meta')
          .values({ key: p('key'), value: p('value') })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
      ),
    };
  }

  async get(key: string) {
    return this.c.run(() => (this.q.get.get({ key }) as { value: string } | undefined)?.value);
  }

  async set(key: string, value: string) {
    return this.c.run(() => {
      this.q.set.run({ key, value });
    });
  }
}

export class SqliteStableIdStore implements StableIdStore {
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    const k = c.k;
    this.q = {
      get: c.prepare<{ scope: string; naturalKey: string }>((p) =>
        k.selectFrom('stable_ids').select('id').where('scope', '=', p('scope')).where('natural_key', '=', p('naturalKey')),
      ),
      insert: c.prepare<{ scope: string; naturalKey: string; id: string }>((p) =>
        k.insertInto('stable_ids').values({ scope: p('scope'), natural_key: p('naturalKey'), id: p('id') }),
      ),
    };
  }

  /** Look-up and insert run in one synchronous step: two callers asking at once get the same id. */
  async idFor(scope: string, naturalKey: string, make: () => string) {
    return this.c.run(() => {
      const row = this.q.get.get({ scope, naturalKey }) as { id: string } | undefined;
      if (row) return row.id;
      const id = make();
      this.q.insert.run({ scope, naturalKey, id });
      return id;
    });
  }
}
