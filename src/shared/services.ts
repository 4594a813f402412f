import type { Catalog } from '../catalog/index.js';
import type { Stores } from '../store/types.js';
import type { Clock } from './clock.js';
import type { Ids } from './ids.js';

// What every surface is given: stores, clock, ids, the permission catalog and a few facts about
// this run. Passed explicitly to each surface's `register` function; nothing is global.

export interface RunInfo {
  dataDir: string;
  /** The origin of tenantbox's own port, e.g. https://127.0.0.1:8443 (set once listening). */
  url: string;
  tenantFile: { path: string; hash: string };
  version: string;
  startedAt: number;
}

export interface Services {
  stores: Stores;
  clock: Clock;
  ids: Ids;
  catalog: Catalog;
  run: RunInfo;
  adminKey: string;
  /** Returns tenant state to the tenant file (admin API and CLI `reset`). */
  reset(): Promise<unknown>;
}
