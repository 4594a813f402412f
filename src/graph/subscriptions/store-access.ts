import type { Services } from '../../shared/services.js';
import type { SubscriptionStore } from '../../store/subscriptions/types.js';

export function subscriptionsStore(s: Services): SubscriptionStore {
  const st = s.stores.subscriptions;
  if (!st) {
    throw new Error('tenantbox: the subscription store is not wired: open-sqlite.ts must add `subscriptions: createSqliteSubscriptionStore(main)` (src/store/subscriptions/index.ts) to Stores');
  }
  return st;
}
