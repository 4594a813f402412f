import { sql } from 'kysely';
import type { DirectoryKind, DirectoryStore, GroupRecord, MemberType, TenantRecord, UserRecord } from '../types.js';
import { LookupCache, key } from './cache.js';
import type { SqliteConnection } from './connection.js';

// Tenants, users (people and room mailboxes), groups (and room lists), memberships.
// Lookups by upn/mail are case-insensitive: those columns are stored lower-case and the key is
// lower-cased. Ids are lower-case GUIDs (the seeder and handlers generate them so); an id lookup
// is exact or lower-cased.

type TenantArgs = { id: string; domain: string; data: string };
type UserArgs = { tenantId: string; id: string; kind: string; upn: string; mail: string | null; data: string };
type GroupArgs = { tenantId: string; id: string; mail: string | null; data: string };

const parse = <T>(row: { data: string } | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const lower = (s: string | null | undefined) => (s == null ? null : s.toLowerCase());

export class SqliteDirectoryStore implements DirectoryStore {
  private readonly tenants = new LookupCache<TenantRecord>();
  private readonly users = new LookupCache<UserRecord>();
  private readonly groups = new LookupCache<GroupRecord>();
  private readonly membership = new LookupCache<boolean>(100_000);

  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    for (const cache of [this.tenants, this.users, this.groups, this.membership]) c.registerCache(cache);
    const k = c.k;
    this.q = {
      tenantById: c.prepare<{ id: string }>((p) => k.selectFrom('tenants').select('data').where('id', '=', p('id'))),
      tenantByDomain: c.prepare<{ domain: string }>((p) => k.selectFrom('tenants').select('data').where('domain', '=', p('domain'))),
      listTenants: c.prepare<{}>(() => k.selectFrom('tenants').select('data').orderBy(sql`rowid`)),
      putTenant: c.prepare<TenantArgs>((p) =>
        k
          .insertInto('tenants')
          .values({ id: p('id'), domain: p('domain'), data: p('data') })
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ domain: eb.ref('excluded.domain'), data: eb.ref('excluded.data') }))),
      ),
      // One statement per key column, never `id = ? OR upn = ? OR mail = ?`: SQLite answers such an
      // OR with the tenant_id prefix of one index, i.e. a scan of the tenant's users.
      userById: c.prepare<{ tenantId: string; id: string }>((p) => k.selectFrom('users').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      userByUpn: c.prepare<{ tenantId: string; upn: string }>((p) => k.selectFrom('users').select('data').where('tenant_id', '=', p('tenantId')).where('upn', '=', p('upn'))),
      userByMail: c.prepare<{ tenantId: string; mail: string }>((p) =>
        k.selectFrom('users').select('data').where('tenant_id', '=', p('tenantId')).where('mail', '=', p('mail')).limit(1),
      ),
      listUsers: c.prepare<{ tenantId: string }>((p) => k.selectFrom('users').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`)),
      listUsersOfKind: c.prepare<{ tenantId: string; kind: string }>((p) =>
        k.selectFrom('users').select('data').where('tenant_id', '=', p('tenantId')).where('kind', '=', p('kind')).orderBy(sql`rowid`),
      ),
      putUser: c.prepare<UserArgs>((p) =>
        k
          .insertInto('users')
          .values({ tenant_id: p('tenantId'), id: p('id'), kind: p('kind'), upn: p('upn'), mail: p('mail'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              upn: eb.ref('excluded.upn'),
              mail: eb.ref('excluded.mail'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      deleteUser: c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom('users').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      groupById: c.prepare<{ tenantId: string; id: string }>((p) => k.selectFrom('groups').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      groupByMail: c.prepare<{ tenantId: string; mail: string }>((p) =>
        k.selectFrom('groups').select('data').where('tenant_id', '=', p('tenantId')).where('mail', '=', p('mail')).limit(1),
      ),
      listGroups: c.prepare<{ tenantId: string }>((p) => k.selectFrom('groups').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`)),
      putGroup: c.prepare<GroupArgs>((p) =>
        k
          .insertInto('groups')
          .values({ tenant_id: p('tenantId'), id: p('id'), mail: p('mail'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ mail: eb.ref('excluded.mail'), data: eb.ref('excluded.data') }))),
      ),
      deleteGroup: c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom('groups').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      // Memberships pointing at a deleted object, in either direction (two statements, each on its index).
      deleteEdgesAsMember: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('group_members').where('tenant_id', '=', p('tenantId')).where('member_id', '=', p('id')),
      ),
      deleteEdgesAsGroup: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('group_members').where('tenant_id', '=', p('tenantId')).where('group_id', '=', p('id')),
      ),
      addMember: c.prepare<{ tenantId: string; groupId: string; relation: string; memberId: string; memberType: string }>((p) =>
        k
          .insertInto('group_members')
          .values({ tenant_id: p('tenantId'), group_id: p('groupId'), relation: p('relation'), member_id: p('memberId'), member_type: p('memberType') })
          .onConflict((oc) => oc.columns(['tenant_id', 'group_id', 'relation', 'member_id']).doUpdateSet((eb) => ({ member_type: eb.ref('excluded.member_type') }))),
      ),
      removeMember: c.prepare<{ tenantId: string; groupId: string; relation: string; memberId: string }>((p) =>
        k
          .deleteFrom('group_members')
          .where('tenant_id', '=', p('tenantId'))
          .where('group_id', '=', p('groupId'))
          .where('relation', '=', p('relation'))
          .where('member_id', '=', p('memberId')),
      ),
      listMembers: c.prepare<{ tenantId: string; groupId: string; relation: string }>((p) =>
        k
          .selectFrom('group_members')
          .select(['member_id', 'member_type'])
          .where('tenant_id', '=', p('tenantId'))
          .where('group_id', '=', p('groupId'))
          .where('relation', '=', p('relation'))
          .orderBy(sql`rowid`),
      ),
      listMemberOf: c.prepare<{ tenantId: string; memberId: string }>((p) =>
        k
          .selectFrom('group_members')
          .select('group_id')
          .where('tenant_id', '=', p('tenantId'))
          .where('member_id', '=', p('memberId'))
          .where('relation', '=', 'member')
          .orderBy(sql`rowid`),
      ),
      // Walks up from the member through nested groups; UNION (not UNION ALL) stops on cycles.
      isTransitiveMember: c.prepare<{ tenantId: string; memberId: string; groupId: string }>((p) =>
        k
          .withRecursive('up(gid)', (db) =>
            db
              .selectFrom('group_members')
              .select('group_id')
              .where('tenant_id', '=', p('tenantId'))
              .where('member_id', '=', p('memberId'))
              .where('relation', '=', 'member')
              // `up CROSS JOIN gm` keeps the queue row as the outer loop (SQLite does not reorder
              // a CROSS JOIN), so each step is one index lookup by member instead of a scan.
              .union((db2: any) =>
                db2
                  .selectFrom('up')
                  .crossJoin('group_members as gm')
                  .select('gm.group_id')
                  .where('gm.tenant_id', '=', p('tenantId'))
                  .whereRef('gm.member_id', '=', 'up.gid')
                  .where('gm.relation', '=', 'member'),
              ) as any,
          )
          .selectFrom('up')
          .select(sql<number>`1`.as('found'))
          .where(sql.ref('gid'), '=', p('groupId'))
          .limit(1),
      ),
    };
  }

  async getTenant(tenantIdOrDomain: string) {
    const lo = tenantIdOrDomain.toLowerCase();
    return this.c.run(() =>
      this.tenants.get(lo, () =>
        parse<TenantRecord>(this.q.tenantById.get({ id: tenantIdOrDomain }) ?? this.q.tenantById.get({ id: lo }) ?? this.q.tenantByDomain.get({ domain: lo })),
      ),
    );
  }

  async listTenants() {
    return this.c.run(() => this.q.listTenants.pluck({}).map((d: string) => JSON.parse(d) as TenantRecord));
  }

  async putTenant(t: TenantRecord) {
    return this.c.run(() => {
      this.q.putTenant.run({ id: t.id, domain: t.domain.toLowerCase(), data: JSON.stringify(t) });
      this.tenants.clear();
    });
  }

  async getUser(tenantId: string, idOrUpnOrMail: string) {
    const lo = idOrUpnOrMail.toLowerCase();
    return this.c.run(() =>
      this.users.get(key(tenantId, lo), () =>
        parse<UserRecord>(
          lo.includes('@')
            ? (this.q.userByUpn.get({ tenantId, upn: lo }) ?? this.q.userByMail.get({ tenantId, mail: lo }))
            : (this.q.userById.get({ tenantId, id: idOrUpnOrMail }) ?? this.q.userById.get({ tenantId, id: lo })),
        ),
      ),
    );
  }

  async listUsers(tenantId: string, opts: { kind?: DirectoryKind } = {}) {
    return this.c.run(() => {
      const rows: string[] = opts.kind ? this.q.listUsersOfKind.pluck({ tenantId, kind: opts.kind }) : this.q.listUsers.pluck({ tenantId });
      return rows.map((d) => JSON.parse(d) as UserRecord);
    });
  }

  async putUser(u: UserRecord) {
    return this.c.run(() => {
      this.q.putUser.run({ tenantId: u.tenantId, id: u.id, kind: u.kind, upn: u.userPrincipalName.toLowerCase(), mail: lower(u.mail), data: JSON.stringify(u) });
      this.users.clear();
    });
  }

  async deleteUser(tenantId: string, id: string) {
    return this.c.run(() => {
      const changed = this.q.deleteUser.run({ tenantId, id }).changes > 0;
      this.q.deleteEdgesAsMember.run({ tenantId, id });
      this.q.deleteEdgesAsGroup.run({ tenantId, id });
      this.users.clear();
      this.membership.clear();
      return changed;
    });
  }

  async getGroup(tenantId: string, idOrMail: string) {
    const lo = idOrMail.toLowerCase();
    return this.c.run(() =>
      this.groups.get(key(tenantId, lo), () =>
        parse<GroupRecord>(
          lo.includes('@') ? this.q.groupByMail.get({ tenantId, mail: lo }) : (this.q.groupById.get({ tenantId, id: idOrMail }) ?? this.q.groupById.get({ tenantId, id: lo })),
        ),
      ),
    );
  }

  async listGroups(tenantId: string) {
    return this.c.run(() => this.q.listGroups.pluck({ tenantId }).map((d: string) => JSON.parse(d) as GroupRecord));
  }

  async putGroup(g: GroupRecord) {
    return this.c.run(() => {
      this.q.putGroup.run({ tenantId: g.tenantId, id: g.id, mail: lower(g.mail), data: JSON.stringify(g) });
      this.groups.clear();
    });
  }

  async deleteGroup(tenantId: string, id: string) {
    return this.c.run(() => {
      const changed = this.q.deleteGroup.run({ tenantId, id }).changes > 0;
      this.q.deleteEdgesAsMember.run({ tenantId, id });
      this.q.deleteEdgesAsGroup.run({ tenantId, id });
      this.groups.clear();
      this.membership.clear();
      return changed;
    });
  }

  async addMember(tenantId: string, groupId: string, memberId: string, memberType: MemberType, relation: 'member' | 'owner' = 'member') {
    return this.c.run(() => {
      this.q.addMember.run({ tenantId, groupId, relation, memberId, memberType });
      this.membership.clear();
    });
  }

  async removeMember(tenantId: string, groupId: string, memberId: string, relation: 'member' | 'owner' = 'member') {
    return this.c.run(() => {
      const changed = this.q.removeMember.run({ tenantId, groupId, relation, memberId }).changes > 0;
      this.membership.clear();
      return changed;
    });
  }

  async listMembers(tenantId: string, groupId: string, relation: 'member' | 'owner' = 'member') {
    return this.c.run(() =>
      this.q.listMembers.all({ tenantId, groupId, relation }).map((r: { member_id: string; member_type: MemberType }) => ({ id: r.member_id, type: r.member_type })),
    );
  }

  async listMemberOf(tenantId: string, memberId: string) {
    return this.c.run(() => this.q.listMemberOf.pluck({ tenantId, memberId }) as string[]);
  }

  async isTransitiveMember(tenantId: string, groupId: string, memberId: string) {
    return this.c.run(
      () => this.membership.get(key(tenantId, groupId, memberId), () => this.q.isTransitiveMember.get({ tenantId, memberId, groupId }) !== undefined) ?? false,
    );
  }
}
