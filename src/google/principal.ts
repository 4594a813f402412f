// Who is calling: the user a service account impersonates (domain-wide delegation), the user who
// signed in to an OAuth client, or a service account acting as itself (no `sub`). A service
// account's "own" identity has a calendar of its own and sees only what is shared with its email.

export interface Principal {
  tenantId: string;
  /** Lower-case email: the user's primary address, or the service account's client_email. */
  email: string;
  kind: 'user' | 'serviceAccount';
  /** Super admin (users only): Admin SDK access, implicit owner of resource calendars. */
  isAdmin: boolean;
  /** The OAuth client: a service account's client id, or an OAuth client id. */
  clientId: string;
  clientName: string;
  /** Scopes the access token carries. */
  scopes: readonly string[];
  /** Workspace domain of the tenant (domain ACL rules match users of it). */
  domain: string;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
