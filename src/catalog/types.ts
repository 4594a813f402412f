// Public types of the permission catalog (see docs/catalog.md).

export type Scheme = 'delegated' | 'application';

export interface SchemeInfo {
  // The oauth2PermissionScope id (delegated) or appRole id (application). null where Microsoft's
  // data names the permission for this scheme but publishes no id (72 cases, e.g. AgentIdentity.*).
  readonly id: string | null;
  readonly requiresAdminConsent: boolean;
  // Kibali privilege level 1 (lowest) to 5; null where the data gives none.
  readonly privilegeLevel: number | null;
  readonly hidden?: true;
  readonly disabled?: true;
}

export interface PermissionInfo {
  readonly name: string; // canonical casing
  // 'RSC' permissions are granted per resource (team, chat), never tenant-wide.
  readonly authorizationType: 'oAuth2' | 'RSC';
  readonly delegated?: SchemeInfo;
  readonly application?: SchemeInfo;
  readonly personal?: true; // also exists for personal Microsoft accounts
  readonly oidc?: true; // openid, profile, email, offline_access
  // Only in permissions-descriptions.json (no paths, no privilege level).
  readonly origin?: 'permissions-descriptions';
}

export interface PathMatch {
  readonly template: string;
  readonly method: string;
  readonly scheme: Scheme;
  // Tenant-wide (oAuth2) permissions that allow this operation under the scheme. Empty when the
  // endpoint is known but the scheme is not supported for it (e.g. findMeetingTimes, application).
  readonly permissions: readonly string[];
  // The subset Microsoft marks least-privileged for this scheme.
  readonly least: readonly string[];
  // permission -> further permissions the caller must also hold when using it.
  readonly alsoRequires: Readonly<Record<string, readonly string[]>>;
  // Resource-specific-consent permissions that also allow it (granted per team or chat).
  readonly rsc: readonly string[];
}

export interface GoogleMethod {
  readonly id: string;
  readonly api: string; // 'calendar:v3' | 'admin:directory_v1'
  readonly httpMethod: string;
  readonly path: string; // with the service prefix, e.g. /calendar/v3/calendars/{calendarId}/events
  readonly scopes: readonly string[]; // any one of them allows the method
  readonly narrowest: readonly string[]; // the listed scopes that allow the fewest methods of the API
}

export interface GoogleRequestMatch {
  readonly method: GoogleMethod;
  // All method ids whose template matches. Usually one; the Chrome printer and print-server
  // methods share `/admin/directory/v1/{+name}`, and the data cannot tell them apart.
  readonly candidates: readonly string[];
  // Scopes that allow every candidate (equal to method.scopes when there is one candidate).
  readonly scopes: readonly string[];
}

export interface GoogleCatalog {
  method(id: string): GoogleMethod | undefined;
  lookupRequest(httpMethod: string, path: string): GoogleRequestMatch | undefined;
  // Throws for an unknown method id.
  narrowest(methodId: string): readonly string[];
  // Holding a makes holding b redundant: a allows every method b allows and b sits below a in
  // Google's scope naming (calendar > calendar.events > calendar.events.readonly). Scopes may be
  // full URLs or short names ('calendar' = https://www.googleapis.com/auth/calendar).
  implies(a: string, b: string): boolean;
  // Method sets only: a allows every method b allows. Not a redundancy test (calendar.events.owned
  // covers calendar.events' methods but reaches less data).
  coversMethods(a: string, b: string): boolean;
  scopes(): readonly string[];
  scopeRank(scope: string): { api: string; methods: number; rank: number } | undefined;
}

export interface Catalog {
  permission(name: string): PermissionInfo | undefined;
  // A scope and an app role may share a GUID (User.Export.All does): pass the scheme when known.
  permissionById(id: string, scheme?: Scheme): { name: string; scheme: Scheme } | undefined;
  allPermissions(): readonly PermissionInfo[];
  lookup(method: string, path: string, scheme: Scheme): PathMatch | undefined;
  google: GoogleCatalog;
}
