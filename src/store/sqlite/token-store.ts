import type { TokenGrantRecord, TokenStore } from '../types.js';
import type { SqliteConnection } from './connection.js';

// Refresh tokens, authorization codes, device codes, sessions, by hash. `data.userCode` (device
// code flow) is copied into an indexed column for findByUserCode.

interface Row {
  hash: string;
  kind: TokenGrantRecord['kind'];
  tenant_id: string;
  client_id: string;
  user_id: string | null;
  data: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

const COLUMNS = ['hash', 'kind', 'tenant_id', 'client_id', 'user_id', 'data', 'created_at', 'expires_at', 'consumed_at'] as const;

const toRecord = (r: Row | undefined): TokenGrantRecord | undefined =>
  r && {
    hash: r.hash,
    kind: r.kind,
    tenantId: r.tenant_id,
    clientId: r.client_id,
    userId: r.user_id,
    data: JSON.parse(r.data),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    consumedAt: r.consumed_at,
  };

const userCodeOf = (data: Record<string, unknown>) => (typeof data.userCode === 'string' ? data.userCode : null);

type PutArgs = {
  hash: string;
  kind: string;
  tenantId: string;
  clientId: string;
  userId: string | null;
  userCode: string | null;
  data: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
};

export class SqliteTokenStore implements TokenStore {
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    const k = c.k;
    this.q = {
      put: c.prepare<PutArgs>((p) =>
        k
          .insertInto('token_grants')
          .values({
            hash: p('hash'),
            kind: p('kind'),
            tenant_id: p('tenantId'),
            client_id: p('clientId'),
            user_id: p('userId'),
            user_code: p('userCode'),
            data: p('data'),
            created_at: p('createdAt'),
            expires_at: p('expiresAt'),
            consumed_at: p('consumedAt'),
          })
          .onConflict((oc) =>
            oc.column('hash').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              tenant_id: eb.ref('excluded.tenant_id'),
              client_id: eb.ref('excluded.client_id'),
              user_id: eb.ref('excluded.user_id'),
              user_code: eb.ref('excluded.user_code'),
              data: eb.ref('excluded.data'),
              created_at: eb.ref('excluded.created_at'),
              expires_at: eb.ref('excluded.expires_at'),
              consumed_at: eb.ref('excluded.consumed_at'),
            })),
          ),
      ),
      get: c.prepare<{ hash: string }>((p) => k.selectFrom('token_grants').select(COLUMNS).where('hash', '=', p('hash'))),
      // The atomic check-and-set: a code redeemed twice finds consumed_at already set.
      consume: c.prepare<{ hash: string; at: number }>((p) =>
        k.updateTable('token_grants').set({ consumed_at: p('at') }).where('hash', '=', p('hash')).where('consumed_at', 'is', null),
      ),
      update: c.prepare<{ hash: string; data: string; userCode: string | null; expiresAt: number; consumedAt: number | null }>((p) =>
        k
          .updateTable('token_grants')
          .set({ data: p('data'), user_code: p('userCode'), expires_at: p('expiresAt'), consumed_at: p('consumedAt') })
          .where('hash', '=', p('hash')),
      ),
      byUserCode: c.prepare<{ userCode: string }>((p) => k.selectFrom('token_grants').select(COLUMNS).where('user_code', '=', p('userCode')).limit(1)),
      deleteExpired: c.prepare<{ before: number }>((p) => k.deleteFrom('token_grants').where('expires_at', '<', p('before'))),
    };
  }

  async put(t: TokenGrantRecord) {
    return this.c.run(() => {
      this.q.put.run({
        hash: t.hash,
        kind: t.kind,
        tenantId: t.tenantId,
        clientId: t.clientId,
        userId: t.userId,
        userCode: userCodeOf(t.data),
        data: JSON.stringify(t.data),
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        consumedAt: t.consumedAt,
      });
    });
  }

  async get(hash: string) {
    return this.c.run(() => toRecord(this.q.get.get({ hash })));
  }

  async consume(hash: string, at: number) {
    return this.c.run(() => this.q.consume.run({ hash, at }).changes === 1);
  }

  /** Read-modify-write in one synchronous step, so no other call sees it half done. */
  async update(hash: string, patch: Partial<Pick<TokenGrantRecord, 'data' | 'expiresAt' | 'consumedAt'>>) {
    return this.c.run(() => {
      const cur = toRecord(this.q.get.get({ hash }));
      if (!cur) throw new Error(`token grant ${hash.slice(0, 8)}… does not exist (update of a missing grant)`);
      const data = patch.data ?? cur.data;
      this.q.update.run({
        hash,
        data: JSON.stringify(data),
        userCode: userCodeOf(data),
        expiresAt: patch.expiresAt ?? cur.expiresAt,
        consumedAt: 'consumedAt' in patch ? (patch.consumedAt ?? null) : cur.consumedAt,
      });
    });
  }

  async findByUserCode(userCode: string) {
    return this.c.run(() => toRecord(this.q.byUserCode.get({ userCode })));
  }

  async deleteExpired(before: number) {
    return this.c.run(() => this.q.deleteExpired.run({ before }).changes);
  }
}
