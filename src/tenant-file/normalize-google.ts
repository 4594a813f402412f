import { getCatalog } from '../catalog/index.js';
import type { GoogleSpec, GoogleUserSpec } from './google-types.js';
import {
  googleCustomerId,
  googleNumericId,
  googleOAuthClientId,
  googleProjectId,
  googleResourceEmail,
  googleResourceId,
  googleSecondaryCalendarId,
} from './google-ids.js';
import { normalizeGoogleAcl, normalizeGoogleEvents, type GoogleBook } from './normalize-google-calendar.js';
import type { Directory } from './normalize-directory.js';
import { isValidTimeZone } from './relative-time.js';
import * as G from './schema-google.js';
import type { Path } from './source-map.js';
import type { TenantContext } from './tenant-context.js';
import { closest, describeValue } from './zod-issues.js';

// The `google:` section: the Workspace customer of this tenant. Users may be Microsoft users of
// the same tenant (by address: names and password come from there) or Google-only. Every list is
// checked item by item; references (group members, resource buildings, DWD clients, ACL and event
// calendars) are checked once everything is known. One problem per mistake, at its line.

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';
/** Sign-in scopes a DWD entry or OAuth client may also list, beyond the catalog's API scopes. */
const SIGN_IN_SCOPES = ['openid', 'email', 'profile', `${SCOPE_PREFIX}userinfo.email`, `${SCOPE_PREFIX}userinfo.profile`];

export function knownGoogleScopes(): Set<string> {
  return new Set([...getCatalog().google.scopes(), ...SIGN_IN_SCOPES]);
}

