// An app manifest: what an app asks for, per connection model and consent context, as its vendor
// publishes it (docs/manifest.md). `tenantbox check` compares it with the catalog, `tenantbox audit`
// with observed traffic, `tenantbox docs` turns it into a permissions reference.

export type ConnectionKind = 'delegated-user' | 'service-account' | 'application' | 'google-dwd';
export type PermissionType = 'Delegated' | 'Application' | 'Google scope';
/** graph: Microsoft Graph; openid: the OpenID Connect scopes; exchange: Office 365 Exchange Online
 *  (legacy EWS); google: a Google OAuth scope; api: the app's own API (not checked). */
export type PermissionResource = 'graph' | 'openid' | 'exchange' | 'google' | 'api';

export interface ManifestPermission {
  /** As written; Google scopes are expanded to full URLs. */
  name: string;
  type: PermissionType;
  resource: PermissionResource;
  justification: string;
  /** As the vendor published it; undefined when it did not say. */
  adminConsentRequired?: boolean;
  /** Where it is written (1-based). */
  line: number;
  column: number;
  /** Field path, e.g. connections[0].contexts[1].permissions[3]. */
  path: string;
}

export interface ManifestContext {
  id: string;
  title: string;
  description?: string;
  /** Contexts (of the same connection) whose permissions this one builds on (incremental consent). */
  includes: string[];
  permissions: ManifestPermission[];
  line: number;
}

export interface ManifestConnection {
  id: string;
  kind: ConnectionKind;
  title: string;
  description?: string;
  /** The account the model signs in as or impersonates (service account, room mailbox, DWD subject). */
  account?: string;
  /** This model's own Entra app registration, where it is not app.appId (see registrationOf). */
  appId?: string;
  redirectUri?: string;
  /** Application model: the mail-enabled security group an Exchange application access policy scopes to. */
  mailboxScope?: { group: string; members?: string[]; description?: string };
  contexts: ManifestContext[];
  line: number;
}

export interface ManifestApp {
  name: string;
  archetype: string;
  publisher?: string;
  homepage?: string;
  description?: string;
  /** The Entra application (client) id. */
  appId?: string;
  redirectUri?: string;
  /** The Google service account or OAuth client numeric id (domain-wide delegation). */
  googleClientId?: string;
}

export interface Manifest {
  file: string;
  app: ManifestApp;
  connections: ManifestConnection[];
}

export interface ManifestProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}
