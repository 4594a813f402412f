import type { TestTenantbox } from '../harness/tenantbox.js';

// The tenants the browser suites sign in to. Contoso keeps Entra's default user-consent policy
// (microsoft-recommended: users may consent to User.Read or Files.Read, not to calendar scopes);
// Fabrikam has user consent turned off.

export const PASSWORD = 'Passw0rd!';

export const BROWSER_TENANTS = `
tenant:
  domain: contoso.test
  displayName: Contoso Ltd
  userConsent: microsoft-recommended
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "${PASSWORD}", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}" }
  - { upn: ian@contoso.test, displayName: Ian Disabled, password: "${PASSWORD}", accountEnabled: false }
rooms:
  - { email: orion@contoso.test, displayName: Orion, password: "${PASSWORD}", capacity: 8 }
apps:
  - displayName: Room Display
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.ReadWrite, offline_access] } }
  - displayName: Booking Web
    secrets: ["booking-web-secret"]
    redirectUris: { web: ["http://127.0.0.1/callback"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
  - displayName: Booking SPA
    redirectUris: { spa: ["http://localhost/spa"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
  - displayName: Directory Viewer
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read.All] } }
  - displayName: Room Signage
    secrets: ["signage-secret"]
    redirectUris: { web: ["http://127.0.0.1/admin-done"] }
    requiredResourceAccess: { graph: { application: [Calendars.ReadWrite, Place.Read.All], delegated: [User.Read] } }
---
tenant:
  domain: fabrikam.test
  displayName: Fabrikam
  userConsent: none
users:
  - { upn: lee@fabrikam.test, displayName: Lee Gu, password: "${PASSWORD}" }
apps:
  - displayName: Fabrikam Notes
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
  - displayName: Fabrikam Planner
    multiTenant: true
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
`;

export function appId(tb: TestTenantbox, displayName: string): string {
  for (const t of tb.tenants) for (const a of t.apps) if (a.displayName === displayName) return a.appId;
  throw new Error(`no app '${displayName}' in the test tenant`);
}

export function tenantId(tb: TestTenantbox, domain: string): string {
  const t = tb.tenants.find((x) => x.domain === domain);
  if (!t) throw new Error(`no tenant ${domain}`);
  return t.id;
}
