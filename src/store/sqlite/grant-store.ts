import { sql } from 'kysely';
import type { AppRoleAssignmentRecord, GrantStore, OAuth2PermissionGrantRecord } from '../types.js';
import { key } from './cache.js';
import type { Clearable, SqliteConnection } from './connection.js';

// Delegated permission grants and app role assignments. Read when a token is issued (not on every
// Graph request: the token carries scp/roles). The one hot read, a client's assignments on one
// resource (every client-credentials token), is kept in memory until the next assignment write
// (this process is the only writer; the connection clears it on rollback and reset). Records are
// flat, so each caller gets its own shallow copies, not shared (or frozen) objects.

type AssignmentFilter = { tenantId: string; principalId?: string; resourceId?: string };

const parse = <T>(row: { data: string } | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);

class AssignmentCache implements Clearable {
  readonly map = new Map<string, readonly AppRoleAssignmentRecord[]>();
  clear() {
    this.map.clear();
  }
}

export class SqliteGrantStore implements GrantStore {
  private readonly q;
  private readonly assignments = new AssignmentCache();

  constructor(private readonly c: SqliteConnection) {
    c.registerCache(this.assignments);
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
      assignmentsOfTenant: c.prepare<AssignmentFilter>((p) =>
        k.selectFrom('app_role_assignments').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`),
      ),
      assignmentsByPrincipal: c.prepare<AssignmentFilter>((p) =>
        k.selectFrom('app_role_assignments').select('data').where('tenant_id', '=', p('tenantId')).where('principal_id', '=', p('principalId')).orderBy(sql`rowid`),
      ),
      assignmentsByResource: c.prepare<AssignmentFilter>((p) =>
        k.selectFrom('app_role_assignments').select('data').where('tenant_id', '=', p('tenantId')).where('resource_id', '=', p('resourceId')).orderBy(sql`rowid`),
      ),
      assignmentsByBoth: c.prepare<AssignmentFilter>((p) =>
        k
          .selectFrom('app_role_assignments')
          .select('data')
          .where('tenant_id', '=', p('tenantId'))
          .where('principal_id', '=', p('principalId'))
          .where('resource_id', '=', p('resourceId'))
          .orderBy(sql`rowid`),
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
      const { principalId, resourceId } = filter;
      // One compiled statement per filter shape: this runs on every client-credentials token.
      if (principalId !== undefined && resourceId !== undefined) {
        const k = key(tenantId, principalId, resourceId);
        let hit = this.assignments.map.get(k);
        if (!hit) {
          hit = this.q.assignmentsByBoth.pluck({ tenantId, principalId, resourceId }).map((d: string) => JSON.parse(d) as AppRoleAssignmentRecord);
          // Keys come from token requests; a crude bound keeps many clients from growing it forever.
          if (this.assignments.map.size >= 20_000) this.assignments.clear();
          this.assignments.map.set(k, hit);
        }
        return hit.map((a) => ({ ...a }));
      }
      const q = principalId !== undefined ? this.q.assignmentsByPrincipal : resourceId !== undefined ? this.q.assignmentsByResource : this.q.assignmentsOfTenant;
      return q.pluck({ tenantId, principalId, resourceId }).map((d: string) => JSON.parse(d) as AppRoleAssignmentRecord);
    });
  }

  async getAppRoleAssignment(tenantId: string, id: string) {
    return this.c.run(() => parse<AppRoleAssignmentRecord>(this.q.getAssignment.get({ tenantId, id })));
  }

  async putAppRoleAssignment(a: AppRoleAssignmentRecord) {
    return this.c.run(() => {
      this.q.putAssignment.run({ tenantId: a.tenantId, id: a.id, principalId: a.principalId, resourceId: a.resourceId, data: JSON.stringify(a) });
      this.assignments.clear();
    });
  }

  async deleteAppRoleAssignment(tenantId: string, id: string) {
    return this.c.run(() => {
      this.assignments.clear();
      return this.q.deleteAssignment.run({ tenantId, id }).changes > 0;
    });
  }
}
