import { afterAll, beforeAll, expect } from 'vitest';
import { getCatalog, type Scheme } from '../../src/catalog/index.js';
import { rankByPrivilege } from '../../src/graph/auth/authorize.js';
import { lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { consentRequestsArea } from '../../src/graph/consent-requests/index.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import { permissionMatrix, type MatrixPermissions } from '../harness/permission-matrix.js';
import { createGraphFixture, ids, type GraphFixture } from './fixture.js';

// The permission matrix for the admin consent workflow's read routes (src/graph/consent-requests),
// in the shared runner: the catalog's least permission succeeds (a request id that does not exist
// answers 404 only after the permission check), an unrelated one gets the directory's 403, a
// higher-privileged one succeeds. The delegated caller is a Global Administrator, one of the roles
// the docs require of delegated callers.

const catalog = getCatalog();
let f: GraphFixture;
beforeAll(async () => {
  f = await createGraphFixture({ areas: [directoryArea, consentRequestsArea] });
});
afterAll(() => f.close());

interface Case {
  name: string;
  url: string;
  template: string;
  schemes: Scheme[];
  status: number;
}

const both: Scheme[] = ['delegated', 'application'];
const MISSING = '5eed5eed-0000-4000-8000-00000000cccc';
const CASES: Case[] = [
  { name: 'GET /identityGovernance/appConsent/appConsentRequests', url: '/identityGovernance/appConsent/appConsentRequests', template: '/identityGovernance/appConsent/appConsentRequests', schemes: both, status: 200 },
  { name: 'GET …/appConsentRequests/{id}', url: `/identityGovernance/appConsent/appConsentRequests/${MISSING}`, template: '/identityGovernance/appConsent/appConsentRequests/{id}', schemes: both, status: 404 },
  { name: 'GET …/appConsentRequests/{id}/userConsentRequests', url: `/identityGovernance/appConsent/appConsentRequests/${MISSING}/userConsentRequests`, template: '/identityGovernance/appConsent/appConsentRequests/{id}/userConsentRequests', schemes: both, status: 404 },
  { name: 'GET /policies/adminConsentRequestPolicy', url: '/policies/adminConsentRequestPolicy', template: '/policies/adminConsentRequestPolicy', schemes: both, status: 200 },
];

function permissionsFor(c: Case, scheme: Scheme): MatrixPermissions {
  const match = lookupPermissions(catalog, 'GET', c.template, scheme)!;
  const ranked = rankByPrivilege(catalog, match.permissions, match, scheme);
  return { least: [ranked[0]!], higher: ranked.length > 1 ? [ranked.at(-1)!] : null, accepted: ranked };
}

async function run(c: Case, scheme: Scheme, perms: string[]) {
  return f.call('GET', c.url, scheme === 'delegated' ? await f.userToken(ids.admin, perms) : await f.appToken(perms));
}

permissionMatrix({ cases: CASES, permissionsFor, run, unrelated: ['Calendars.Read', 'Sites.Read.All'], refusal: {
  name: '403 Authorization_RequestDenied',
  check: (e) => expect(e.code).toBe('Authorization_RequestDenied'),
} });
