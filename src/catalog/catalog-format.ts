// Shape of src/catalog/generated/catalog.json, written by scripts/derive-catalog.ts.
// Bump CATALOG_FORMAT_VERSION whenever this shape changes.

export const CATALOG_FORMAT_VERSION = 1;

export interface SourceInput {
  file: string; // relative to the shared data folder, e.g. msgraph/permissions.json
  sha256: string;
  repo?: string;
  commit?: string;
  path?: string;
  package?: string;
  license: string;
}

export interface CatalogSource {
  generator: string;
  formatVersion: number;
  inputs: SourceInput[];
  note: string;
}

export interface SchemeJson {
  // null: the permission exists in permissions.json for this scheme, but no id is published for it.
  id: string | null;
  requiresAdminConsent: boolean;
  // Kibali privilege level 1-5; null where permissions.json gives none.
  privilegeLevel: number | null;
  hidden?: true;
  disabled?: true;
}

export interface PermissionJson {
  authorizationType: 'oAuth2' | 'RSC';
  delegated?: SchemeJson;
  application?: SchemeJson;
  // The permission also has a DelegatedPersonal (Microsoft account) scheme.
  personal?: true;
  // Set when the permission is not in permissions.json and was taken from permissions-descriptions.json.
  origin?: 'permissions-descriptions';
  // openid, profile, email, offline_access.
  oidc?: true;
}

// Per scheme, for one (method, template): accepted permissions, the least-privileged ones, and the
// extra permissions a grant needs (AlsoRequires) keyed by the permission that needs them.
export interface SchemePathJson {
  accepted: string[];
  least?: string[];
  alsoRequires?: Record<string, string[]>;
}

export interface MethodPathJson {
  delegated?: SchemePathJson;
  application?: SchemePathJson;
}

export interface GoogleApiJson {
  file: string;
  // scope URL -> how many of this API's methods it allows, and its dense rank (1 = fewest methods).
  scopes: Record<string, { methods: number; rank: number }>;
}

export interface GoogleMethodJson {
  api: string;
  httpMethod: string;
  path: string;
  scopes: string[];
  narrowest: string[];
}

export interface CatalogJson {
  _source: CatalogSource;
  graph: {
    permissions: Record<string, PermissionJson>;
    // template -> HTTP method -> rule id. Templates: literal segments lower-cased.
    paths: Record<string, Record<string, string>>;
    // rule id -> per-scheme data. Many (method, template) pairs share a rule (a whole resource
    // family usually does), so rules are stored once; the id is a content hash, so it stays stable
    // when unrelated data changes.
    rules: Record<string, MethodPathJson>;
  };
  google: {
    apis: Record<string, GoogleApiJson>;
    methods: Record<string, GoogleMethodJson>;
    // scope A -> scopes B it implies: A covers B's methods and B sits below A in the scope naming.
    implies: Record<string, string[]>;
    // scope A -> scopes B whose methods A all allows (method sets only; see derive/google.ts).
    coversMethods: Record<string, string[]>;
  };
}
