import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runningInstance } from '../../../data-dir.js';
import { startTenantbox } from '../../../server.js';
import { generateEvents, generateTenantFile, type GeneratedTenant, type GenerateOptions } from './generate.js';
import { progressBar } from './progress.js';

// `tenantbox generate` into a data dir: the tenant file is written and seeded the ordinary way
// (tenantbox starts on it once, on a free port, and stops), then the meetings are written into
// the same database in batches, with a progress bar. The data dir is then an ordinary one:
// `tenantbox up --data-dir D` serves it.

export interface GenerateResult {
  tenant: GeneratedTenant;
  dataDir: string;
  tenantFile: string;
  tenantId: string;
  directorySeconds: number;
  meetings: number;
  rows: number;
  eventSeconds: number;
}

export async function generateIntoDataDir(dataDirIn: string, o: GenerateOptions & { tenantFile?: string; progress?: boolean; batchSize?: number }): Promise<GenerateResult> {
  const dataDir = resolve(dataDirIn);
  if (runningInstance(dataDir)) throw new Error(`tenantbox is running on ${dataDir}: stop it first (generate writes into the database directly).`);
  if (existsSync(join(dataDir, 'tenantbox.db'))) throw new Error(`${dataDir} already holds a tenant; generate into a new (empty) data dir.`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tenant = generateTenantFile(o);
  const tenantFile = resolve(o.tenantFile ?? join(dataDir, 'generated-tenant.yaml'));
  writeFileSync(tenantFile, tenant.yaml);

  const t0 = performance.now();
  const tb = await startTenantbox({ dataDir, tenantFile, port: 0, host: '127.0.0.1' });
  try {
    const directorySeconds = (performance.now() - t0) / 1000;
    const t = tb.tenants[0]!;
    const everyone = await tb.stores.directory.listUsers(t.id);
    const rooms = everyone.filter((u) => u.kind === 'room').sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
    const users = everyone.filter((u) => u.kind === 'user' && u.mailbox);
    const calendars = new Map<string, string>();
    for (const u of [...rooms, ...users]) calendars.set(u.id, (await tb.stores.events.getDefaultCalendar(t.id, u.id))!.id);
    const rowsPlanned = o.events * (o.roomCopiesOnly ? 1 : 2);
    const bar = progressBar('events', rowsPlanned, { enabled: o.progress ?? true });
    const r = await generateEvents(tb.stores.events, { tenantId: t.id, rooms, users, calendars }, { ...o, now: o.now ?? tb.clock.nowDate() }, bar, o.batchSize);
    const { seconds } = bar.done();
    return { tenant, dataDir, tenantFile, tenantId: t.id, directorySeconds, meetings: r.meetings, rows: r.rows, eventSeconds: seconds };
  } finally {
    await tb.stop();
  }
}
