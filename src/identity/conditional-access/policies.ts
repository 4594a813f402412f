import type { Services } from '../../shared/services.js';
import type { CaPolicyRecord } from '../../store/conditional-access/types.js';

// Where the policies come from at run time: the Conditional Access store, seeded from the tenant
// file (src/store/seed/seed-conditional-access.ts). Editing the file changes nothing until `reset`.

export { policyId } from '../../store/conditional-access/policy-id.js';

export function caPoliciesFor(s: Pick<Services, 'stores'>, tenantId: string): Promise<CaPolicyRecord[]> {
  return s.stores.conditionalAccess.list(tenantId);
}
