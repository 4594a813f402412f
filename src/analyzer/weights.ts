import type { Scheme } from '../catalog/index.js';
import type { AnalyzerCatalog } from './analyzer-catalog.js';
import { familyImplies, isSpecialPurpose, parsePermissionName, reachOf, type Reach } from './permission-names.js';

// The cost the minimal-set search minimises. A permission's weight is how much it opens, weighted
// by how sensitive Microsoft rates it:
//
//   weight = endpoints it allows (under the scheme, from the data)
//          × 2^(privilege level)         Microsoft's privilege level 1-5
//          × access (ReadBasic 1, Read 2, ReadWrite or any other verb — Send, Create, Manage… — 16)
//          × reach (own data 1, shared calendars/mailboxes 2, whole organization 4)
//          × 16 for a special-purpose permission (permission-names.ts: isSpecialPurpose)
//
// so two narrow permissions (User.Read.All + GroupMember.Read.All) cost less than one broad one
// (Directory.Read.All) that opens far more, Calendars.Read costs less than Calendars.ReadWrite,
// and a special-purpose permission listed on a handful of general endpoints (User.ReadWrite.CrossCloud
// on GET /users, Group.ManageProtection.All on GET /groups) does not win them for lack of endpoints:
// it is chosen only where no general permission allows the call.
// The privilege level is corrected where the data contradicts its own naming: a permission is
// never rated above a wider member of its family (application Calendars.Read is level 4 and
// Calendars.ReadWrite level 3 in the data; Calendars.Read is rated 3). A missing level takes the
// family's, else 3. See docs/analyzer.md, "How the minimal set is chosen".

const REACH_FACTOR: Record<Reach, number> = { own: 1, shared: 2, organization: 4 };
// By access rank (ReadBasic 1, Read 2, writes 3). A write costs eight reads: a read-only candidate
// wins a read unless the write permission is needed for other calls anyway (then it covers both).
const ACCESS_FACTOR = [1, 1, 2, 16];
const DEFAULT_LEVEL = 3;
const SPECIAL_FACTOR = 16;

export interface PermissionWeight {
  name: string;
  scheme: Scheme;
  /** Level used for the weight (1-5). */
  level: number;
  /** Level as the data gives it (null: none). */
  dataLevel: number | null;
  levelNote?: string;
  breadth: number;
  reach: Reach;
  weight: number;
  requiresAdminConsent: boolean;
  /** The permission exists for the scheme with a published id (an app can request it). */
  grantable: boolean;
}

export class GraphWeights {
  private readonly cache = new Map<string, PermissionWeight | null>();

  constructor(private readonly ac: AnalyzerCatalog) {}

  of(name: string, scheme: Scheme): PermissionWeight | undefined {
    const key = `${scheme}|${name.toLowerCase()}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      w = this.compute(name, scheme) ?? null;
      this.cache.set(key, w);
    }
    return w ?? undefined;
  }

  private compute(name: string, scheme: Scheme): PermissionWeight | undefined {
    const info = this.ac.catalog.permission(name);
    const s = info?.[scheme];
    if (!info || !s) return undefined;
    const family = this.family(info.name, scheme);
    let level = s.privilegeLevel;
    let levelNote: string | undefined;
    if (level === null) {
      const known = family.map((f) => f.level).filter((l): l is number => l !== null);
      level = known.length ? Math.min(...known) : DEFAULT_LEVEL;
      levelNote = known.length ? 'no level in the data; taken from its family' : `no level in the data; ${DEFAULT_LEVEL} assumed`;
    }
    const superiors = family.filter((f) => f.level !== null && familyImplies(f.name, info.name)).map((f) => f.level!);
    if (superiors.length && Math.min(...superiors) < level) {
      levelNote = `the data rates it ${level}, above a wider permission of its family; rated ${Math.min(...superiors)}`;
      level = Math.min(...superiors);
    }
    // A `.Shared` scope reaches at least what its own-mailbox twin does; the data lists it on a
    // handful of endpoints only (findMeetingTimes…), which would make it look narrow.
    const twin = /\.shared$/i.test(info.name) ? info.name.replace(/\.shared$/i, '') : undefined;
    const ops = this.ac.graphOps();
    const breadth = Math.max(1, ops.opsOf(info.name, scheme).size, twin ? ops.opsOf(twin, scheme).size : 0);
    const reach = reachOf(info.name, scheme);
    return {
      name: info.name,
      scheme,
      level,
      dataLevel: s.privilegeLevel,
      ...(levelNote && { levelNote }),
      breadth,
      reach,
      weight: breadth * 2 ** level * ACCESS_FACTOR[parsePermissionName(info.name).accessRank] * REACH_FACTOR[reach] * (isSpecialPurpose(info.name) ? SPECIAL_FACTOR : 1),
      requiresAdminConsent: s.requiresAdminConsent,
      grantable: s.id !== null && !s.disabled,
    };
  }

  private family(name: string, scheme: Scheme): { name: string; level: number | null }[] {
    const resource = parsePermissionName(name).resource.toLowerCase();
    const out: { name: string; level: number | null }[] = [];
    for (const p of this.ac.catalog.allPermissions()) {
      const s = p[scheme];
      if (!s || p.name === name) continue;
      const parsed = parsePermissionName(p.name);
      if (parsed.standard && parsed.resource.toLowerCase() === resource) out.push({ name: p.name, level: s.privilegeLevel });
    }
    return out;
  }
}

// Google publishes no privilege levels. A scope's weight is how many methods of its API it allows
// (the catalog's rank data); read-only scopes are rated level 2 and the others 3 for the charts.
// Scopes that reach only part of the data (calendars the user owns, that the app created, public
// events, free/busy only) are left out of the minimal set: the catalog says they allow the method,
// but whether they reach the calendar a call touched depends on data the log does not hold. The
// report names them as narrower options instead.
export const GOOGLE_PARTIAL_REACH: Readonly<Record<string, string>> = {
  'https://www.googleapis.com/auth/calendar.events.owned': 'only calendars the user owns',
  'https://www.googleapis.com/auth/calendar.events.owned.readonly': 'only calendars the user owns',
  'https://www.googleapis.com/auth/calendar.app.created': 'only calendars the app created',
  'https://www.googleapis.com/auth/calendar.events.public.readonly': 'only public events',
  'https://www.googleapis.com/auth/calendar.events.freebusy': 'only free/busy information of events',
};

export interface ScopeWeight {
  name: string;
  level: number;
  breadth: number;
  weight: number;
  partialReach?: string;
}

export function googleScopeWeight(ac: AnalyzerCatalog, scope: string): ScopeWeight {
  const rank = ac.catalog.google.scopeRank(scope);
  const breadth = rank?.methods ?? 1000;
  const level = scope.endsWith('.readonly') ? 2 : 3;
  const partialReach = GOOGLE_PARTIAL_REACH[scope];
  return { name: scope, level, breadth, weight: breadth * 2 ** level, ...(partialReach && { partialReach }) };
}
