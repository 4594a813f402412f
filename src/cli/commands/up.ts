import { resolve } from 'node:path';
import { DataDirBusyError } from '../../data-dir.js';
import { startTenantbox, type Tenantbox } from '../../server.js';
import { TenantFileError } from '../../tenant-file/errors.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';
import { envExports } from './env.js';

export const upHelp = `Usage: tenantbox up [--tenant-file F] [--data-dir D] [--port P] [--host H] [--json]

Starts tenantbox in the foreground: Entra-shaped identity, Microsoft Graph and Google Workspace on one
HTTPS port, which is also an HTTPS proxy for Microsoft's and Google's hosts (intercept mode).

  -f, --tenant-file F   tenant file (YAML); default: the demo tenant (examples/demo-tenant.yaml)
  -d, --data-dir D      where state lives; default .tenantbox (or $TENANTBOX_DATA_DIR)
  -p, --port P          port to listen on; 0 picks a free one; default 8443 (or $TENANTBOX_PORT)
      --host H          address to bind; default 127.0.0.1
      --json            print exactly one JSON line once ready (url, proxyUrl, caCertPath, dataDir, tenants)

The first run seeds the data dir from the tenant file; later runs keep all state (tenantbox reset
returns to the file). Stop with Ctrl-C.`;

export async function up(argv: string[]): Promise<number> {
  const { values } = parse('up', argv, {
    'tenant-file': { type: 'string', short: 'f' },
    ...DATA_DIR_FLAG,
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(upHelp), EXIT.ok;
  const portText = values.port ?? process.env.TENANTBOX_PORT ?? '8443';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(EXIT.usage, `--port must be a number from 0 to 65535, not "${portText}"`);
  const dataDir = resolve(dataDirOf(values));
  if (!values.json) console.error(`tenantbox: starting (data dir ${dataDir})…`);
  let tb: Tenantbox;
  try {
    tb = await startTenantbox({ tenantFile: values['tenant-file'], dataDir, port, host: values.host });
  } catch (e) {
    if (e instanceof TenantFileError) throw new CliError(EXIT.invalidTenantFile, `The tenant file has ${e.problems.length} problem(s); nothing was started:\n${e.format()}`);
    if (e instanceof DataDirBusyError) throw new CliError(EXIT.busy, e.message);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(EXIT.failure, `Port ${port} is in use. Pick another with --port, or --port 0 for any free port.`);
    throw e;
  }
  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        url: tb.url,
        proxyUrl: tb.proxyUrl,
        caCertPath: tb.caCertPath,
        dataDir: tb.dataDir,
        pid: process.pid,
        tenantFileChanged: tb.tenantFileChanged,
        tenants: tb.tenants.map((t) => ({ id: t.id, domain: t.domain, displayName: t.displayName, apps: t.apps })),
      }) + '\n',
    );
  } else {
    console.log(humanSummary(tb));
  }
  await new Promise<void>((done) => {
    const stop = () => void tb.stop().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (!values.json) console.error('tenantbox: stopped.');
  return EXIT.ok;
}

function humanSummary(tb: Tenantbox): string {
  const lines = [`tenantbox is ready at ${tb.url}`, ''];
  for (const t of tb.tenants) {
    lines.push(`Tenant ${t.displayName} (${t.domain})  id ${t.id}`);
    lines.push(`  authority   ${tb.url}/${t.id}/v2.0`);
    for (const a of t.apps) lines.push(`  app         ${a.displayName.padEnd(28)} ${a.appId}`);
    lines.push('');
  }
  lines.push(`Microsoft Graph  ${tb.url}/v1.0`);
  lines.push(`Google APIs      ${tb.url}/calendar/v3, ${tb.url}/admin/directory/v1 (token: ${tb.url}/token)`);
  lines.push(`Admin API        ${tb.url}/_tenantbox/health (key in ${tb.dataDir}/admin-key)`);
  lines.push(`Proxy            ${tb.proxyUrl} (intercepts login.microsoftonline.com, graph.microsoft.com and Google's APIs)`);
  if (tb.tenantFileChanged) lines.push('', 'Note: the tenant file changed since this data dir was seeded; run `tenantbox reset` to apply it.');
  lines.push('', 'To point an unmodified app at tenantbox, export:', envExports({ url: tb.url, proxyUrl: tb.proxyUrl, caCertPath: tb.caCertPath }), '', 'Stop with Ctrl-C.');
  return lines.join('\n');
}
