import type { Clearable } from './connection.js';

// Read-through cache for hot single-record lookups (a user, a service principal, a tenant's
// policies…), looked up on every Graph request. This process is the only writer, so a store
// clears the cache of its aggregate on every write it makes, and the connection clears them all
// after a rollback. Misses are cached too (a 404 path is as hot as a 200 one). Cached records are
// frozen: every caller gets the same object, and a caller mutating it would change it for all.

export class LookupCache<V> implements Clearable {
  private readonly map = new Map<string, V | undefined>();

  constructor(private readonly maxEntries = 20_000) {}

  get(key: string, load: () => V | undefined): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit;
    const value = load();
    if (value !== undefined) deepFreeze(value);
    // Keys come from request paths; a crude bound keeps a scan of random ids from growing it forever.
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Cache key parts are joined with a character no id, upn or mail contains. */
export const key = (...parts: string[]): string => parts.join('\u0001');
