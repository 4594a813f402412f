import { createBaseApp } from '../../src/app.js';
import { newDataDir } from '../harness/tenantbox.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { createTlsServer, openFrontDoor, type FrontDoor } from '../../src/front-door/front-door.js';
import { ensureLocalCa } from '../../src/tls/local-ca.js';
import { getCatalog } from '../../src/catalog/index.js';
import { createGraphSurface, type GraphArea } from '../../src/graph/index.js';
import type { GraphContext } from '../../src/graph/pipeline/context.js';
import { signJwt } from '../../src/identity/keys/jwt.js';
import { keyRingFor } from '../../src/identity/keys/signing-keys.js';
import { createClock, type Clock } from '../../src/shared/clock.js';
import { createSeededIds } from '../../src/shared/ids.js';
import type { Services } from '../../src/shared/services.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import { GRAPH_APP_ID, type GroupRecord, type Stores, type UserRecord } from '../../src/store/types.js';
import { DIRECTORY_ROLES } from '../../src/tenant-file/directory-roles.js';

// An in-process Graph surface: the request-context hooks and error funnel of src/app.ts (the same
// few lines, so these tests do not depend on every other surface building), an in-memory store
// seeded with a small tenant, and real access tokens: signed with the tenant's key ring and
// checked by the identity platform's verifier, as in a running server. Requests go through
// app.inject (no socket). test/graph-core/sdk.test.ts drives the real server.

export const TID = '7f3b2c1a-0000-4000-8000-000000000001';
export const DOMAIN = 'contoso.test';
export const ORIGIN = 'https://127.0.0.1:8443';

export const ids = {
  alice: 'a11ce000-0000-4000-8000-000000000001', // member
  bob: 'b0b00000-0000-4000-8000-000000000002', // member
  gina: '9e570000-0000-4000-8000-000000000003', // guest
  admin: 'ad000000-0000-4000-8000-000000000004', // Global Administrator
  room1: 'e0000001-0000-4000-8000-000000000005',
  room2: 'e0000002-0000-4000-8000-000000000006',
  unlicensed: 'f0000007-0000-4000-8000-000000000007',
  roomsGroup: '6e000000-0000-4000-8000-000000000010',
  nestedGroup: '6e000000-0000-4000-8000-000000000011',
  staffGroup: '6e000000-0000-4000-8000-000000000012',
  graphSp: '5e000000-0000-4000-8000-0000000000a0',
  clientApp: 'c1000000-0000-4000-8000-0000000000b0',
  clientAppId: 'c1a0c1a0-0000-4000-8000-0000000000b1',
  clientSp: '5e000000-0000-4000-8000-0000000000b2',
  otherAppId: '0a0a0a0a-0000-4000-8000-0000000000c1',
  otherSp: '5e000000-0000-4000-8000-0000000000c2',
};

