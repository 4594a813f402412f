import { pairwiseSub } from '../../identity/tokens/claims.js';
import type { UserRecord } from '../../store/types.js';

// The claims the UserInfo endpoint returns, from learn.microsoft.com/entra/identity-platform/userinfo
// ("UserInfo response"): `sub`, the name claims (`name`, `family_name`, `given_name`) and `picture`
// with the `profile` scope, `email` with the `email` scope. "The claims shown in the response are
// all those that the UserInfo endpoint can return. These values are the same values included in an
// ID token": so `sub` is the pairwise value of the ID token tenantbox issues to the same app for the
// same user, and `name` is the displayName the ID token carries. A claim the user has no value for
// is left out (OIDC Core §5.3.2: omitted, not null).

export interface UserInfoInput {
  user: Pick<UserRecord, 'id' | 'displayName' | 'givenName' | 'surname' | 'mail'>;
  /** The client the access token was issued to (`appid`): the pairwise `sub` is per app. */
  clientAppId: string;
  /** The token's `scp`, lower-cased. */
  scopes: ReadonlySet<string>;
  /** Where Graph is for this caller (https://graph.microsoft.com, or tenantbox's own origin). */
  graphOrigin: string;
}

export function userInfoClaims(i: UserInfoInput): Record<string, string> {
  const u = i.user;
  const out: Record<string, string> = { sub: pairwiseSub(u.id, i.clientAppId) };
  if (i.scopes.has('profile')) {
    out.name = u.displayName;
    if (u.surname) out.family_name = u.surname;
    if (u.givenName) out.given_name = u.givenName;
    // The documented sample's value: the signed-in user's photo on Graph (whether one is set or not).
    out.picture = `${i.graphOrigin}/v1.0/me/photo/$value`;
  }
  if (i.scopes.has('email') && u.mail) out.email = u.mail;
  return out;
}
