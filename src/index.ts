// tenantbox's programmatic API, for test suites:
//   const tb = await startTenantbox({ tenantFile, port: 0, dataDir });
//   new ConfidentialClientApplication(msalConfigFor(tb, { appId, clientSecret }));
export { startTenantbox, type StartOptions, type Tenantbox, type TenantSummary } from './server.js';
export { msalConfigFor, type MsalConfigOptions } from './testing/msal-config.js';
export type { Clock } from './shared/clock.js';
export { analyze, renderReport, parseHar, parseAuditJsonLines, fromAuditRecords, checkManifest } from './analyzer/index.js';
export { loadManifest } from './manifest/index.js';
export { generateDocs } from './docs-gen/index.js';
