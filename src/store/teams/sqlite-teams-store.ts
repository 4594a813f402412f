import { sql, type Kysely } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type {
  ChannelMemberRecord,
  ChannelMessageRecord,
  ChannelRecord,
  InstalledAppRecord,
  TabRecord,
  TeamRecord,
  TeamsOperationRecord,
  TeamsStore,
} from './types.js';

// TeamsStore on the `teams_objects` table (./migration.ts). Teams and channels are read on every
// Teams request (the membership rule), so they are cached; any write clears the cache (this
// process is the only writer; the connection clears it after a rollback and on reset).

type Kind = 'team' | 'channel' | 'channelMember' | 'message' | 'tab' | 'installedApp' | 'operation';

type Address = {
  tenantId: string;
  teamId: string;
  kind: Kind;
  channelId: string;
  parentId: string;
};

export class SqliteTeamsStore implements TeamsStore {
  private readonly cache = new LookupCache<unknown>();
  private readonly q;

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.cache);
    const k = c.k as Kysely<any>;
    const at = <Q extends { where: (...a: any[]) => Q }>(qb: Q, p: (n: keyof Address & string) => any): Q =>
      qb
        .where('tenant_id', '=', p('tenantId'))
        .where('team_id', '=', p('teamId'))
        .where('kind', '=', p('kind'))
        .where('channel_id', '=', p('channelId'))
        .where('parent_id', '=', p('parentId'));
    this.q = {
      get: c.prepare<Address & { id: string }>((p) => at(k.selectFrom('teams_objects').select('data'), p).where('id', '=', p('id'))),
      list: c.prepare<Address>((p) => at(k.selectFrom('teams_objects').select('data'), p).orderBy('sort_ms').orderBy(sql`rowid`)),
      listTeams: c.prepare<{ tenantId: string }>((p) =>
        k.selectFrom('teams_objects').select('data').where('tenant_id', '=', p('tenantId')).where('kind', '=', 'team').orderBy('sort_ms').orderBy(sql`rowid`),
      ),
      put: c.prepare<Address & { id: string; sortMs: number; data: string }>((p) =>
        k
          .insertInto('teams_objects')
          .values({
            tenant_id: p('tenantId'),
            team_id: p('teamId'),
            kind: p('kind'),
            channel_id: p('channelId'),
            parent_id: p('parentId'),
            id: p('id'),
            sort_ms: p('sortMs'),
            data: p('data'),
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'team_id', 'kind', 'channel_id', 'parent_id', 'id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
          ),
      ),
      delete: c.prepare<Address & { id: string }>((p) => at(k.deleteFrom('teams_objects'), p).where('id', '=', p('id'))),
      deleteTeam: c.prepare<{ tenantId: string; teamId: string }>((p) =>
        k.deleteFrom('teams_objects').where('tenant_id', '=', p('tenantId')).where('team_id', '=', p('teamId')),
      ),
      deleteChannelContent: c.prepare<{ tenantId: string; teamId: string; channelId: string }>((p) =>
        k
          .deleteFrom('teams_objects')
          .where('tenant_id', '=', p('tenantId'))
          .where('team_id', '=', p('teamId'))
          .where('kind', 'in', ['channelMember', 'message', 'tab'])
          .where('channel_id', '=', p('channelId')),
      ),
    };
  }

  // --- generic access -------------------------------------------------------------------------

  private getOne<V>(a: Address, id: string): V | undefined | Promise<V | undefined> {
    return this.c.run(
      () => this.cache.get(key('one', a.tenantId, a.teamId, a.kind, a.channelId, a.parentId, id), () => parse(this.q.get.get({ ...a, id }))) as V | undefined,
    );
  }

  private listOf<V>(a: Address): V[] | Promise<V[]> {
    return this.c.run(
      () => (this.cache.get(key('list', a.tenantId, a.teamId, a.kind, a.channelId, a.parentId), () => this.q.list.all(a).map(parseRow)) ?? []) as V[],
    );
  }

  private putOne(a: Address, id: string, sortMs: number, record: unknown): void | Promise<void> {
    return this.c.run(() => {
      this.q.put.run({ ...a, id, sortMs, data: JSON.stringify(record) });
      this.cache.clear();
    });
  }

  private deleteOne(a: Address, id: string): boolean | Promise<boolean> {
    return this.c.run(() => {
      const changed = this.q.delete.run({ ...a, id }).changes > 0;
      this.cache.clear();
      return changed;
    });
  }

  // --- teams ----------------------------------------------------------------------------------

  async getTeam(tenantId: string, id: string): Promise<TeamRecord | undefined> {
    return this.getOne<TeamRecord>(teamAddr(tenantId, id, 'team'), id);
  }
  async listTeams(tenantId: string): Promise<TeamRecord[]> {
    return this.c.run(() => (this.cache.get(key('teams', tenantId), () => this.q.listTeams.all({ tenantId }).map(parseRow)) ?? []) as TeamRecord[]);
  }
  async putTeam(t: TeamRecord): Promise<void> {
    return this.putOne(teamAddr(t.tenantId, t.id, 'team'), t.id, Date.parse(t.createdDateTime) || 0, t);
  }
  async deleteTeam(tenantId: string, id: string): Promise<boolean> {
    return this.c.run(() => {
      const changed = this.q.deleteTeam.run({ tenantId, teamId: id }).changes > 0;
      this.cache.clear();
      return changed;
    });
  }

  // --- channels -------------------------------------------------------------------------------

  async getChannel(tenantId: string, teamId: string, id: string): Promise<ChannelRecord | undefined> {
    return this.getOne<ChannelRecord>(teamAddr(tenantId, teamId, 'channel'), id);
  }
  async listChannels(tenantId: string, teamId: string): Promise<ChannelRecord[]> {
    return this.listOf<ChannelRecord>(teamAddr(tenantId, teamId, 'channel'));
  }
  async putChannel(ch: ChannelRecord): Promise<void> {
    return this.putOne(teamAddr(ch.tenantId, ch.teamId, 'channel'), ch.id, Date.parse(ch.createdDateTime) || 0, ch);
  }
  async deleteChannel(tenantId: string, teamId: string, id: string): Promise<boolean> {
    return this.c.run(() => {
      const changed = this.q.delete.run({ ...teamAddr(tenantId, teamId, 'channel'), id }).changes > 0;
      this.q.deleteChannelContent.run({ tenantId, teamId, channelId: id });
      this.cache.clear();
      return changed;
    });
  }

  async listChannelMembers(tenantId: string, teamId: string, channelId: string): Promise<ChannelMemberRecord[]> {
    return this.listOf<ChannelMemberRecord>(channelAddr(tenantId, teamId, channelId, 'channelMember'));
  }
  async putChannelMember(m: ChannelMemberRecord): Promise<void> {
    return this.putOne(channelAddr(m.tenantId, m.teamId, m.channelId, 'channelMember'), m.userId, Date.parse(m.createdDateTime) || 0, m);
  }
  async deleteChannelMember(tenantId: string, teamId: string, channelId: string, userId: string): Promise<boolean> {
    return this.deleteOne(channelAddr(tenantId, teamId, channelId, 'channelMember'), userId);
  }

  // --- messages -------------------------------------------------------------------------------

  async getMessage(tenantId: string, teamId: string, channelId: string, id: string, replyToId: string | null = null): Promise<ChannelMessageRecord | undefined> {
    return this.getOne<ChannelMessageRecord>(channelAddr(tenantId, teamId, channelId, 'message', replyToId ?? ''), id);
  }
  async listMessages(tenantId: string, teamId: string, channelId: string, replyToId: string | null): Promise<ChannelMessageRecord[]> {
    return this.listOf<ChannelMessageRecord>(channelAddr(tenantId, teamId, channelId, 'message', replyToId ?? ''));
  }
  async putMessage(m: ChannelMessageRecord): Promise<void> {
    return this.putOne(channelAddr(m.tenantId, m.teamId, m.channelId, 'message', m.replyToId ?? ''), m.id, m.createdMs, m);
  }

  // --- tabs -----------------------------------------------------------------------------------

  async getTab(tenantId: string, teamId: string, channelId: string, id: string): Promise<TabRecord | undefined> {
    return this.getOne<TabRecord>(channelAddr(tenantId, teamId, channelId, 'tab'), id);
  }
  async listTabs(tenantId: string, teamId: string, channelId: string): Promise<TabRecord[]> {
    return this.listOf<TabRecord>(channelAddr(tenantId, teamId, channelId, 'tab'));
  }
  async putTab(t: TabRecord): Promise<void> {
    return this.putOne(channelAddr(t.tenantId, t.teamId, t.channelId, 'tab'), t.id, t.createdMs, t);
  }
  async deleteTab(tenantId: string, teamId: string, channelId: string, id: string): Promise<boolean> {
    return this.deleteOne(channelAddr(tenantId, teamId, channelId, 'tab'), id);
  }

  // --- installed apps and operations ----------------------------------------------------------

  async getInstalledApp(tenantId: string, teamId: string, id: string): Promise<InstalledAppRecord | undefined> {
    return this.getOne<InstalledAppRecord>(teamAddr(tenantId, teamId, 'installedApp'), id);
  }
  async listInstalledApps(tenantId: string, teamId: string): Promise<InstalledAppRecord[]> {
    return this.listOf<InstalledAppRecord>(teamAddr(tenantId, teamId, 'installedApp'));
  }
  async putInstalledApp(a: InstalledAppRecord): Promise<void> {
    return this.putOne(teamAddr(a.tenantId, a.teamId, 'installedApp'), a.id, a.createdMs, a);
  }
  async deleteInstalledApp(tenantId: string, teamId: string, id: string): Promise<boolean> {
    return this.deleteOne(teamAddr(tenantId, teamId, 'installedApp'), id);
  }

  async getOperation(tenantId: string, teamId: string, id: string): Promise<TeamsOperationRecord | undefined> {
    return this.getOne<TeamsOperationRecord>(teamAddr(tenantId, teamId, 'operation'), id);
  }
  async putOperation(o: TeamsOperationRecord): Promise<void> {
    return this.putOne(teamAddr(o.tenantId, o.teamId, 'operation'), o.id, o.createdMs, o);
  }
}

const teamAddr = (tenantId: string, teamId: string, kind: Kind): Address => ({ tenantId, teamId, kind, channelId: '', parentId: '' });
const channelAddr = (tenantId: string, teamId: string, channelId: string, kind: Kind, parentId = ''): Address => ({ tenantId, teamId, kind, channelId, parentId });

function parse<V>(row: { data: string } | undefined): V | undefined {
  return row ? (JSON.parse(row.data) as V) : undefined;
}
function parseRow<V>(row: { data: string }): V {
  return JSON.parse(row.data) as V;
}
