import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// A real tenantbox (TLS front door, every surface, the workload stores, labels seeded, report
// downloads mounted) seeded from a tenant file: the lead's harness, under the name these tests use.

export type WorkloadTestbox = TestTenantbox;

export function startWorkloadTenantbox(yaml: string): Promise<WorkloadTestbox> {
  return startTestTenantbox({ yaml });
}
