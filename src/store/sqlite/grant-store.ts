import { sql } from 'kysely';
import type { AppRoleAssignmentRecord, GrantStore, OAuth2PermissionGrantRecord } from '../types.js';
import type { SqliteConnection } from './connection.js';

// Delegated permission grants and app role assignments. Read when a token is issued (not on every
// Graph request: the token carries scp/roles), so no cache.

const parse = <T>(row: { data: string } | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);

export class SqliteGrantStore implements GrantStore {
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    const k = c.k;
    this.q = {
      getGrant: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('delegated_grants').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      putGrant: c.prepare<{ tenantId: string; id: string; clientId: string; resourceId: string; principalId: string | null; data: string }>((p) =>
        k
          .insertInto('delegated_grants')
          .values({ tenant_id: p('tenantId'), id: p('id'), client_id: p('clientId'), resource_id: p('resourceId'), principal_id: p('principalId'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              client_id: eb.ref('excluded.client_id'),
              resource_id: eb.ref('excluded.resource_id'),
              principal_id: eb.ref('excluded.principal_id'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      deleteGrant: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('delegated_grants').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      getAssignment: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('app_role_assignments').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      putAssignment: c.prepare<{ tenantId: string; id: string; principalId: string; resourceId: string; data: string }>((p) =>
        k
          .insertInto('app_role_assignments')
          .values({ tenant_id: p('tenantId'), id: p('id'), principal_id: p('principalId'), resource_id: p('resourceId'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              principal_id: eb.ref('excluded.principal_id'),
              resource_id: eb.ref('excluded.resource_id'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      deleteAssignment: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('app_role_assignments').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
    };
  }

  async listDelegatedGrants(tenantId: string, filter: { clientId?: string; resourceId?: string; principalId?: string | null } = {}) {
    return this.c.run(() => {
      let q = this.c.k.selectFrom('delegated_grants').select('data').where('tenant_id', '=', tenantId);
      if (filter.clientId !== undefined) q = q.where('client_id', '=', filter.clientId);
      if (filter.resourceId !== undefined) q = q.where('resource_id', '=', filter.resourceId);
      // null asks for AllPrincipals grants; undefined for any.
      if (filter.principalId === null) q = q.where('principal_id', 'is', null);
      else if (filter.principalId !== undefined) q = q.where('principal_id', '=', filter.principalId);
      return this.c.all(q.orderBy(sql`rowid`)).map((r: { data: string }) => JSON.parse(r.data) as OAuth2PermissionGrantRecord);
    });
  }

  async getDelegatedGrant(tenantId: string, id: string) {
    return this.c.run(() => parse<OAuth2PermissionGrantRecord>(this.q.getGrant.get({ tenantId, id })));
  }

  async putDelegatedGrant(g: OAuth2PermissionGrantRecord) {
    return this.c.run(() => {
      this.q.putGrant.run({ tenantId: g.tenantId, id: g.id, clientId: g.clientId, resourceId: g.resourceId, principalId: g.principalId, data: JSON.stringify(g) });
    });
  }

  async deleteDelegatedGrant(tenantId: string, id: string) {
    return this.c.run(() => this.q.deleteGrant.run({ tenantId, id }).changes > 0);
  }

  async listAppRoleAssignments(tenantId: string, filter: { principalId?: string; resourceId?: string } = {}) {
    return this.c.run(() => {
      let q = this.c.k.selectFrom('app_role_assignments').select('data').where('tenant_id', '=', tenantId);
      if (filter.principalId !== undefined) q = q.where('principal_id', '=', filter.principalId);
      if (filter.resourceId !== undefined) q = q.where('resource_id', '=', filter.resourceId);
      return this.c.all(q.orderBy(sql`rowid`)).map((r: { data: string }) => JSON.parse(r.data) as AppRoleAssignmentRecord);
    });
  }

  async getAppRoleAssignment(tenantId: string, id: string) {
    return this.c.run(() => parse<AppRoleAssignmentRecord>(this.q.getAssignment.get({ tenantId, id })));
  }

  async putAppRoleAssignment(a: AppRoleAssignmentRecord) {
    return this.c.run(() => {
      this.q.putAssignment.run({ tenantId: a.tenantId, id: a.id, principalId: a.principalId, resourceId: a.resourceId, data: JSON.stringify(a) });
    });
  }

  async deleteAppRoleAssignment(tenantId: string, id: string) {
    return this.c.run(() => this.q.deleteAssignment.run({ tenantId, id }).changes > 0);
  }
}
