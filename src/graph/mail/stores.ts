import type { Services } from '../../shared/services.js';
import type { MailStore } from '../../store/mail/types.js';

/** The mail store; fails loudly until the lead wires it into Stores. */
export function mailStoreOf(s: Services): MailStore {
  const store = s.stores.mail;
  if (!store) {
    throw new Error('tenantbox: the mail store is not wired: open-sqlite.ts must add `...createSqliteMailStores(main)` (src/store/mail/index.ts) to Stores');
  }
  return store;
}
