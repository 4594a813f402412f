import { resolve } from 'node:path';
import type { AuditRecord } from '../../store/types.js';
import { connect, type AdminClient } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const logHelp = `Usage: tenantbox log [--follow] [--app APPID] [--tenant T] [--since ISO] [--limit N] [--json] [--data-dir D]

Prints the audit log of the running tenantbox: every Graph request with its app, user, permission
scheme, the permission that allowed it (or the ones that were missing, or the policy that refused
it) and the status. --follow keeps printing new records as they arrive (Ctrl-C stops).
--json prints one JSON record per line, as GET /_tenantbox/audit returns them.`;

const POLL_MS = 1000;

export async function log(argv: string[]): Promise<number> {
  const { values } = parse('log', argv, {
    ...DATA_DIR_FLAG,
    follow: { type: 'boolean', short: 'f' },
    app: { type: 'string' },
    tenant: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(logHelp), EXIT.ok;
  if (values.limit !== undefined && !/^\d+$/.test(values.limit)) throw new CliError(EXIT.usage, `--limit takes a number, not "${values.limit}".`);
  const client = connect(resolve(dataDirOf(values)));
  const print = (r: AuditRecord) => console.log(values.json ? JSON.stringify(r) : formatRecord(r));
  const filter = { app: values.app, tenant: values.tenant, since: values.since, limit: values.limit };
  let stop = false;
  if (values.follow) process.once('SIGINT', () => (stop = true));
  await followLog(client, filter, print, { follow: Boolean(values.follow), shouldStop: () => stop });
  return EXIT.ok;
}

export interface LogFilter {
  app?: string;
  tenant?: string;
  since?: string;
  limit?: string;
}

/** Prints what the log holds, then (with follow) polls for records after the last seq seen. */
export async function followLog(
  client: Pick<AdminClient, 'call'>,
  filter: LogFilter,
  print: (r: AuditRecord) => void,
  opts: { follow: boolean; shouldStop: () => boolean; pollMs?: number },
): Promise<void> {
  let after: number | undefined;
  for (;;) {
    const records = await fetchRecords(client, { ...filter, ...(after !== undefined ? { after: String(after), since: undefined } : {}) });
    for (const r of records) {
      print(r);
      if (r.seq !== undefined) after = r.seq;
    }
    if (!opts.follow || opts.shouldStop()) return;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? POLL_MS));
    if (opts.shouldStop()) return;
    if (after === undefined) after = 0;
  }
}

async function fetchRecords(client: Pick<AdminClient, 'call'>, q: LogFilter & { after?: string }): Promise<AuditRecord[]> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, v);
  const text = await client.call<string | AuditRecord | undefined>('GET', `/audit${params.size ? `?${params}` : ''}`);
  if (text === undefined || text === '') return [];
  // One record comes back parsed (a single JSON line is valid JSON); several come back as text.
  if (typeof text === 'object') return [text];
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditRecord);
}

/** One line per record: time, status, method and path, who, and the decision. */
export function formatRecord(r: AuditRecord): string {
  const who = [r.appDisplayName ? `${r.appDisplayName} (${r.appId})` : (r.appId ?? 'no app'), r.userId ? `user ${r.userId}` : null, r.scheme].filter(Boolean).join(', ');
  const decision =
    r.status < 400
      ? r.permission
        ? `allowed by ${r.permission}`
        : ''
      : r.policy
        ? `refused by ${r.policy}`
        : r.missing.length
          ? `missing one of ${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? `, … (${r.missing.length})` : ''}`
          : '';
  return `${r.time}  ${r.status}  ${r.method} ${r.path}  [${who}]${r.template ? `  ${r.template}` : ''}${decision ? `  ${decision}` : ''}`;
}
