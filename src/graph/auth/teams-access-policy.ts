import type { Services } from '../../shared/services.js';
import type { TeamsAccessPolicyRecord } from '../../store/types.js';
import { graphErrors, type GraphError } from '../errors.js';

// The Teams application access policy (New-/Grant-CsApplicationAccessPolicy; semantics doc §4.6).
// App-only online meetings are deny-by-default: the app must be in the policy granted to the
// meeting's user, or in the global policy when the user has none [D G17, G18, X8]. A user has at
// most one policy (a later grant overrides an earlier one, so the last granted wins here).

/** Application permissions the policy governs [D G18]. */
export const TEAMS_POLICY_PERMISSIONS: readonly string[] = [
  'OnlineMeetings.Read.All',
  'OnlineMeetings.ReadWrite.All',
  'OnlineMeetingArtifact.Read.All',
];

export interface TeamsPolicyDecision {
  allowed: boolean;
  /** The policy in effect for the user (explicit, else global), if any. */
  policy: TeamsAccessPolicyRecord | null;
  reason: string;
}

export function evaluateTeamsApplicationAccessPolicy(
  policies: readonly TeamsAccessPolicyRecord[],
  appId: string,
  userId: string,
): TeamsPolicyDecision {
  const user = userId.toLowerCase();
  const explicit = policies.filter((p) => p.grantedTo.some((u) => u.toLowerCase() === user)).at(-1);
  const policy = explicit ?? policies.filter((p) => p.global).at(-1) ?? null;
  if (!policy) return { allowed: false, policy: null, reason: 'no Teams application access policy is granted to the user or globally' };
  const allowed = policy.appIds.some((a) => a.toLowerCase() === appId.toLowerCase());
  const where = explicit ? 'granted to the user' : 'granted globally';
  return {
    allowed,
    policy,
    reason: allowed ? `the app is in policy ${policy.name} (${where})` : `policy ${policy.name} (${where}) does not list the app`,
  };
}

/**
 * For app-only online-meeting routes: resolves the policy and returns the 403 Graph answers when the
 * app is not allowed for that user, or null when it is.
 */
export async function checkTeamsApplicationAccessPolicy(
  s: Services,
  tenantId: string,
  appId: string,
  userId: string,
): Promise<{ decision: TeamsPolicyDecision; error: GraphError | null; policyName: string | null }> {
  const decision = evaluateTeamsApplicationAccessPolicy(await s.stores.policies.listTeamsAccessPolicies(tenantId), appId, userId);
  const policyName = decision.policy ? `CsApplicationAccessPolicy ${decision.policy.name}` : 'CsApplicationAccessPolicy (none)';
  return {
    decision,
    policyName,
    error: decision.allowed
      ? null
      : graphErrors.teamsApplicationAccessPolicyMissing({
          details: [{ code: 'tenantbox.teamsApplicationAccessPolicy', message: decision.reason, target: userId }],
        }),
  };
}
