import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../server.js';
import { runningInstance } from '../../data-dir.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const envHelp = `Usage: tenantbox env [--data-dir D] [--json]

Prints the shell exports that point an unmodified app at the running tenantbox:
  NODE_EXTRA_CA_CERTS  trusts tenantbox's local CA (read by Node at process start)
  HTTPS_PROXY          routes Microsoft's and Google's hosts to tenantbox (intercept mode)
  TENANTBOX_URL        tenantbox's own HTTPS origin
  NODE_OPTIONS         preloads tenantbox/intercept, so Node 20's global fetch (used by msal-node 7 and
                       the Graph SDKs) honours HTTPS_PROXY as gaxios and @azure/identity already do
Use as: eval "$(tenantbox env)". Exits 4 when no tenantbox runs on the data dir.`;

export function envExports(i: { url: string; proxyUrl: string; caCertPath: string }): string {
  return [
    `export NODE_EXTRA_CA_CERTS=${q(i.caCertPath)}`,
    `export HTTPS_PROXY=${q(i.proxyUrl)}`,
    `export TENANTBOX_URL=${q(i.url)}`,
    // Node 20's fetch (msal-node 7, the Graph SDKs) ignores HTTPS_PROXY; the preload makes it honour it.
    `export NODE_OPTIONS="\${NODE_OPTIONS:+\$NODE_OPTIONS }--import=${PRELOAD}"`,
  ].join('\n');
}

/** Absolute path of the compiled intercept preload (src/intercept/preload.ts) in the installed package. */
export const PRELOAD = join(PACKAGE_ROOT, 'dist', 'src', 'intercept', 'preload.js');

export async function env(argv: string[]): Promise<number> {
  const { values } = parse('env', argv, { ...DATA_DIR_FLAG, json: { type: 'boolean' } });
  if (values.help) return void console.log(envHelp), EXIT.ok;
  const dataDir = resolve(dataDirOf(values));
  const info = runningInstance(dataDir);
  if (!info) throw new CliError(EXIT.notRunning, `tenantbox is not running on ${dataDir}. Start it with: tenantbox up --data-dir ${dataDir}`);
  if (values.json) console.log(JSON.stringify({ NODE_EXTRA_CA_CERTS: info.caCertPath, HTTPS_PROXY: info.proxyUrl, TENANTBOX_URL: info.url, NODE_OPTIONS: `--import=${PRELOAD}` }));
  else console.log(envExports(info));
  return EXIT.ok;
}

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
