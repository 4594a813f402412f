import type { Kysely } from 'kysely';
import { LookupCache } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { GoogleDB } from './sqlite-schema.js';
import type { GoogleKeyRecord, GoogleKeyStore, GoogleTokenRecord, GoogleTokenStore } from './types.js';

// Tokens by hash (every API call looks its access token up: cached, cleared on any token write),
// and service-account key material by client email.

type Row = { hash: string; kind: string; tenant_id: string; expires_at: number; consumed_at: number | null; data: string };

const toRecord = (r: Row | undefined): GoogleTokenRecord | undefined =>
  r && { ...(JSON.parse(r.data) as Omit<GoogleTokenRecord, 'hash' | 'expiresAt' | 'consumedAt'>), hash: r.hash, expiresAt: r.expires_at, consumedAt: r.consumed_at };

export class SqliteGoogleTokenStore implements GoogleTokenStore {
  private readonly cache = new LookupCache<GoogleTokenRecord>(50_000);
  private readonly q;

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.cache);
    const k = c.k as unknown as Kysely<GoogleDB>;
    this.q = {
      get: c.prepare<{ hash: string }>((p) => k.selectFrom('google_tokens').selectAll().where('hash', '=', p('hash'))),
      put: c.prepare<Row>((p) =>
        k
          .insertInto('google_tokens')
          .values({ hash: p('hash'), kind: p('kind'), tenant_id: p('tenant_id'), expires_at: p('expires_at'), consumed_at: p('consumed_at'), data: p('data') })
          .onConflict((oc) =>
            oc.column('hash').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at'), consumed_at: eb.ref('excluded.consumed_at'), data: eb.ref('excluded.data') })),
          ),
      ),
      consume: c.prepare<{ hash: string; at: number }>((p) =>
        k.updateTable('google_tokens').set({ consumed_at: p('at') }).where('hash', '=', p('hash')).where('consumed_at', 'is', null),
      ),
      deleteExpired: c.prepare<{ before: number }>((p) => k.deleteFrom('google_tokens').where('expires_at', '<', p('before'))),
    };
  }

  async put(t: GoogleTokenRecord) {
    return this.c.run(() => {
      const { hash, expiresAt, consumedAt, ...rest } = t;
      this.q.put.run({ hash, kind: t.kind, tenant_id: t.tenantId, expires_at: expiresAt, consumed_at: consumedAt, data: JSON.stringify(rest) });
      this.cache.clear();
    });
  }

  async get(hash: string) {
    return this.c.run(() => this.cache.get(hash, () => toRecord(this.q.get.get({ hash }) as Row | undefined)));
  }

  async consume(hash: string, at: number) {
    return this.c.run(() => {
      const ok = this.q.consume.run({ hash, at }).changes === 1;
      this.cache.clear();
      return ok;
    });
  }

  async update(hash: string, patch: Partial<Pick<GoogleTokenRecord, 'data' | 'expiresAt' | 'subject' | 'subjectKind' | 'scopes'>>) {
    const current = await this.get(hash);
    if (!current) return;
    await this.put({ ...current, ...patch });
  }

  async deleteExpired(before: number) {
    return this.c.run(() => {
      const n = this.q.deleteExpired.run({ before }).changes;
      this.cache.clear();
      return n;
    });
  }
}

export class SqliteGoogleKeyStore implements GoogleKeyStore {
  private readonly q;

  constructor(private readonly c: SqliteConnection<any>) {
    const k = c.k as unknown as Kysely<GoogleDB>;
    this.q = {
      get: c.prepare<{ email: string }>((p) => k.selectFrom('google_key_material').select('data').where('client_email', '=', p('email'))),
      put: c.prepare<{ email: string; data: string }>((p) =>
        k
          .insertInto('google_key_material')
          .values({ client_email: p('email'), data: p('data') })
          .onConflict((oc) => oc.column('client_email').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      ),
    };
  }

  async get(clientEmail: string) {
    return this.c.run(() => {
      const row = this.q.get.get({ email: clientEmail.toLowerCase() }) as { data: string } | undefined;
      return row ? (JSON.parse(row.data) as GoogleKeyRecord) : undefined;
    });
  }

  async put(k: GoogleKeyRecord) {
    return this.c.run(() => void this.q.put.run({ email: k.clientEmail.toLowerCase(), data: JSON.stringify(k) }));
  }
}
