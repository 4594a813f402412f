import { directoryArea } from '../../src/graph/directory/index.js';
import type { GraphArea } from '../../src/graph/index.js';
import { labelsArea } from '../../src/graph/labels/index.js';
import { mailArea } from '../../src/graph/mail/index.js';
import { meetingsArea } from '../../src/graph/meetings/index.js';
import { placesArea } from '../../src/graph/places/index.js';
import { registerReportDownloads, reportsArea } from '../../src/graph/reports/index.js';
import type { Stores } from '../../src/store/types.js';
import { DIRECTORY_ROLES } from '../../src/tenant-file/directory-roles.js';
import { createGraphFixture, DOMAIN, TID, groupRecord, ids, userRecord, type GraphFixture } from '../graph-core/fixture.js';

// An in-process Graph surface with the workload areas (places, online meetings, mail, labels,
// reports) on graph-core's test tenant, plus: room details and a room list, a room outside it,
// sensitivity labels and a Reports Reader. Real access tokens signed by the tenant's key ring. The
// report download route is mounted outside the pipeline, as src/app.ts does.

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

export type WorkloadFixture = GraphFixture;

/** graph-core's fixture with the workload areas, report downloads and the workload seed. */
export function createWorkloadFixture(opts: { listen?: boolean } = {}): Promise<WorkloadFixture> {
  return createGraphFixture({
    ...opts,
    areas: WORKLOAD_AREAS,
    throttling: { enabled: false, requestsPer10Minutes: 10_000, concurrentRequests: 4 },
    idSeed: 'graph-workloads',
    seed: seedWorkloadTenant,
    register: registerReportDownloads,
  });
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
  const labels = stores.sensitivityLabels;
  const label = (id: string, name: string, sensitivity: number) =>
    labels.put({ tenantId: TID, id, name, description: `${name} data`, color: '', sensitivity, tooltip: `${name} data`, parentId: null, isActive: true });
  await label(more.labelPublic, 'Public', 0);
  await label(more.labelGeneral, 'General', 1);
  await label(more.labelConfidential, 'Confidential', 2);
}


