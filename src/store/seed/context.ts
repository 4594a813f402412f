import type { Clock } from '../../shared/clock.js';
import type { Ids } from '../../shared/ids.js';
import type { SourceRef, TenantSpec } from '../../tenant-file/types.js';
import { createOrderedUuids } from '../ordered-ids.js';
import type { CalendarRecord, GroupRecord, ServicePrincipalRecord, Stores, UserRecord } from '../types.js';

export interface SeedDeps {
  clock: Clock;
  ids: Ids;
  /** Id of a Microsoft Graph permission (oauth2PermissionScope or appRole), from the catalog; null/undefined = unknown. */
  permissionId: (resource: 'graph', scheme: 'delegated' | 'application', name: string) => string | null | undefined;
}

export interface SeedSummary {
  tenants: {
    id: string;
    domain: string;
    displayName: string;
    users: number;
    rooms: number;
    groups: number;
    apps: { displayName: string; appId: string }[];
    events: number;
  }[];
}

/** A tenant file the loader accepted but the seeder cannot apply; names the file, line and field. */
export class SeedError extends Error {
  constructor(source: SourceRef | undefined, message: string) {
    super(source ? `${source.file}:${source.line}: ${source.path}: ${message}` : message);
    this.name = 'SeedError';
  }
}

export interface SeedContext {
  stores: Stores;
  deps: SeedDeps;
  /** Seeding time, ISO 8601 (the emulated clock). */
  now: string;
  /**
   * The id kept in the data dir for a natural key (created the first time): after a reset every
   * object the file names gets the id it had. Natural keys are lower-case.
   */
  id(naturalKey: string): Promise<string>;
  /** The same, made time-ordered the first time (UUIDv7): for events, the table that grows big. */
  orderedId(naturalKey: string): Promise<string>;
}

/** A directory object an address of the tenant resolves to. */
export type Addressee = { kind: 'user' | 'room'; record: UserRecord } | { kind: 'group' | 'roomList'; record: GroupRecord };

/** What seeding one tenant has produced so far, for the later steps to resolve references. */
export interface TenantState {
  spec: TenantSpec;
  id: string;
  domain: string;
  /** Every address (upn, mail, room email, group mail, room list email), lower-case. */
  addresses: Map<string, Addressee>;
  /** Group specs' member addresses by group id, to expand group attendees. */
  groupMembers: Map<string, string[]>;
  /** Service principals by appId. */
  servicePrincipals: Map<string, ServicePrincipalRecord>;
  /** Default calendar by owner (user or room) id. */
  calendars: Map<string, CalendarRecord>;
  users: number;
  rooms: number;
  groups: number;
  events: number;
}

export function createContext(stores: Stores, deps: SeedDeps): SeedContext {
  const ordered = createOrderedUuids(deps.ids);
  return {
    stores,
    deps,
    now: deps.clock.nowDate().toISOString(),
    id: (naturalKey) => stores.stableIds.idFor('seed', naturalKey.toLowerCase(), () => deps.ids.uuid().toLowerCase()),
    orderedId: (naturalKey) => stores.stableIds.idFor('seed', naturalKey.toLowerCase(), () => ordered(deps.clock.now())),
  };
}

export function lookup(t: TenantState, address: string, source: SourceRef, role: string, kinds: Addressee['kind'][]): Addressee {
  const found = t.addresses.get(address.toLowerCase());
  if (!found) throw new SeedError(source, `unknown ${role} '${address}': nothing in tenant ${t.domain} has this address`);
  if (!kinds.includes(found.kind)) throw new SeedError(source, `${role} '${address}' is a ${found.kind}; expected a ${kinds.join(' or ')}`);
  return found;
}
