import { sql } from 'kysely';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { AdminConsentRequestPolicyRecord, AppConsentRequestRecord, AppConsentType, ConsentRequestStore, UserConsentRequestRecord } from './types.js';

type Row = { data: string };
const parse = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.data) as T);

export class SqliteConsentRequestStore implements ConsentRequestStore {
  constructor(private readonly c: SqliteConnection<any>) {}

  async getPolicy(tenantId: string) {
    return this.c.run(() => parse<AdminConsentRequestPolicyRecord>(this.c.all(this.c.k.selectFrom('admin_consent_request_policies').select('data').where('tenant_id', '=', tenantId)))[0]);
  }

  async putPolicy(p: AdminConsentRequestPolicyRecord) {
    return this.c.run(() => {
      this.c.exec(
        this.c.k
          .insertInto('admin_consent_request_policies')
          .values({ tenant_id: p.tenantId, data: JSON.stringify(p) })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      );
    });
  }

  private apps(tenantId: string) {
    return this.c.k.selectFrom('app_consent_requests').select('data').where('tenant_id', '=', tenantId);
  }

  async listAppRequests(tenantId: string) {
    return this.c.run(() => parse<AppConsentRequestRecord>(this.c.all(this.apps(tenantId).orderBy('created_ms').orderBy(sql`rowid`))));
  }

  async getAppRequest(tenantId: string, id: string) {
    return this.c.run(() => parse<AppConsentRequestRecord>(this.c.all(this.apps(tenantId).where('id', '=', id)))[0]);
  }

  async findAppRequest(tenantId: string, appId: string, consentType: AppConsentType) {
    return this.c.run(() => parse<AppConsentRequestRecord>(this.c.all(this.apps(tenantId).where('app_id', '=', appId).where('consent_type', '=', consentType)))[0]);
  }

  async putAppRequest(r: AppConsentRequestRecord) {
    return this.c.run(() => {
      this.c.exec(
        this.c.k
          .insertInto('app_consent_requests')
          .values({ tenant_id: r.tenantId, id: r.id, app_id: r.appId, consent_type: r.consentType, created_ms: r.createdMs, data: JSON.stringify(r) })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      );
    });
  }

  private users(tenantId: string) {
    return this.c.k.selectFrom('user_consent_requests').select('data').where('tenant_id', '=', tenantId);
  }

  async listUserRequests(tenantId: string, appConsentRequestId: string) {
    return this.c.run(() => parse<UserConsentRequestRecord>(this.c.all(this.users(tenantId).where('app_request_id', '=', appConsentRequestId).orderBy('created_ms').orderBy(sql`rowid`))));
  }

  async listUserRequestsForApp(tenantId: string, appId: string) {
    return this.c.run(() => parse<UserConsentRequestRecord>(this.c.all(this.users(tenantId).where('app_id', '=', appId).orderBy('created_ms').orderBy(sql`rowid`))));
  }

  async putUserRequest(r: UserConsentRequestRecord) {
    return this.c.run(() => {
      this.c.exec(
        this.c.k
          .insertInto('user_consent_requests')
          .values({ tenant_id: r.tenantId, id: r.id, app_request_id: r.appConsentRequestId, app_id: r.appId, created_ms: r.createdMs, data: JSON.stringify(r) })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }))),
      );
    });
  }
}
