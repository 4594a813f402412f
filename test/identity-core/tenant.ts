import { createHash, generateKeyPairSync, webcrypto } from 'node:crypto';
import { loadX509 } from '../../src/tls/x509.js';

// The tenant the identity-core suites run against: app-only daemons (secret and certificate), a
// public client for ROPC and device code, a web app, a middle-tier API for on-behalf-of with the
// tablet client that calls it, an app nobody consented to, and a second tenant.

export const PASSWORD = 'Passw0rd!';
export const TID = '5eed0000-0000-4000-8000-00000000c0de';
export const FABRIKAM = '5eed0000-0000-4000-8000-0000000fab01';
export const APPS = {
  daemon: '5eedc0de-0000-4000-8000-000000000001',
  certDaemon: '5eedc0de-0000-4000-8000-000000000002',
  roomDisplay: '5eedc0de-0000-4000-8000-000000000003',
  webApp: '5eedc0de-0000-4000-8000-000000000004',
  middleTier: '5eedc0de-0000-4000-8000-000000000005',
  tablet: '5eedc0de-0000-4000-8000-000000000006',
  unconsented: '5eedc0de-0000-4000-8000-000000000007',
  noRoles: '5eedc0de-0000-4000-8000-000000000008',
  saas: '5eedc0de-0000-4000-8000-000000000009',
} as const;
export const MIDDLE_URI = 'api://contoso.test/middle';

export interface TestCertificate {
  pem: string;
  privateKeyPem: string;
  thumbprintSha1Hex: string;
  thumbprintSha256Hex: string;
  /** base64 DER, for msal-node's `x5c`. */
  der: string;
}

export async function makeCertificate(cn = 'daemon.contoso.test', notAfter = new Date(Date.now() + 365 * 86400_000)): Promise<TestCertificate> {
  const x509 = await loadX509();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: `CN=${cn}`, notBefore: new Date(Date.now() - 86400_000), notAfter, keys: keys as unknown as CryptoKeyPair, signingAlgorithm: alg });
  const der = Buffer.from(cert.rawData);
  return {
    pem: cert.toString('pem'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    thumbprintSha1Hex: createHash('sha1').update(der).digest('hex'),
    thumbprintSha256Hex: createHash('sha256').update(der).digest('hex'),
    der: der.toString('base64'),
  };
}

export function identityTenantYaml(cert: TestCertificate, expiredCert: TestCertificate): string {
  return `
tenant:
  id: ${TID}
  domain: contoso.test
  displayName: Contoso
  userConsent: microsoft-recommended
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "${PASSWORD}", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}", givenName: Megan, surname: Bowen }
  - { upn: ian@contoso.test, displayName: Ian Disabled, password: "${PASSWORD}", accountEnabled: false }
  - { upn: nopass@contoso.test, displayName: No Password }
rooms:
  - { email: orion@contoso.test, displayName: Orion, password: "${PASSWORD}" }
apps:
  - appId: ${APPS.daemon}
    displayName: Daemon
    secrets: ["daemon-secret", { value: "old-daemon-secret", expires: "now-1d" }]
    requiredResourceAccess: { graph: { application: [Calendars.Read, User.Read.All] } }
  - appId: ${APPS.certDaemon}
    displayName: Cert Daemon
    certificates: [{ pem: ${JSON.stringify(cert.pem)} }, { pem: ${JSON.stringify(expiredCert.pem)} }]
    requiredResourceAccess: { graph: { application: [Place.Read.All] } }
  - appId: ${APPS.roomDisplay}
    displayName: Room Display
    publicClient: true
    redirectUris: { publicClient: ["http://localhost:3000/auth"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.ReadWrite, offline_access] } }
  - appId: ${APPS.webApp}
    displayName: Web App
    secrets: ["web-secret"]
    redirectUris: { web: ["https://app.contoso.test/callback"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
  - appId: ${APPS.middleTier}
    displayName: Middle Tier API
    secrets: ["middle-secret"]
    api: { identifierUri: "${MIDDLE_URI}", scopes: [access_as_user] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.Read] } }
  - appId: ${APPS.tablet}
    displayName: Tablet
    publicClient: true
    redirectUris: { publicClient: ["http://localhost:3000/auth"] }
    requiredResourceAccess: { "${MIDDLE_URI}": { delegated: [access_as_user] }, graph: { delegated: [offline_access] } }
  - appId: ${APPS.unconsented}
    displayName: Unconsented
    publicClient: true
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
  - appId: ${APPS.noRoles}
    displayName: No Roles Daemon
    secrets: ["noroles-secret"]
consents:
  - { app: Daemon, adminConsent: true }
  - { app: Cert Daemon, adminConsent: true }
  - { app: Room Display, adminConsent: true }
  - { app: Web App, adminConsent: true }
  - { app: Middle Tier API, adminConsent: true }
  - { app: Tablet, adminConsent: true }
---
tenant:
  id: ${FABRIKAM}
  domain: fabrikam.test
  displayName: Fabrikam
users:
  - { upn: lee@fabrikam.test, displayName: Lee Gu, password: "${PASSWORD}", roles: [Global Administrator] }
apps:
  - appId: ${APPS.saas}
    displayName: SaaS Sync
    multiTenant: true
    secrets: ["saas-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All] } }
consents:
  - { app: SaaS Sync, adminConsent: true }
`;
}

export function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export function decodeHeader(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}
