import type { SeedContext, TenantState } from '../seed/context.js';
import { SeedError } from '../seed/context.js';

/**
 * The tenant's adminConsentRequestPolicy from `tenant.adminConsentWorkflow`. A tenant file without
 * the setting gets no record: Graph then answers the policy as disabled (a new tenant's state).
 */
export async function seedAdminConsentWorkflow(ctx: SeedContext, t: TenantState): Promise<void> {
  const w = t.spec.adminConsentWorkflow;
  if (!w) return;
  const reviewerIds = w.reviewers.map((upn) => {
    const a = t.addresses.get(upn);
    if (a?.kind !== 'user') throw new SeedError(w.source, `reviewer '${upn}' is not a user of ${t.domain}`);
    return a.record.id;
  });
  await ctx.stores.consentRequests.putPolicy({
    tenantId: t.id,
    isEnabled: w.enabled,
    notifyReviewers: w.notifyReviewers,
    remindersEnabled: w.remindersEnabled,
    requestDurationInDays: w.requestDurationInDays,
    reviewerIds,
    version: 0,
  });
}
