import type { SqliteConnection } from '../sqlite/connection.js';
import type { CalendarDeltaState, CalendarDeltaStore } from './types.js';

// Sync states stored whole as JSON. `seq` orders a lineage's states (the clock may stand still
// in tests, so creation time cannot); it only grows within a process and a lineage is written by
// the process that holds it, so max(seq)+1 per insert is enough.
type Row = { data: string };

export class SqliteCalendarDeltaStore implements CalendarDeltaStore {
  constructor(private readonly c: SqliteConnection<any>) {}

  async get(tenantId: string, id: string) {
    return this.c.run(() => {
      const rows = this.c.all(this.c.k.selectFrom('calendar_delta_states').select('data').where('tenant_id', '=', tenantId).where('id', '=', id)) as Row[];
      return rows[0] ? (JSON.parse(rows[0].data) as CalendarDeltaState) : undefined;
    });
  }

  async put(s: CalendarDeltaState, keep: number) {
    // Page states and delta states of a lineage are kept apart: paging through a long round must
    // not push out the deltaLink the round started from.
    const lineage = s.pending ? `${s.lineage}/pages` : s.lineage;
    return this.c.run(() => {
      const k = this.c.k;
      const last = this.c.all(
        k.selectFrom('calendar_delta_states').select('seq').where('tenant_id', '=', s.tenantId).where('lineage', '=', lineage).orderBy('seq', 'desc').limit(1),
      ) as { seq: number }[];
      const seq = (last[0]?.seq ?? 0) + 1;
      this.c.exec(k.insertInto('calendar_delta_states').values({ tenant_id: s.tenantId, id: s.id, lineage, seq, created_ms: s.createdMs, data: JSON.stringify(s) }));
      this.c.exec(k.deleteFrom('calendar_delta_states').where('tenant_id', '=', s.tenantId).where('lineage', '=', lineage).where('seq', '<=', seq - keep));
    });
  }

  async prune(tenantId: string, beforeMs: number) {
    return this.c.run(() => Number(this.c.exec(this.c.k.deleteFrom('calendar_delta_states').where('tenant_id', '=', tenantId).where('created_ms', '<', beforeMs)).changes));
  }
}
