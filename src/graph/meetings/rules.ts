import type { UserRecord } from '../../store/types.js';
import type { ResourceRef, ResourceRule } from '../auth/resource-rules.js';
import { checkTeamsApplicationAccessPolicy } from '../auth/teams-access-policy.js';
import { graphErrors } from '../errors.js';

// Whose online meetings a call reaches (semantics doc §4.6):
// - delegated: only the signed-in user's (`/me`, or `/users/{id}` naming the signed-in user);
// - app-only: any user's, but only where a Teams application access policy (CsApplicationAccessPolicy)
//   listing the app is granted to that user, or globally: deny-by-default, 403 Forbidden
//   "No application access policy found for this app" [O I1, I2].

export interface MeetingUserResource extends ResourceRef {
  kind: 'onlineMeetingUser';
  /** 'me', or the user's object id (Graph documents the object id; a UPN is accepted too). */
  id: string;
}

export const meetingUser = (id: string): MeetingUserResource => ({ kind: 'onlineMeetingUser', id });

export const meetingUserRule: ResourceRule<MeetingUserResource> = {
  name: 'onlineMeetingUser',
  async check({ s, tenant, principal, resource }) {
    const key = resource.id.toLowerCase() === 'me' ? principal.userId! : resource.id;
    const user: UserRecord | undefined = await s.stores.directory.getUser(tenant.id, key);
    if (!user) return { allow: false, error: graphErrors.directoryResourceNotFound(resource.id) };
    if (principal.scheme === 'delegated') {
      if (user.id.toLowerCase() !== principal.userId!.toLowerCase()) {
        return {
          allow: false,
          policy: 'Online meetings: a delegated caller reaches only the signed-in user',
          error: graphErrors.onlineMeetingAccessDenied({
            details: [{ code: 'tenantbox.onlineMeetingUser', message: 'Delegated tokens reach only the signed-in user\'s online meetings; use /me/onlineMeetings.', target: resource.id }],
          }),
        };
      }
      return { allow: true, target: user };
    }
    const { error, policyName } = await checkTeamsApplicationAccessPolicy(s, tenant.id, principal.appId, user.id);
    if (error) return { allow: false, error, policy: policyName ?? undefined };
    return { allow: true, target: user };
  },
};
