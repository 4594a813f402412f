import type { Services } from '../../shared/services.js';
import type { OnlineMeetingStore } from '../../store/meetings/types.js';

/** The online-meeting store; fails loudly until the lead wires it into Stores. */
export function meetingStoreOf(s: Services): OnlineMeetingStore {
  const store = s.stores.onlineMeetings;
  if (!store) {
    throw new Error(
      'tenantbox: the online-meeting store is not wired: open-sqlite.ts must add `onlineMeetings: createSqliteOnlineMeetingStore(main)` (src/store/meetings/index.ts) to Stores',
    );
  }
  return store;
}
