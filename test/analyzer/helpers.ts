import type { AuditRecord } from '../../src/store/types.js';
import type { CatalogJson } from '../../src/catalog/catalog-format.js';

// Hand-built audit records and a tiny catalog, so each test states its traffic and its answer.

let seq = 0;

export function rec(partial: Partial<AuditRecord> & Pick<AuditRecord, 'method' | 'path'>): AuditRecord {
  seq++;
  return {
    seq,
    time: new Date(Date.UTC(2026, 0, 12, 9, 0, seq % 60)).toISOString(),
    service: 'graph',
    tenantId: 'tenant-1',
    appId: 'app-1',
    userId: null,
    scheme: 'application',
    template: null,
    permission: null,
    missing: [],
    policy: null,
    status: 200,
    requestId: `req-${seq}`,
    granted: [],
    ...partial,
  };
}

export const app = (method: string, path: string, extra: Partial<AuditRecord> = {}) => rec({ method, path, scheme: 'application', ...extra });
export const user = (method: string, path: string, extra: Partial<AuditRecord> = {}) => rec({ method, path, scheme: 'delegated', userId: 'user-1', ...extra });
export const google = (method: string, path: string, extra: Partial<AuditRecord> = {}) => rec({ method, path, service: 'google', scheme: 'delegated', userId: 'signage@contoso.test', ...extra });

/**
 * A catalog with a handful of made-up permissions on made-up paths (format version 1), for answers
 * that must not move when Microsoft's data does: ties, tie-breaking, ungrantable permissions.
 */
export function tinyCatalog(): CatalogJson {
  const scheme = (id: string | null, level: number | null, admin = true) => ({ id, requiresAdminConsent: admin, privilegeLevel: level });
  return {
    _source: { generator: 'test', formatVersion: 1, inputs: [], note: '' },
    graph: {
      permissions: {
        'Alpha.Read.All': { authorizationType: 'oAuth2', application: scheme('00000000-0000-0000-0000-00000000000a', 3) },
        'Beta.Read.All': { authorizationType: 'oAuth2', application: scheme('00000000-0000-0000-0000-00000000000b', 3) },
        'Gamma.Read.All': { authorizationType: 'oAuth2', application: scheme('00000000-0000-0000-0000-00000000000c', 2) },
        'Delta.Read.All': { authorizationType: 'oAuth2', application: scheme('00000000-0000-0000-0000-00000000000d', 3) },
        'Ghost.Read.All': { authorizationType: 'oAuth2', application: scheme(null, 2) },
      },
      paths: {
        '/things': { GET: 'r1' },
        '/widgets': { GET: 'r2' },
        '/widgets/{id}': { GET: 'r3' },
        '/phantoms': { GET: 'r4' },
        '/gadgets': { GET: 'r5' },
      },
      rules: {
        // Alpha and Beta: same level, same number of endpoints, both allow /things: a tie.
        r1: { application: { accepted: ['Alpha.Read.All', 'Beta.Read.All'], least: ['Alpha.Read.All', 'Beta.Read.All'] } },
        // Gamma (level 2, two endpoints) and Delta (level 3, one endpoint) weigh the same: level breaks the tie.
        r2: { application: { accepted: ['Delta.Read.All', 'Gamma.Read.All'] } },
        r3: { application: { accepted: ['Gamma.Read.All'] } },
        // Only a permission without a published id allows /phantoms.
        r4: { application: { accepted: ['Ghost.Read.All'] } },
        r5: { application: { accepted: ['Alpha.Read.All', 'Beta.Read.All'] } },
      },
    },
    google: { apis: {}, methods: {}, implies: {}, coversMethods: {} },
  };
}
