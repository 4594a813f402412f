import { sql } from 'kysely';
import type { ApplicationAccessPolicyRecord, MailboxPermissionRecord, PolicyStore, TeamsAccessPolicyRecord } from '../types.js';
import { LookupCache, key } from './cache.js';
import type { SqliteConnection } from './connection.js';

// Mailbox permissions, Exchange application access policies, Teams application access policies.
// App-only Graph calls check the AAPs of the tenant and delegated cross-mailbox calls check the
// permissions on every request, so list results are cached per tenant (and filter).

export class SqlitePolicyStore implements PolicyStore {
  private readonly lists = new LookupCache<unknown[]>();
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    c.registerCache(this.lists);
    const k = c.k;
    const put = (table: 'application_access_policies' | 'teams_access_policies') =>
      c.prepare<{ tenantId: string; id: string; data: string }>((p) =>
        k
          .insertInto(table)
          .values({ tenant_id: p('tenantId'), id: p('id'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      );
    const list = (table: 'application_access_policies' | 'teams_access_policies') =>
      c.prepare<{ tenantId: string }>((p) => k.selectFrom(table).select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`));
    const del = (table: 'application_access_policies' | 'teams_access_policies' | 'mailbox_permissions') =>
      c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom(table).where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')));
    this.q = {
      putMailboxPermission: c.prepare<{ tenantId: string; id: string; mailboxId: string; granteeId: string; data: string }>((p) =>
        k
          .insertInto('mailbox_permissions')
          .values({ tenant_id: p('tenantId'), id: p('id'), mailbox_id: p('mailboxId'), grantee_id: p('granteeId'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              mailbox_id: eb.ref('excluded.mailbox_id'),
              grantee_id: eb.ref('excluded.grantee_id'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      deleteMailboxPermission: del('mailbox_permissions'),
      putAap: put('application_access_policies'),
      listAap: list('application_access_policies'),
      deleteAap: del('application_access_policies'),
      putTeams: put('teams_access_policies'),
      listTeams: list('teams_access_policies'),
      deleteTeams: del('teams_access_policies'),
    };
  }

  private write<T>(op: () => T): T | Promise<T> {
    return this.c.run(() => {
      const out = op();
      this.lists.clear();
      return out;
    });
  }

  async listMailboxPermissions(tenantId: string, filter: { mailboxId?: string; granteeId?: string } = {}) {
    return this.c.run(
      () =>
        this.lists.get(key('mbx', tenantId, filter.mailboxId ?? '', filter.granteeId ?? ''), () => {
          let q = this.c.k.selectFrom('mailbox_permissions').select('data').where('tenant_id', '=', tenantId);
          if (filter.mailboxId !== undefined) q = q.where('mailbox_id', '=', filter.mailboxId);
          if (filter.granteeId !== undefined) q = q.where('grantee_id', '=', filter.granteeId);
          return this.c.all(q.orderBy(sql`rowid`)).map((r: { data: string }) => JSON.parse(r.data));
        }) as MailboxPermissionRecord[],
    );
  }

  async putMailboxPermission(p: MailboxPermissionRecord) {
    return this.write(() => {
      this.q.putMailboxPermission.run({ tenantId: p.tenantId, id: p.id, mailboxId: p.mailboxId, granteeId: p.granteeId, data: JSON.stringify(p) });
    });
  }

  async deleteMailboxPermission(tenantId: string, id: string) {
    return this.write(() => this.q.deleteMailboxPermission.run({ tenantId, id }).changes > 0);
  }

  async listApplicationAccessPolicies(tenantId: string) {
    return this.c.run(
      () => this.lists.get(key('aap', tenantId), () => this.q.listAap.pluck({ tenantId }).map((d: string) => JSON.parse(d))) as ApplicationAccessPolicyRecord[],
    );
  }

  async putApplicationAccessPolicy(p: ApplicationAccessPolicyRecord) {
    return this.write(() => {
      this.q.putAap.run({ tenantId: p.tenantId, id: p.id, data: JSON.stringify(p) });
    });
  }

  async deleteApplicationAccessPolicy(tenantId: string, id: string) {
    return this.write(() => this.q.deleteAap.run({ tenantId, id }).changes > 0);
  }

  async listTeamsAccessPolicies(tenantId: string) {
    return this.c.run(
      () => this.lists.get(key('teams', tenantId), () => this.q.listTeams.pluck({ tenantId }).map((d: string) => JSON.parse(d))) as TeamsAccessPolicyRecord[],
    );
  }

  async putTeamsAccessPolicy(p: TeamsAccessPolicyRecord) {
    return this.write(() => {
      this.q.putTeams.run({ tenantId: p.tenantId, id: p.id, data: JSON.stringify(p) });
    });
  }

  async deleteTeamsAccessPolicy(tenantId: string, id: string) {
    return this.write(() => this.q.deleteTeams.run({ tenantId, id }).changes > 0);
  }
}
