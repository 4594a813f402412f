import { resolve } from 'node:path';
import { connect } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { EXIT } from '../exit-codes.js';

export const statusHelp = `Usage: tenantbox status [--data-dir D] [--json]

Shows whether tenantbox runs on the data dir, where, its emulated time and its tenants.
Exits 0 when running, 4 when not.`;

interface Health {
  status: string;
  version: string;
  url: string;
  now: string;
  uptimeSeconds: number;
  tenantFile: string;
  tenants: { id: string; domain: string; displayName: string }[];
}

export async function status(argv: string[]): Promise<number> {
  const { values } = parse('status', argv, { ...DATA_DIR_FLAG, json: { type: 'boolean' } });
  if (values.help) return void console.log(statusHelp), EXIT.ok;
  const dataDir = resolve(dataDirOf(values));
  const client = connect(dataDir);
  const h = await client.call<Health>('GET', '/health');
  if (values.json) console.log(JSON.stringify({ running: true, pid: client.info.pid, proxyUrl: client.info.proxyUrl, ...h }));
  else {
    console.log(`tenantbox ${h.version} is running (pid ${client.info.pid}) at ${h.url}, up ${h.uptimeSeconds}s`);
    console.log(`  emulated time  ${h.now}`);
    console.log(`  tenant file    ${h.tenantFile}`);
    for (const t of h.tenants) console.log(`  tenant         ${t.displayName} (${t.domain}) ${t.id}`);
  }
  return EXIT.ok;
}