export function normalizeGoogle(ctx: TenantContext, raw: unknown, dir: Directory, tenantDomain: string): GoogleSpec | undefined {
  const at: Path = ['google'];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.report(at, `expected a mapping (domain:, users:, resources:, serviceAccounts:, ...), got ${describeValue(raw)}`);
    return undefined;
  }
  const g = ctx.parseOne(at, raw, G.GoogleSection);
  if (!g) return undefined;
  const domain = g.domain ?? tenantDomain;
  const book: GoogleBook = { domain, users: new Map(), groups: new Map(), resources: new Map(), calendars: new Map(), serviceAccounts: new Map() };
  const spec: GoogleSpec = {
    customerId: g.customerId ?? googleCustomerId(domain),
    domain,
    sharing: g.sharing ?? { primaryCalendars: 'freeBusyReader', resources: 'freeBusyReader' },
    users: [],
    groups: [],
    buildings: [],
    resources: [],
    calendars: [],
    serviceAccounts: [],
    oauthClients: [],
    domainWideDelegation: [],
    acl: [],
    events: [],
    source: ctx.source(at),
  };

  // Every address in the Workspace belongs to one object.
  const owners = new Map<string, string>();
  const claim = (address: string, path: Path, what: string): boolean => {
    const first = owners.get(address);
    if (first) {
      ctx.report(path, `${what} '${address}' is already used by ${first}; every address in the Workspace must be unique`);
      return false;
    }
    owners.set(address, formatRef(path));
    return true;
  };
  const inDomain = (address: string) => address.endsWith(`@${domain}`);

  for (const { spec: u, path } of ctx.parseItems([...at, 'users'], g.users, G.GoogleUser)) {
    if (!inDomain(u.email)) {
      ctx.report([...path, 'email'], `'${u.email}' is not in the Workspace domain '${domain}'; a Workspace user's primary address must be`);
      continue;
    }
    const ms = dir.addresses.get(u.email);
    const msUser = ms?.kind === 'user' ? ms.entry.spec : undefined;
    if (!msUser && !u.name && !(u.givenName && u.familyName)) {
      ctx.report(path, `'${u.email}' is not a Microsoft user of this tenant, so give it a name (name:, or givenName: and familyName:)`);
      continue;
    }
    if (!claim(u.email, [...path, 'email'], 'email')) continue;
    const fullName = u.name ?? (u.givenName && u.familyName ? `${u.givenName} ${u.familyName}` : msUser!.displayName);
    const words = fullName.split(/\s+/);
    const user: GoogleUserSpec = {
      id: u.id ?? googleNumericId('user', u.email),
      email: u.email,
      givenName: u.givenName ?? msUser?.givenName ?? words[0]!,
      familyName: u.familyName ?? msUser?.surname ?? (words.slice(1).join(' ') || words[0]!),
      fullName,
      admin: u.admin,
      suspended: u.suspended ?? (msUser ? !msUser.accountEnabled : false),
      microsoftUser: Boolean(msUser),
      source: ctx.source(path),
    };
    const password = u.password ?? msUser?.password;
    if (password !== undefined) user.password = password;
    spec.users.push(user);
    book.users.set(u.email, user);
  }

  for (const { spec: sa, path } of ctx.parseItems([...at, 'serviceAccounts'], g.serviceAccounts, G.GoogleServiceAccount)) {
    const projectId = sa.project ?? googleProjectId(domain);
    const email = `${sa.name}@${projectId}.iam.gserviceaccount.com`;
    if (spec.serviceAccounts.some((x) => x.name === sa.name)) {
      ctx.report([...path, 'name'], `duplicate service account '${sa.name}'; its key file is google/${sa.name}.json, so names must be unique`);
      continue;
    }
    if (!claim(email, [...path, 'name'], 'service account')) continue;
    const clientId = sa.clientId ?? googleNumericId('service-account', email);
    if (spec.serviceAccounts.some((x) => x.clientId === clientId)) {
      ctx.report([...path, 'clientId'], `duplicate client id '${clientId}'`);
      continue;
    }
    const entry = { name: sa.name, projectId, email, clientId, displayName: sa.displayName ?? sa.name, source: ctx.source(path) };
    spec.serviceAccounts.push(entry);
    book.serviceAccounts.set(email, entry);
  }

  const groupEntries = ctx.parseItems([...at, 'groups'], g.groups, G.GoogleGroup);
  for (const { spec: gr, path } of groupEntries) {
    if (!claim(gr.email, [...path, 'email'], 'group email')) continue;
    book.groups.set(gr.email, gr.email);
  }
  for (const { spec: gr, path } of groupEntries) {
    if (!book.groups.has(gr.email) || spec.groups.some((x) => x.email === gr.email)) continue;
    const members: GoogleSpec['groups'][number]['members'] = [];
    gr.members.forEach((m, j) => {
      const email = typeof m === 'string' ? m : m.email;
      const role = typeof m === 'string' ? 'MEMBER' : m.role;
      const mp = [...path, 'members', j];
      if (email === gr.email) return ctx.report(mp, 'a group cannot be a member of itself');
      if (members.some((x) => x.email === email)) return ctx.report(mp, `'${email}' is listed twice`);
      const type = book.users.has(email) ? 'USER' : book.groups.has(email) ? 'GROUP' : book.serviceAccounts.has(email) ? 'SERVICE_ACCOUNT' : 'EXTERNAL';
      if (type === 'EXTERNAL' && inDomain(email) && !ctx.isUnresolvable(email)) {
        const hint = closest(email, [...book.users.keys(), ...book.groups.keys()]);
        return ctx.report(mp, `unknown member '${email}': no Google user or group in ${domain} has this address${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      members.push({ email, role, type });
    });
    spec.groups.push({ id: gr.id ?? googleNumericId('group', gr.email), email: gr.email, name: gr.name, members, source: ctx.source(path), ...(gr.description ? { description: gr.description } : {}) });
  }

  for (const { spec: b, path } of ctx.parseItems([...at, 'buildings'], g.buildings, G.GoogleBuilding)) {
    if (spec.buildings.some((x) => x.id === b.id)) {
      ctx.report([...path, 'id'], `duplicate building id '${b.id}'`);
      continue;
    }
    const floors: string[] = [];
    b.floors.forEach((f, j) => (floors.includes(f) ? ctx.report([...path, 'floors', j], `floor '${f}' is listed twice`) : floors.push(f)));
    const building: GoogleSpec['buildings'][number] = { id: b.id, name: b.name, floors, source: ctx.source(path) };
    if (b.description) building.description = b.description;
    if (b.address) {
      building.address = { addressLines: b.address.lines };
      for (const k of ['locality', 'postalCode', 'regionCode'] as const) if (b.address[k]) building.address[k] = b.address[k];
    }
    spec.buildings.push(building);
  }

  for (const { spec: r, path } of ctx.parseItems([...at, 'resources'], g.resources, G.GoogleResource)) {
    if (spec.resources.some((x) => x.name === r.name)) {
      ctx.report([...path, 'name'], `duplicate resource name '${r.name}'; events and ACL rules refer to resources by name`);
      continue;
    }
    const id = r.id ?? googleResourceId(domain, r.name);
    if (spec.resources.some((x) => x.id === id)) {
      ctx.report([...path, 'id'], `duplicate resource id '${id}'`);
      continue;
    }
    const email = r.email ?? googleResourceEmail(domain, id);
    if (r.email && !r.email.endsWith('@resource.calendar.google.com')) {
      ctx.report([...path, 'email'], `a resource calendar's address ends with @resource.calendar.google.com (Google generates it); got '${r.email}'`);
      continue;
    }
    if (!claim(email, [...path, r.email ? 'email' : 'name'], 'resource email')) continue;
    const building = r.building === undefined ? undefined : spec.buildings.find((b) => b.id === r.building);
    if (r.building !== undefined && !building) {
      const hint = closest(r.building, spec.buildings.map((b) => b.id));
      ctx.report([...path, 'building'], `unknown building '${r.building}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected the id of a building in google.buildings (${spec.buildings.map((b) => b.id).join(', ') || 'none declared'})`);
      continue;
    }
    if (r.floor !== undefined && building && building.floors.length > 0 && !building.floors.includes(r.floor)) {
      ctx.report([...path, 'floor'], `building '${building.id}' has no floor '${r.floor}'; its floors are: ${building.floors.join(', ')}`);
      continue;
    }
    if (r.floor !== undefined && !building) ctx.report([...path, 'floor'], 'a floor needs a building (building:)');
    const res: GoogleSpec['resources'][number] = { id, name: r.name, email, features: r.features, category: r.category, autoAccept: r.autoAccept, source: ctx.source(path) };
    if (r.building !== undefined) res.building = r.building;
    if (r.floor !== undefined) res.floor = r.floor;
    for (const k of ['section', 'capacity', 'type', 'description', 'userVisibleDescription'] as const) if (r[k] !== undefined) (res as unknown as Record<string, unknown>)[k] = r[k];
    spec.resources.push(res);
    book.resources.set(email, res);
  }

  for (const { spec: c, path } of ctx.parseItems([...at, 'calendars'], g.calendars, G.GoogleCalendar)) {
    if (!book.users.has(c.owner) && !book.serviceAccounts.has(c.owner)) {
      if (!ctx.isUnresolvable(c.owner)) ctx.report([...path, 'owner'], `unknown owner '${c.owner}': expected a Google user or service account of this Workspace`);
      continue;
    }
    if (c.timeZone !== undefined && !isValidTimeZone(c.timeZone)) {
      ctx.report([...path, 'timeZone'], `unknown time zone '${c.timeZone}'; expected an IANA zone name such as Europe/Berlin`);
      continue;
    }
    const id = c.id ?? googleSecondaryCalendarId(domain, c.owner, c.name);
    if (!claim(id, [...path, c.id ? 'id' : 'name'], 'calendar id')) continue;
    const cal = { id, name: c.name, owner: c.owner, timeZone: c.timeZone ?? ctx.time.timeZone, source: ctx.source(path), ...(c.description ? { description: c.description } : {}) };
    spec.calendars.push(cal);
    book.calendars.set(id, cal);
  }

  for (const { spec: o, path } of ctx.parseItems([...at, 'oauthClients'], g.oauthClients, G.GoogleOAuthClient)) {
    if (spec.oauthClients.some((x) => x.name === o.name)) {
      ctx.report([...path, 'name'], `duplicate OAuth client '${o.name}'`);
      continue;
    }
    const clientId = o.clientId ?? googleOAuthClientId(domain, o.name);
    if (spec.oauthClients.some((x) => x.clientId === clientId) || spec.serviceAccounts.some((x) => x.clientId === clientId)) {
      ctx.report([...path, 'clientId'], `duplicate client id '${clientId}'`);
      continue;
    }
    o.redirectUris.forEach((u, j) => {
      if (!/^(https?:\/\/[^\s]+|[a-z][a-z0-9.+-]*:\/[^\s]*)$/i.test(u)) ctx.report([...path, 'redirectUris', j], `'${u}' is not a redirect URI (an absolute http(s) URI, or an app scheme such as com.example.app:/cb)`);
    });
    spec.oauthClients.push({ name: o.name, clientId, secret: o.secret, redirectUris: o.redirectUris, source: ctx.source(path) });
  }

  normalizeDwd(ctx, [...at, 'domainWideDelegation'], g.domainWideDelegation, spec);
  spec.acl = normalizeGoogleAcl(ctx, [...at, 'acl'], g.acl, book, spec);
  spec.events = normalizeGoogleEvents(ctx, [...at, 'events'], g.events, book);
  return spec;
}

/** Checked as the admin console's "Add new" does: a known client, supported scopes, no duplicates. */
function normalizeDwd(ctx: TenantContext, at: Path, raw: unknown[], spec: GoogleSpec): void {
  const known = knownGoogleScopes();
  for (const { spec: d, path } of ctx.parseItems(at, raw, G.GoogleDwd)) {
    const sa = spec.serviceAccounts.find((s) => s.name === d.client || s.email === d.client.toLowerCase() || s.clientId === d.client);
    const oc = spec.oauthClients.find((o) => o.name === d.client || o.clientId === d.client);
    const clientId = sa?.clientId ?? oc?.clientId;
    if (!clientId) {
      const names = [...spec.serviceAccounts.map((s) => s.name), ...spec.oauthClients.map((o) => o.name)];
      const hint = closest(d.client, names);
      ctx.report([...path, 'client'], `unknown client '${d.client}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected a service account or OAuth client of google: (name, email or client id)${names.length ? `: ${names.join(', ')}` : ''}`);
      continue;
    }
    const first = spec.domainWideDelegation.find((x) => x.clientId === clientId);
    if (first) {
      ctx.report([...path, 'client'], `client ${clientId} already has a domain-wide delegation entry (${first.source.path}, line ${first.source.line}); the admin console keeps one entry per client id: list all its scopes there`);
      continue;
    }
    const scopes: string[] = [];
    d.scopes.forEach((s, j) => {
      if (scopes.includes(s)) return ctx.report([...path, 'scopes', j], `scope '${s}' is listed twice; the admin console refuses duplicate scopes`);
      if (!known.has(s)) {
        const full = SCOPE_PREFIX + s;
        const hint = known.has(full) ? full : closest(s, [...known]);
        return ctx.report([...path, 'scopes', j], `unsupported scope '${s}'${hint ? ` (did you mean '${hint}'?)` : ''}; the admin console accepts full scope URLs of Google APIs`);
      }
      scopes.push(s);
    });
    spec.domainWideDelegation.push({ clientId, client: d.client, scopes, source: ctx.source(path) });
  }
}

function formatRef(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
