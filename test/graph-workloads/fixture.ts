import { createBaseApp } from '../../src/app.js';
import { newDataDir } from '../harness/tenantbox.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { getCatalog } from '../../src/catalog/index.js';
import { createTlsServer, openFrontDoor, type FrontDoor } from '../../src/front-door/front-door.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import { createGraphSurface, type GraphArea } from '../../src/graph/index.js';
import { labelsArea } from '../../src/graph/labels/index.js';
import { mailArea } from '../../src/graph/mail/index.js';
import { meetingsArea } from '../../src/graph/meetings/index.js';
import type { GraphContext } from '../../src/graph/pipeline/context.js';
import { placesArea } from '../../src/graph/places/index.js';
import { registerReportDownloads, reportsArea } from '../../src/graph/reports/index.js';
import { signJwt } from '../../src/identity/keys/jwt.js';
import { keyRingFor } from '../../src/identity/keys/signing-keys.js';
import { createClock, type Clock } from '../../src/shared/clock.js';
import { createSeededIds } from '../../src/shared/ids.js';
import type { Services } from '../../src/shared/services.js';
import { openStandaloneWorkloadStores } from '../../src/store/mail/index.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import type { Stores } from '../../src/store/types.js';
import { DIRECTORY_ROLES } from '../../src/tenant-file/directory-roles.js';
import { DOMAIN, TID, groupRecord, ids, seedTenant, userRecord } from '../graph-core/fixture.js';

// An in-process Graph surface with the workload areas (places, online meetings, mail, labels,
// reports) on graph-core's test tenant, plus: room details and a room list, a room outside it,
// sensitivity labels, a Reports Reader, and the workload stores (a database of their own until the
// lead wires them into Stores). Real access tokens signed by the tenant's key ring. The report
// download route is mounted outside the pipeline, as the lead will in src/app.ts.

export { DOMAIN, TID, ids };

export const more = {
  room3: 'e0000003-0000-4000-8000-000000000008',
  roomList: '6e000000-0000-4000-8000-000000000013',
  reportsReader: 'ae000000-0000-4000-8000-000000000009',
  labelPublic: '1abe1000-0000-4000-8000-000000000001',
  labelGeneral: '1abe1000-0000-4000-8000-000000000002',
  labelConfidential: '1abe1000-0000-4000-8000-000000000003',
};

export const WORKLOAD_AREAS: GraphArea[] = [directoryArea, placesArea, meetingsArea, mailArea, labelsArea, reportsArea];

export interface WorkloadFixture {
  app: FastifyInstance;
  url: string;
  s: Services;
  ctx: GraphContext;
  stores: Stores;
  clock: Clock;
  userToken(userId: string, scopes: string[], over?: Record<string, unknown>): Promise<string>;
  appToken(roles: string[], over?: Record<string, unknown>): Promise<string>;
  call(method: string, path: string, token: string | null, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

export async function createWorkloadFixture(opts: { listen?: boolean } = {}): Promise<WorkloadFixture> {
  const stores = await openSqliteStores({ file: ':memory:' });
  const workloads = await openStandaloneWorkloadStores();
  stores.mail = workloads.mail;
  stores.sensitivityLabels = workloads.sensitivityLabels;
  stores.onlineMeetings = workloads.onlineMeetings;
  await seedTenant(stores, { enabled: false, requestsPer10Minutes: 10_000, concurrentRequests: 4 });
  await seedWorkloadTenant(stores);

  const clock = createClock();
  const s: Services = {
    stores,
    clock,
    ids: createSeededIds('graph-workloads'),
    catalog: getCatalog(),
    run: { dataDir: '/tmp', url: 'https://127.0.0.1:8443', tenantFile: { path: '', hash: '' }, version: 'test', startedAt: Date.now() },
    adminKey: 'workloads-test-admin-key',
    reset: async () => undefined,
  };
  const dataDir = opts.listen ? newDataDir() : undefined;
  const ca = dataDir ? await (await import('../../src/tls/local-ca.js')).ensureLocalCa(dataDir) : undefined;
  const server = ca ? await createTlsServer(ca) : undefined;
  const app = await createBaseApp(s, { server });
  let ctx!: GraphContext;
  await app.register(async (scope) => {
    ctx = await createGraphSurface(scope, s, { areas: WORKLOAD_AREAS });
  });
  await app.register(async (scope) => registerReportDownloads(scope, s));
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
    url: door?.url ?? 'https://127.0.0.1:8443',
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
        // CSV and other text
      }
      return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, text: res.payload };
    },
    async close() {
      await door?.close();
      await app.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await stores.close();
      workloads.close();
    },
  };
}

/** Room details, a room list with room1 and room2, room3 outside it, a Reports Reader, three labels. */
async function seedWorkloadTenant(stores: Stores): Promise<void> {
  const d = stores.directory;
  const room = (over: Record<string, unknown>) => ({ autoAccept: true, addOrganizerToSubject: true, deleteSubject: true, ...over });
  const r1 = (await d.getUser(TID, ids.room1))!;
  const r2 = (await d.getUser(TID, ids.room2))!;
  await d.putUser({ ...r1, room: room({ capacity: 8, building: 'HQ', floor: 2, roomListEmail: `building1@${DOMAIN}`, tags: ['whiteboard', 'display'], displayDeviceName: 'Surface Hub', isWheelChairAccessible: true }) as never });
  await d.putUser({ ...r2, room: room({ capacity: 4, building: 'HQ', floor: 'Ground', roomListEmail: `building1@${DOMAIN}`, videoDeviceName: 'Teams Room' }) as never });
  await d.putUser(userRecord(more.room3, `room3@${DOMAIN}`, { kind: 'room', displayName: 'Room Three', room: room({ capacity: 20, building: 'Annex', floor: 1, bookingType: 'reserved' }) as never }));
  await d.putGroup(groupRecord(more.roomList, 'Building1', { displayName: 'Building 1', mail: `building1@${DOMAIN}`, isRoomList: true, securityEnabled: false }));
  await d.addMember(TID, more.roomList, ids.room1, 'user');
  await d.addMember(TID, more.roomList, ids.room2, 'user');
  await d.putUser(userRecord(more.reportsReader, `rita@${DOMAIN}`, { displayName: 'Rita Reports', roles: [DIRECTORY_ROLES['Reports Reader']!] }));
  const labels = stores.sensitivityLabels!;
  const label = (id: string, name: string, sensitivity: number) =>
    labels.put({ tenantId: TID, id, name, description: `${name} data`, color: '', sensitivity, tooltip: `${name} data`, parentId: null, isActive: true });
  await label(more.labelPublic, 'Public', 0);
  await label(more.labelGeneral, 'General', 1);
  await label(more.labelConfidential, 'Confidential', 2);
}


