import { sql } from 'kysely';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { OnlineMeetingRecord, OnlineMeetingStore } from './types.js';

// Online meetings stored whole as JSON, with the columns their lookups use.
type Row = { data: string };

export class SqliteOnlineMeetingStore implements OnlineMeetingStore {
  constructor(private readonly c: SqliteConnection<any>) {}

  private select(tenantId: string) {
    return this.c.k.selectFrom('online_meetings').select('data').where('tenant_id', '=', tenantId);
  }

  private rows(q: ReturnType<SqliteOnlineMeetingStore['select']>): OnlineMeetingRecord[] {
    return (this.c.all(q) as Row[]).map((r) => JSON.parse(r.data) as OnlineMeetingRecord);
  }

  async get(tenantId: string, id: string) {
    return this.c.run(() => this.rows(this.select(tenantId).where('id', '=', id))[0]);
  }

  async put(m: OnlineMeetingRecord) {
    return this.c.run(() => {
      this.c.exec(
        this.c.k
          .insertInto('online_meetings')
          .values({
            tenant_id: m.tenantId,
            id: m.id,
            organizer_id: m.organizerId,
            join_web_url: m.joinWebUrl,
            external_id: m.externalId,
            created_ms: m.createdMs,
            data: JSON.stringify(m),
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ external_id: eb.ref('excluded.external_id'), data: eb.ref('excluded.data') }))),
      );
    });
  }

  async delete(tenantId: string, id: string) {
    return this.c.run(() => Number(this.c.exec(this.c.k.deleteFrom('online_meetings').where('tenant_id', '=', tenantId).where('id', '=', id)).changes) > 0);
  }

  async listByOrganizer(tenantId: string, organizerId: string) {
    return this.c.run(() => this.rows(this.select(tenantId).where('organizer_id', '=', organizerId).orderBy('created_ms').orderBy(sql`rowid`)));
  }

  async findByJoinWebUrl(tenantId: string, joinWebUrl: string) {
    return this.c.run(() => this.rows(this.select(tenantId).where('join_web_url', '=', joinWebUrl))[0]);
  }

  async findByExternalId(tenantId: string, organizerId: string, externalId: string) {
    return this.c.run(() => this.rows(this.select(tenantId).where('organizer_id', '=', organizerId).where('external_id', '=', externalId))[0]);
  }

  async listCreated(tenantId: string, sinceMs: number, untilMs: number) {
    return this.c.run(() => this.rows(this.select(tenantId).where('created_ms', '>=', sinceMs).where('created_ms', '<', untilMs).orderBy('created_ms')));
  }
}
