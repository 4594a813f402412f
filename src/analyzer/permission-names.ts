// Microsoft Graph permission names follow a convention: <Resource>.<Access>[.<Reach>], e.g.
// Calendars.ReadWrite.Shared, User.Read.All. The analyzer uses it only where the catalog data
// cannot tell (see docs/analyzer.md, "Heuristics"): to order access words and to guess reach.

export interface ParsedPermissionName {
  resource: string;
  /** ReadBasic < Read < ReadWrite; anything else (Send, Create, Manage…) counts as a write. */
  access: string;
  accessRank: number;
  /** Text after the access word: '' (own data), 'All', 'Shared', 'Group', … */
  suffix: string;
  /** True when the name has one of the three read/write access words. */
  standard: boolean;
}

const ACCESS_RANK: Record<string, number> = { ReadBasic: 1, Read: 2, ReadWrite: 3 };
const WRITE_RANK = 3;

const parsed = new Map<string, ParsedPermissionName>();

export function parsePermissionName(name: string): ParsedPermissionName {
  let p = parsed.get(name);
  if (!p) parsed.set(name, (p = parse(name)));
  return p;
}

function parse(name: string): ParsedPermissionName {
  const tokens = name.split('.');
  const i = tokens.findIndex((t, k) => k > 0 && t in ACCESS_RANK);
  if (i < 0) {
    // No read/write word: Mail.Send, Team.Create, ChannelMessage.Send, full_access_as_app.
    return { resource: tokens[0], access: tokens.slice(1).join('.'), accessRank: WRITE_RANK, suffix: '', standard: false };
  }
  return {
    resource: tokens.slice(0, i).join('.'),
    access: tokens[i],
    accessRank: ACCESS_RANK[tokens[i]],
    suffix: tokens.slice(i + 1).join('.'),
    standard: true,
  };
}

/**
 * The name-family rule: a implies b when both are standard names of the same resource, a's
 * access word is at least b's, and a's reach includes b's (equal suffix, or `.All` or `.Shared`
 * over the signed-in user's own data), and they differ. X.ReadWrite.All > X.Read.All >
 * X.ReadBasic.All; Calendars.ReadWrite > Calendars.Read; User.Read.All > User.Read;
 * Calendars.ReadWrite.Shared > Calendars.ReadWrite (Microsoft: "all calendars the user can access,
 * including delegate and shared calendars"; tenantbox's Graph accepts it on the user's own mailbox).
 */
export function familyImplies(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return false;
  const pa = parsePermissionName(a);
  const pb = parsePermissionName(b);
  if (!pa.standard || !pb.standard || pa.resource.toLowerCase() !== pb.resource.toLowerCase()) return false;
  if (pa.accessRank < pb.accessRank) return false;
  const sa = pa.suffix.toLowerCase();
  const sb = pb.suffix.toLowerCase();
  if (sa === sb) return pa.accessRank > pb.accessRank;
  return (sa === 'all' || sa === 'shared') && sb === '';
}

/** Names the family rule says imply `name` (same resource, higher access or wider reach). */
export function familySuperiors(name: string, candidates: Iterable<string>): string[] {
  const out: string[] = [];
  for (const c of candidates) if (familyImplies(c, name)) out.push(c);
  return out;
}

export type Reach = 'own' | 'shared' | 'organization';

/** How far a permission reaches: application permissions and `.All` names reach the organization. */
export function reachOf(name: string, scheme: 'delegated' | 'application'): Reach {
  if (scheme === 'application') return 'organization';
  const suffix = parsePermissionName(name).suffix.toLowerCase();
  if (suffix.split('.').includes('all')) return 'organization';
  if (suffix.split('.').includes('shared')) return 'shared';
  return 'own';
}

const PLAIN_VERBS = new Set(['readbasic', 'read', 'readwrite', 'send', 'create']);
const PLAIN_SUFFIXES = new Set(['', 'all', 'shared']);

/**
 * A special-purpose permission: outside the plain <Resource>.<Read|ReadWrite|Send|Create>[.All|.Shared]
 * shape — Group.ManageProtection.All, User.ReadWrite.CrossCloud, Group-NestingSupport.ReadWrite.All.
 * The data lists such permissions on a few general endpoints (GET /groups) they need for their own
 * purpose; few endpoints does not make them a good general choice.
 */
export function isSpecialPurpose(name: string): boolean {
  const p = parsePermissionName(name);
  if (p.resource.includes('-')) return true;
  const access = p.standard ? p.access : name.split('.').slice(1, 2).join('');
  const suffix = p.standard ? p.suffix : name.split('.').slice(2).join('.');
  return !PLAIN_VERBS.has(access.toLowerCase()) || !PLAIN_SUFFIXES.has(suffix.toLowerCase());
}
