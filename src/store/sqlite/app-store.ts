import { sql } from 'kysely';
import type { AppStore, ApplicationRecord, ServicePrincipalRecord } from '../types.js';
import { LookupCache, key } from './cache.js';
import type { SqliteConnection } from './connection.js';

// App registrations and service principals. The token endpoint and every request's caller
// resolution look these up, hence the caches. Identifier URIs are matched case-insensitively.

const parse = <T>(row: { data: string } | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);

export class SqliteAppStore implements AppStore {
  private readonly apps = new LookupCache<ApplicationRecord>();
  private readonly sps = new LookupCache<ServicePrincipalRecord>();
  private readonly q;

  constructor(private readonly c: SqliteConnection) {
    c.registerCache(this.apps);
    c.registerCache(this.sps);
    const k = c.k;
    this.q = {
      // Separate statements per key column: an OR across columns makes SQLite scan the tenant.
      appById: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('applications').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      appByAppId: c.prepare<{ appId: string }>((p) => k.selectFrom('applications').select('data').where('app_id', '=', p('appId'))),
      findByUri: c.prepare<{ uri: string }>((p) =>
        k
          .selectFrom('app_identifier_uris as u')
          .innerJoin('applications as a', (j) => j.onRef('a.tenant_id', '=', 'u.tenant_id').onRef('a.id', '=', 'u.application_id'))
          .select('a.data')
          .where('u.uri', '=', p('uri')),
      ),
      listApps: c.prepare<{ tenantId: string }>((p) => k.selectFrom('applications').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`)),
      putApp: c.prepare<{ tenantId: string; id: string; appId: string; data: string }>((p) =>
        k
          .insertInto('applications')
          .values({ tenant_id: p('tenantId'), id: p('id'), app_id: p('appId'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ app_id: eb.ref('excluded.app_id'), data: eb.ref('excluded.data') }))),
      ),
      deleteApp: c.prepare<{ tenantId: string; id: string }>((p) => k.deleteFrom('applications').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id'))),
      deleteUris: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('app_identifier_uris').where('tenant_id', '=', p('tenantId')).where('application_id', '=', p('id')),
      ),
      insertUri: c.prepare<{ uri: string; tenantId: string; id: string }>((p) =>
        k.insertInto('app_identifier_uris').values({ uri: p('uri'), tenant_id: p('tenantId'), application_id: p('id') }),
      ),
      spById: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('service_principals').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      spByAppId: c.prepare<{ tenantId: string; appId: string }>((p) =>
        k.selectFrom('service_principals').select('data').where('tenant_id', '=', p('tenantId')).where('app_id', '=', p('appId')),
      ),
      listSps: c.prepare<{ tenantId: string }>((p) =>
        k.selectFrom('service_principals').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`),
      ),
      putSp: c.prepare<{ tenantId: string; id: string; appId: string; data: string }>((p) =>
        k
          .insertInto('service_principals')
          .values({ tenant_id: p('tenantId'), id: p('id'), app_id: p('appId'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ app_id: eb.ref('excluded.app_id'), data: eb.ref('excluded.data') }))),
      ),
      deleteSp: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('service_principals').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
    };
  }

  async getApplication(tenantId: string, idOrAppId: string) {
    const lo = idOrAppId.toLowerCase();
    return this.c.run(() =>
      this.apps.get(key(tenantId, lo), () => {
        const byId = this.q.appById.get({ tenantId, id: idOrAppId }) ?? this.q.appById.get({ tenantId, id: lo });
        if (byId) return parse<ApplicationRecord>(byId);
        const byAppId = parse<ApplicationRecord>(this.q.appByAppId.get({ appId: idOrAppId }) ?? this.q.appByAppId.get({ appId: lo }));
        return byAppId?.tenantId === tenantId ? byAppId : undefined;
      }),
    );
  }

  async findApplicationByAppId(appId: string) {
    const lo = appId.toLowerCase();
    return this.c.run(() =>
      this.apps.get(key('*appId', lo), () => parse<ApplicationRecord>(this.q.appByAppId.get({ appId }) ?? this.q.appByAppId.get({ appId: lo }))),
    );
  }

  async findApplicationByIdentifierUri(uri: string) {
    const lo = uri.toLowerCase();
    return this.c.run(() => this.apps.get(key('*uri', lo), () => parse<ApplicationRecord>(this.q.findByUri.get({ uri: lo }))));
  }

  async listApplications(tenantId: string) {
    return this.c.run(() => this.q.listApps.pluck({ tenantId }).map((d: string) => JSON.parse(d) as ApplicationRecord));
  }

  async putApplication(a: ApplicationRecord) {
    return this.c.run(() =>
      this.c.db.transaction(() => {
        this.q.putApp.run({ tenantId: a.tenantId, id: a.id, appId: a.appId, data: JSON.stringify(a) });
        this.q.deleteUris.run({ tenantId: a.tenantId, id: a.id });
        // A URI another registration already holds fails on the primary key, as Entra refuses it.
        for (const uri of new Set(a.identifierUris.map((u) => u.toLowerCase()))) this.q.insertUri.run({ uri, tenantId: a.tenantId, id: a.id });
        this.apps.clear();
      })(),
    );
  }

  async deleteApplication(tenantId: string, id: string) {
    return this.c.run(() => {
      const changed = this.q.deleteApp.run({ tenantId, id }).changes > 0;
      this.q.deleteUris.run({ tenantId, id });
      this.apps.clear();
      return changed;
    });
  }

  async getServicePrincipal(tenantId: string, idOrAppId: string) {
    const lo = idOrAppId.toLowerCase();
    return this.c.run(() =>
      this.sps.get(key(tenantId, lo), () =>
        parse<ServicePrincipalRecord>(
          this.q.spById.get({ tenantId, id: idOrAppId }) ??
            this.q.spById.get({ tenantId, id: lo }) ??
            this.q.spByAppId.get({ tenantId, appId: idOrAppId }) ??
            this.q.spByAppId.get({ tenantId, appId: lo }),
        ),
      ),
    );
  }

  async listServicePrincipals(tenantId: string) {
    return this.c.run(() => this.q.listSps.pluck({ tenantId }).map((d: string) => JSON.parse(d) as ServicePrincipalRecord));
  }

  async putServicePrincipal(sp: ServicePrincipalRecord) {
    return this.c.run(() => {
      this.q.putSp.run({ tenantId: sp.tenantId, id: sp.id, appId: sp.appId, data: JSON.stringify(sp) });
      this.sps.clear();
    });
  }

  async deleteServicePrincipal(tenantId: string, id: string) {
    return this.c.run(() => {
      const changed = this.q.deleteSp.run({ tenantId, id }).changes > 0;
      this.sps.clear();
      return changed;
    });
  }
}
