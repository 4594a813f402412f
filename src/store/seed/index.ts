// The seeder: tenant file → stores. See seed-tenants.ts.
export { seedTenants } from './seed-tenants.js';
export { SeedError, type SeedDeps, type SeedSummary } from './context.js';
export { hashPassword, verifyPassword } from './password.js';
export { EXCHANGE_APP_ID, EXCHANGE_PERMISSIONS, MICROSOFT_TENANT_ID } from './resources.js';
