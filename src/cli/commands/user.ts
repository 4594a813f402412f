import { resolve } from 'node:path';
import { connect } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';
import { pickTenant } from './consent.js';

export const userHelp = `Usage: tenantbox user revoke-sessions <upn> [--tenant T] [--data-dir D] [--json]

revokeSignInSessions for a user of the running tenantbox: every refresh token issued to them so far
is refused from now on (AADSTS50173). Access tokens already issued work until they expire, as in Entra.`;

export async function user(argv: string[]): Promise<number> {
  const { values, positionals } = parse('user', argv, { ...DATA_DIR_FLAG, tenant: { type: 'string', short: 't' }, json: { type: 'boolean' } }, true);
  if (values.help) return void console.log(userHelp), EXIT.ok;
  const [action, upn, ...extra] = positionals;
  if (action !== 'revoke-sessions' || !upn || extra.length) throw new CliError(EXIT.usage, `${userHelp}`);
  const client = connect(resolve(dataDirOf(values)));
  const tenant = await pickTenant(client, values.tenant, upn);
  const r = await client.call<{ userPrincipalName: string; signInSessionsValidFromDateTime: string }>('POST', `/tenants/${encodeURIComponent(tenant)}/users/${encodeURIComponent(upn)}/revoke-sessions`);
  if (values.json) console.log(JSON.stringify(r));
  else console.log(`tenantbox: sessions of ${r.userPrincipalName} revoked; refresh tokens issued before ${r.signInSessionsValidFromDateTime} are refused.`);
  return EXIT.ok;
}
