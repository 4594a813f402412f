import type { Services } from '../../shared/services.js';
import type { TenantRecord, UserRecord } from '../../store/types.js';
import { caPoliciesFor } from './policies.js';

// Conditional Access evaluation (entra-docs concept-conditional-access-policies, -grant):
// every enabled policy whose assignments match the sign-in applies; a block in any applying policy
// blocks; otherwise every applying policy's grant must be satisfied (here: MFA). Disabled and
// report-only policies are never enforced (report-only only logs in Entra; tenantbox has no sign-in log).
// Assignments (stored by id, as Entra keeps them): users (all / user id / id of a group the user is
// directly in) and target apps (all / appId): the sign-in's targets are the client app and the
// resource the token is for; a policy applies when one of them is included and none is excluded.

export interface CaTarget {
  appId: string;
  displayName: string;
}

export interface CaSignIn {
  tenant: TenantRecord;
  user: UserRecord;
  targets: CaTarget[];
  /** The sign-in (session, refresh-token family, OBO assertion) already carries MFA. */
  mfa: boolean;
}

export type CaDecision =
  | { kind: 'allow' }
  | { kind: 'block'; policyIds: string[] }
  | { kind: 'mfa'; policyIds: string[]; registered: boolean };

type S = Pick<Services, 'stores'>;

export async function evaluateConditionalAccess(s: S, r: CaSignIn): Promise<CaDecision> {
  const policies = await caPoliciesFor(s, r.tenant.id);
  if (policies.length === 0) return { kind: 'allow' };
  const userKeys = await userKeysOf(s, r.user);
  const applying = policies.filter((p) => p.state === 'enabled' && usersMatch(p.users, userKeys) && appsMatch(p.apps, r.targets));
  const blocks = applying.filter((p) => p.grant === 'block');
  if (blocks.length) return { kind: 'block', policyIds: blocks.map((p) => p.id) };
  const mfa = applying.filter((p) => p.grant === 'mfa');
  if (mfa.length && !r.mfa) return { kind: 'mfa', policyIds: mfa.map((p) => p.id), registered: await s.stores.conditionalAccess.isMfaRegistered(r.user.tenantId, r.user.id) };
  return { kind: 'allow' };
}

/** The `claims` value of a challenge: the policies to satisfy, as Entra names them (`capolids`). */
export function claimsChallenge(policyIds: string[]): string {
  return JSON.stringify({ access_token: { capolids: { essential: true, values: policyIds } } });
}

async function userKeysOf(s: S, user: UserRecord): Promise<Set<string>> {
  const keys = new Set<string>(['all', user.id.toLowerCase()]);
  for (const gid of await s.stores.directory.listMemberOf(user.tenantId, user.id)) keys.add(gid.toLowerCase());
  return keys;
}

function usersMatch(t: { include: string[]; exclude: string[] }, keys: Set<string>): boolean {
  return t.include.some((k) => keys.has(k)) && !t.exclude.some((k) => keys.has(k));
}

function appsMatch(t: { include: string[]; exclude: string[] }, targets: CaTarget[]): boolean {
  const hit = (entry: string, a: CaTarget) => entry === 'all' || entry === a.appId.toLowerCase();
  const included = targets.some((a) => t.include.some((e) => hit(e, a)));
  const excluded = targets.some((a) => t.exclude.some((e) => e !== 'all' && hit(e, a)) || t.exclude.includes('all'));
  return included && !excluded;
}