export interface GraphFixture {
  app: FastifyInstance;
  /** With `listen: true`: the https origin (127.0.0.1, the run's test CA) SDKs talk to. */
  url: string;
  s: Services;
  ctx: GraphContext;
  stores: Stores;
  clock: Clock;
  /** A delegated token for a user with these scopes. */
  userToken(userId: string, scopes: string[], over?: Record<string, unknown>): Promise<string>;
  /** An app-only token for the client app with these roles. */
  appToken(roles: string[], over?: Record<string, unknown>): Promise<string>;
  /** Injects a Graph request (`/v1.0` is prefixed unless the path starts with /v1.0 or /beta). */
  call(method: string, path: string, token: string | null, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

const now = () => new Date().toISOString();

export function userRecord(id: string, upn: string, over: Partial<UserRecord> = {}): UserRecord {
  return {
    tenantId: TID,
    id,
    kind: 'user',
    userPrincipalName: upn,
    mail: upn,
    displayName: upn.split('@')[0]!.replace(/^./, (c) => c.toUpperCase()),
    givenName: null,
    surname: null,
    jobTitle: null,
    department: null,
    officeLocation: null,
    managerId: null,
    passwordHash: null,
    roles: [],
    accountEnabled: true,
    mailbox: true,
    userType: 'Member',
    signInSessionsValidFromDateTime: null,
    room: null,
    createdDateTime: now(),
    ...over,
  };
}

export function groupRecord(id: string, name: string, over: Partial<GroupRecord> = {}): GroupRecord {
  return {
    tenantId: TID,
    id,
    displayName: name,
    description: null,
    mail: `${name.toLowerCase()}@${DOMAIN}`,
    mailNickname: name.toLowerCase(),
    mailEnabled: true,
    securityEnabled: true,
    groupTypes: [],
    isRoomList: false,
    createdDateTime: now(),
    ...over,
  };
}

export async function seedTenant(stores: Stores, throttling = { enabled: true, requestsPer10Minutes: 10_000, concurrentRequests: 4 }): Promise<void> {
  const d = stores.directory;
  await d.putTenant({ id: TID, domain: DOMAIN, displayName: 'Contoso', userConsent: 'microsoft-recommended', timeZone: 'UTC', throttling, createdDateTime: now() });
  await d.putUser(userRecord(ids.alice, `alice@${DOMAIN}`, { givenName: 'Alice', surname: 'Archer', jobTitle: 'Engineer', department: 'R&D', managerId: ids.bob }));
  await d.putUser(userRecord(ids.bob, `bob@${DOMAIN}`, { givenName: 'Bob', surname: 'Baker', jobTitle: 'Manager', department: 'R&D' }));
  await d.putUser(userRecord(ids.gina, `gina_ext#ext#@${DOMAIN}`, { userType: 'Guest', mail: 'gina@fabrikam.test', displayName: 'Gina Guest' }));
  await d.putUser(userRecord(ids.admin, `admin@${DOMAIN}`, { roles: [DIRECTORY_ROLES['Global Administrator']!], displayName: 'Ada Admin' }));
  await d.putUser(userRecord(ids.room1, `room1@${DOMAIN}`, { kind: 'room', displayName: 'Room One' }));
  await d.putUser(userRecord(ids.room2, `room2@${DOMAIN}`, { kind: 'room', displayName: 'Room Two' }));
  await d.putUser(userRecord(ids.unlicensed, `nolicense@${DOMAIN}`, { mailbox: false }));
  await d.putGroup(groupRecord(ids.roomsGroup, 'Rooms'));
  await d.putGroup(groupRecord(ids.nestedGroup, 'Nested'));
  await d.putGroup(groupRecord(ids.staffGroup, 'Staff', { groupTypes: ['Unified'], securityEnabled: false }));
  // room1 is in Rooms through the nested group (AAP follows nesting); room2 directly.
  await d.addMember(TID, ids.roomsGroup, ids.nestedGroup, 'group');
  await d.addMember(TID, ids.nestedGroup, ids.room1, 'user');
  await d.addMember(TID, ids.roomsGroup, ids.room2, 'user');
  await d.addMember(TID, ids.staffGroup, ids.alice, 'user');
  await d.addMember(TID, ids.staffGroup, ids.bob, 'user');
  await d.addMember(TID, ids.staffGroup, ids.bob, 'user', 'owner');

  const a = stores.apps;
  const sp = (id: string, appId: string, displayName: string) => ({
    tenantId: TID,
    id,
    appId,
    displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: TID,
    servicePrincipalType: 'Application' as const,
    servicePrincipalNames: [appId],
    createdDateTime: now(),
  });
  await a.putServicePrincipal({ ...sp(ids.graphSp, GRAPH_APP_ID, 'Microsoft Graph'), appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' });
  await a.putApplication({
    tenantId: TID,
    id: ids.clientApp,
    appId: ids.clientAppId,
    displayName: 'Room Signage',
    signInAudience: 'AzureADMyOrg',
    isFallbackPublicClient: false,
    redirectUris: { web: ['https://localhost/cb'], spa: [], publicClient: [] },
    passwordCredentials: [],
    keyCredentials: [],
    requiredResourceAccess: [],
    identifierUris: [],
    api: { oauth2PermissionScopes: [], knownClientApplications: [], preAuthorizedApplications: [] },
    verifiedPublisher: false,
    createdDateTime: now(),
  });
  await a.putServicePrincipal(sp(ids.clientSp, ids.clientAppId, 'Room Signage'));
  await a.putServicePrincipal(sp(ids.otherSp, ids.otherAppId, 'Other App'));
}

export async function createGraphFixture(
  opts: {
    throttling?: { enabled: boolean; requestsPer10Minutes: number; concurrentRequests: number };
    areas?: GraphArea[];
    listen?: boolean;
    /** Seed of the deterministic id generator. */
    idSeed?: string;
    /** More seeding after the shared tenant (other suites' fixtures build on this one). */
    seed?: (stores: Stores) => Promise<void>;
    /** Routes outside the Graph surface to mount too (e.g. report downloads). */
    register?: (app: FastifyInstance, s: Services) => void | Promise<void>;
  } = {},
): Promise<GraphFixture> {
  const stores = await openSqliteStores({ file: ':memory:' });
  await seedTenant(stores, opts.throttling);
  await opts.seed?.(stores);
  const clock = createClock();
  const s: Services = {
    stores,
    clock,
    ids: createSeededIds(opts.idSeed ?? 'graph-core'),
    catalog: getCatalog(),
    run: { dataDir: '/tmp', url: ORIGIN, tenantFile: { path: '', hash: '' }, version: 'test', startedAt: Date.now() },
    adminKey: 'test',
    reset: async () => undefined,
  };
  const dataDir = opts.listen ? newDataDir() : undefined;
  const ca = dataDir ? await ensureLocalCa(dataDir) : undefined;
  const server = ca ? await createTlsServer(ca) : undefined;
  const app = await createBaseApp(s, { server });
  let ctx!: GraphContext;
  await app.register(async (scope) => {
    ctx = await createGraphSurface(scope, s, opts.areas ? { areas: opts.areas } : {});
  });
  if (opts.register) await app.register(async (scope) => opts.register!(scope, s));
  await app.ready();
  let door: FrontDoor | undefined;
  if (server && ca) {
    door = await openFrontDoor({ server, ca, port: 0 });
    s.run.url = door.url;
  }

  const ring = keyRingFor(s);
  const sign = async (claims: Record<string, unknown>) => {
    const key = await ring.active(TID);
    return signJwt(key.accessTokenHeader, claims, key.privateKey);
  };
  const base = () => {
    const iat = clock.nowSeconds();
    return { aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${TID}/`, iat, nbf: iat, exp: iat + 3600, tid: TID, appid: ids.clientAppId, appidacr: '1', ver: '1.0' };
  };

  return {
    app,
    url: door?.url ?? ORIGIN,
    s,
    ctx,
    stores,
    clock,
    userToken: async (userId, scopes, over = {}) => {
      const u = await stores.directory.getUser(TID, userId);
      return sign({ ...base(), idtyp: 'user', oid: userId, sub: userId, scp: scopes.join(' '), upn: u?.userPrincipalName, name: u?.displayName, ...(u?.roles.length ? { wids: u.roles } : {}), ...over });
    },
    appToken: async (roles, over = {}) => sign({ ...base(), idtyp: 'app', oid: ids.clientSp, sub: ids.clientSp, ...(roles.length ? { roles } : {}), ...over }),
    async call(method, path, token, o = {}) {
      const url = /^\/(v1\.0|beta|_reports)(\/|$)/.test(path) ? path : `/v1.0${path}`;
      const headers: Record<string, string> = { host: '127.0.0.1:8443', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(o.headers ?? {}) };
      if (o.body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await app.inject({ method: method as 'GET', url, headers, payload: o.body === undefined ? undefined : JSON.stringify(o.body) });
      let body: unknown = res.payload;
      try {
        body = res.payload ? JSON.parse(res.payload) : undefined;
      } catch {
        // text answers ($count, CSV reports)
      }
      return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, text: res.payload };
    },
    async close() {
      await door?.close();
      await app.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await stores.audit.flush();
      await stores.close();
    },
  };
}


