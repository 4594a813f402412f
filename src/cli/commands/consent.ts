import { resolve } from 'node:path';
import { connect, type AdminClient } from '../admin-client.js';
import { dataDirOf, DATA_DIR_FLAG, parse } from '../args.js';
import { CliError, EXIT } from '../exit-codes.js';

export const consentHelp = `Usage: tenantbox consent <grant|revoke|list> [options] [--tenant T] [--data-dir D] [--json]

Manages consent in a running tenantbox, recorded as Entra records it (oAuth2PermissionGrants and
appRoleAssignments). --app takes an appId or display name; --tenant a tenant id or domain (default:
the only tenant, or the domain of --user).

  grant  --app A (--user UPN | --organization) [--scopes "User.Read Calendars.Read" | --default]
         [--roles "Calendars.Read Place.Read.All"]
         --default grants everything the app statically requires; --roles (application permissions)
         need --organization.
  revoke --id GRANT_ID [--scopes "…"]
         --app A (--user UPN | --organization) [--scopes "…"]
         Without --scopes the whole grant goes. Tokens already issued keep working until they
         expire; refreshes drop the revoked scopes and naming one again is AADSTS65001.
  list   [--app A] [--user UPN]`;

const FLAGS = {
  ...DATA_DIR_FLAG,
  tenant: { type: 'string' as const, short: 't' },
  app: { type: 'string' as const, short: 'a' },
  user: { type: 'string' as const, short: 'u' },
  organization: { type: 'boolean' as const },
  scopes: { type: 'string' as const, short: 's' },
  default: { type: 'boolean' as const },
  roles: { type: 'string' as const },
  id: { type: 'string' as const },
  json: { type: 'boolean' as const },
};

interface Listing {
  oauth2PermissionGrants: { id: string; consentType: string; clientDisplayName: string | null; clientAppId: string | null; resourceAppId: string | null; principalUserPrincipalName: string | null; scope: string }[];
  appRoleAssignments: { id: string; clientAppId: string | null; principalDisplayName: string; resourceDisplayName: string; appRoleValue: string | null }[];
}

export async function consent(argv: string[]): Promise<number> {
  const { values, positionals } = parse('consent', argv, FLAGS, true);
  if (values.help || positionals.length === 0) return void console.log(consentHelp), values.help ? EXIT.ok : EXIT.usage;
  const [action, ...extra] = positionals;
  if (extra.length) throw new CliError(EXIT.usage, `Unexpected argument "${extra[0]}".\nSee: tenantbox consent --help`);
  const client = connect(resolve(dataDirOf(values)));
  const tenant = await pickTenant(client, values.tenant, values.user);
  const list = (words?: string) => (words ? words.split(/[\s,]+/).filter(Boolean) : undefined);
  const base = `/tenants/${encodeURIComponent(tenant)}/consents`;
  let result: Listing | unknown;
  switch (action) {
    case 'grant': {
      if (!values.app) throw new CliError(EXIT.usage, 'consent grant needs --app.');
      if (!values.user === !values.organization) throw new CliError(EXIT.usage, 'consent grant needs exactly one of --user UPN and --organization.');
      const body = {
        app: values.app,
        ...(values.user ? { user: values.user } : { organization: true }),
        ...(values.default ? { scopes: '.default' } : values.scopes ? { scopes: list(values.scopes) } : {}),
        ...(values.roles ? { roles: list(values.roles) } : {}),
      };
      result = await client.call<Listing>('POST', base, body);
      break;
    }
    case 'revoke': {
      const scopes = values.scopes ? `scopes=${encodeURIComponent(list(values.scopes)!.join(','))}` : '';
      if (values.id) result = await client.call('DELETE', `${base}/${encodeURIComponent(values.id)}${scopes ? `?${scopes}` : ''}`);
      else {
        if (!values.app || !values.user === !values.organization) throw new CliError(EXIT.usage, 'consent revoke needs --id, or --app with exactly one of --user and --organization.');
        const q = [`app=${encodeURIComponent(values.app)}`, values.user ? `user=${encodeURIComponent(values.user)}` : 'organization=true', scopes].filter(Boolean).join('&');
        result = await client.call('DELETE', `${base}?${q}`);
      }
      break;
    }
    case 'list': {
      const q = [values.app ? `app=${encodeURIComponent(values.app)}` : '', values.user ? `user=${encodeURIComponent(values.user)}` : ''].filter(Boolean).join('&');
      result = await client.call<Listing>('GET', `${base}${q ? `?${q}` : ''}`);
      break;
    }
    default:
      throw new CliError(EXIT.usage, `Unknown consent action "${action}": use grant, revoke or list.\nSee: tenantbox consent --help`);
  }
  if (values.json) console.log(JSON.stringify(result));
  else if (action === 'revoke') console.log(`tenantbox: revoked ${JSON.stringify((result as { revoked: unknown }).revoked)}.`);
  else printListing(result as Listing);
  return EXIT.ok;
}

function printListing(l: Listing): void {
  if (!l.oauth2PermissionGrants.length && !l.appRoleAssignments.length) return void console.log('No consents.');
  for (const g of l.oauth2PermissionGrants) {
    const who = g.consentType === 'AllPrincipals' ? 'organization' : (g.principalUserPrincipalName ?? 'a user');
    console.log(`${g.id}  delegated  ${g.clientDisplayName ?? g.clientAppId}  ${who}  ${g.scope}`);
  }
  for (const a of l.appRoleAssignments) console.log(`${a.id}  application  ${a.principalDisplayName}  organization  ${a.appRoleValue ?? '?'} on ${a.resourceDisplayName}`);
}

/** --tenant, else the domain of the user, else the only tenant. */
export async function pickTenant(client: AdminClient, tenant: string | undefined, user: string | undefined): Promise<string> {
  if (tenant) return tenant;
  const { value } = await client.call<{ value: { id: string; domain: string }[] }>('GET', '/tenants');
  const domain = user?.includes('@') ? user.slice(user.indexOf('@') + 1).toLowerCase() : undefined;
  const byDomain = domain ? value.find((t) => t.domain === domain) : undefined;
  if (byDomain) return byDomain.id;
  if (value.length === 1) return value[0]!.id;
  throw new CliError(EXIT.usage, `tenantbox runs ${value.length} tenants (${value.map((t) => t.domain).join(', ')}): name one with --tenant.`);
}
