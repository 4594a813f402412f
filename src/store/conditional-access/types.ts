// Conditional Access state (entra-docs concept-conditional-access-policies; graph-docs
// conditionalAccessPolicy), reduced to what tenantbox evaluates, and which users have no MFA
// method registered. Seeded from the tenant file's `conditionalAccess:` and users' `mfaRegistered`.
// Targets are stored as Entra stores them, by id: a user or group renamed later stays targeted.

export interface CaPolicyRecord {
  tenantId: string;
  /** Stable per (tenant id, policy name): what `capolids` in a claims challenge names (policy-id.ts). */
  id: string;
  name: string;
  state: 'enabled' | 'disabled' | 'reportOnly';
  /** `all` or object ids (lower-case) of users and groups (direct membership). */
  users: { include: string[]; exclude: string[] };
  /** `all` or appIds (lower-case): the client app or the resource a token is for. */
  apps: { include: string[]; exclude: string[] };
  grant: 'mfa' | 'block';
}

export interface ConditionalAccessStore {
  /** The tenant's policies, in the order they were put (the tenant file's). */
  list(tenantId: string): Promise<CaPolicyRecord[]>;
  /** Creates or replaces a policy (by tenant and id). */
  put(p: CaPolicyRecord): Promise<void>;
  /** Whether the user has a multifactor method registered (the default: true). */
  isMfaRegistered(tenantId: string, userId: string): Promise<boolean>;
  setMfaRegistered(tenantId: string, userId: string, registered: boolean): Promise<void>;
}
