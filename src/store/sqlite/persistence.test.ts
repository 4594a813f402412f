import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loaded, seedDeps } from '../seed/example-tenant.js';
import { seedTenants } from '../seed/seed-tenants.js';
import type { Stores } from '../types.js';
import { openSqliteStores } from './open-sqlite.js';

/** Every id the seeder assigns, in a comparable shape. */
async function idsOf(stores: Stores) {
  const [tenant] = await stores.directory.listTenants();
  const t = tenant!.id;
  const users = await stores.directory.listUsers(t);
  const calendars = (await Promise.all(users.map((u) => stores.events.listCalendars(t, u.id)))).flat();
  return {
    tenant: t,
    users: users.map((u) => [u.userPrincipalName, u.id]),
    groups: (await stores.directory.listGroups(t)).map((g) => [g.mail, g.id]),
    apps: (await stores.apps.listApplications(t)).map((a) => [a.displayName, a.appId, a.id, a.passwordCredentials.map((c) => c.keyId)]),
    sps: (await stores.apps.listServicePrincipals(t)).map((s) => [s.appId, s.id]),
    assignments: (await stores.grants.listAppRoleAssignments(t)).map((a) => a.id),
    policies: (await stores.policies.listApplicationAccessPolicies(t)).map((p) => p.id),
    permissions: (await stores.policies.listMailboxPermissions(t)).map((p) => p.id),
    calendars: calendars.map((c) => c.id),
    events: (await Promise.all(calendars.map((c) => stores.events.listEvents(t, c.id)))).flat().map((e) => [e.id, e.iCalUId]),
  };
}

describe('the data dir', () => {
  let dir: string;
  let file: string;
  let stores: Stores | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenantbox-persist-'));
    file = join(dir, 'data', 'tenantbox.db');
  });
  afterEach(async () => {
    await stores?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything across close and reopen', async () => {
    stores = await openSqliteStores({ file });
    await seedTenants(stores, loaded(), seedDeps());
    await stores.tokens.put({ hash: 'rt', kind: 'refresh_token', tenantId: 't', clientId: 'c', userId: 'u', data: { scope: 'User.Read' }, createdAt: 1, expiresAt: 2, consumedAt: null });
    await stores.meta.set('clockOffsetMs', '60000');
    stores.audit.append({
      time: '2026-01-05T08:00:00.000Z', service: 'admin', tenantId: null, appId: null, userId: null, scheme: null,
      method: 'POST', path: '/_tenantbox/reset', template: null, permission: null, missing: [], policy: null, status: 200, requestId: 'r1', granted: [],
    });
    const before = await idsOf(stores);
    const adele = await stores.directory.getUser(before.tenant, 'adele@contoso.test');
    await stores.close();

    stores = await openSqliteStores({ file });
    expect(await idsOf(stores)).toEqual(before);
    expect(await stores.directory.getUser(before.tenant, 'ADELE@contoso.test')).toEqual(adele);
    expect(await stores.tokens.get('rt')).toMatchObject({ data: { scope: 'User.Read' } });
    expect(await stores.meta.get('clockOffsetMs')).toBe('60000');
    expect((await stores.audit.query({})).map((r) => r.requestId)).toEqual(['r1']);
    expect(before.events).toHaveLength(2);
  });

  it('clears tenant state on reset but keeps stable ids, keys and meta, so a re-seed gives every object its id back', async () => {
    stores = await openSqliteStores({ file });
    await seedTenants(stores, loaded(), seedDeps('first-run'));
    const before = await idsOf(stores);
    await stores.keys.putKey({ tenantId: before.tenant, kid: 'k1', privateJwk: {}, publicJwk: {}, x5c: '', x5t: '', status: 'active', createdDateTime: '2026-01-01T00:00:00.000Z' });
    await stores.meta.set('seededFromHash', 'h');
    await stores.tokens.put({ hash: 'rt', kind: 'refresh_token', tenantId: before.tenant, clientId: 'c', userId: null, data: {}, createdAt: 1, expiresAt: 2, consumedAt: null });
    stores.audit.append({
      time: '2026-01-05T08:00:00.000Z', service: 'graph', tenantId: before.tenant, appId: null, userId: null, scheme: null,
      method: 'GET', path: '/v1.0/me', template: null, permission: null, missing: [], policy: null, status: 401, requestId: 'r1', granted: [],
    });

    await stores.clearTenantState();
    expect(await stores.directory.listTenants()).toEqual([]);
    expect(await stores.directory.getUser(before.tenant, 'adele@contoso.test')).toBeUndefined();
    expect(await stores.events.countEvents(before.tenant)).toBe(0);
    expect(await stores.tokens.get('rt')).toBeUndefined();
    expect(await stores.audit.query({})).toEqual([]);
    expect(await stores.keys.listKeys(before.tenant)).toHaveLength(1);
    expect(await stores.meta.get('seededFromHash')).toBe('h');
    await stores.close();

    // A later run, with an id generator that would give different ids: the data dir decides.
    stores = await openSqliteStores({ file });
    await stores.transaction(async () => {
      await stores!.clearTenantState();
      await seedTenants(stores!, loaded(), seedDeps('second-run'));
    });
    expect(await idsOf(stores)).toEqual(before);
  });

  it('opens an in-memory database too', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    const summary = await seedTenants(stores, loaded(), seedDeps());
    expect(summary.tenants[0]!.users).toBe(3);
  });
});
