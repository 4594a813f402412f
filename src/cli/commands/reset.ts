import { resolve } from 'node:path';
import { runningInstance } from '../../data-dir.js';
import { startTenantbox } from '../../server.js';
import { TenantFileError } from '../../tenant-file/errors.js';
import { connect } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const resetHelp = `Usage: tenantbox reset [--data-dir D] [--tenant-file F]

Returns every tenant to its tenant file: users, apps, grants, policies and events as declared, with
the same ids as before; tokens, consents given since, created events and the audit log are dropped.
Works on a running tenantbox (through its admin API) or on a stopped data dir.`;

export async function reset(argv: string[]): Promise<number> {
  const { values } = parse('reset', argv, { ...DATA_DIR_FLAG, 'tenant-file': { type: 'string', short: 'f' } });
  if (values.help) return void console.log(resetHelp), EXIT.ok;
  const dataDir = resolve(dataDirOf(values));
  if (runningInstance(dataDir)) {
    if (values['tenant-file']) throw new CliError(EXIT.usage, 'A running tenantbox resets to the tenant file it was started with; --tenant-file applies only to a stopped data dir.');
    await connect(dataDir).call('POST', '/reset');
  } else {
    try {
      const tb = await startTenantbox({ dataDir, tenantFile: values['tenant-file'] ?? (await seededFile(dataDir)), port: 0 });
      await tb.reset();
      await tb.stop();
    } catch (e) {
      if (e instanceof TenantFileError) throw new CliError(EXIT.invalidTenantFile, `The tenant file has ${e.problems.length} problem(s):\n${e.format()}`);
      throw e;
    }
  }
  console.log(`tenantbox: ${dataDir} is back to its tenant file.`);
  return EXIT.ok;
}

async function seededFile(dataDir: string): Promise<string | undefined> {
  const { openSqliteStores } = await import('../../store/sqlite/open-sqlite.js');
  const { existsSync } = await import('node:fs');
  const db = `${dataDir}/tenantbox.db`;
  if (!existsSync(db)) return undefined;
  const stores = await openSqliteStores({ file: db });
  try {
    return await stores.meta.get('seededFromFile');
  } finally {
    await stores.close();
  }
}
