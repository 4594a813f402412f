import { calendarArea } from '../../src/graph/calendar/index.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import type { MailboxPermissionRecord, RoomInfo } from '../../src/store/types.js';
import { createGraphFixture, groupRecord, ids, TID, userRecord, type GraphFixture } from '../graph-core/fixture.js';

// graph-core's in-process Graph fixture with the calendar area, and the tenant it seeds grown by
// what calendars need: rooms with Exchange calendar processing (auto-accepting, manual, one that
// keeps subjects), and a few helpers to share mailboxes and write events.
//   alice, bob: users with mailboxes; nolicense: without; gina: guest
//   room1 (in Rooms through a nested group), room2 (in Rooms): rooms without RoomInfo (manual)
//   orion (in Rooms): auto-accepts, organizer's name as subject; lyra: auto-accepts, keeps subjects;
//   desk: does not auto-accept

export { ids, TID };

export const cal = {
  orion: 'c0000001-0000-4000-8000-0000000000d1',
  lyra: 'c0000002-0000-4000-8000-0000000000d2',
  desk: 'c0000003-0000-4000-8000-0000000000d3',
  svc: 'c0000004-0000-4000-8000-0000000000d4',
  carol: 'c0000005-0000-4000-8000-0000000000d5',
  signageGroup: '6e000000-0000-4000-8000-0000000000e1',
};

const room = (over: Partial<RoomInfo> = {}): RoomInfo => ({ capacity: 8, autoAccept: true, addOrganizerToSubject: true, deleteSubject: true, ...over });

export async function createCalendarFixture(opts: Parameters<typeof createGraphFixture>[0] = {}): Promise<GraphFixture> {
  const f = await createGraphFixture({ ...opts, areas: [directoryArea, calendarArea] });
  const d = f.stores.directory;
  await d.putUser(userRecord(cal.orion, 'orion@contoso.test', { kind: 'room', displayName: 'Orion', room: room() }));
  await d.putUser(userRecord(cal.lyra, 'lyra@contoso.test', { kind: 'room', displayName: 'Lyra', room: room({ addOrganizerToSubject: false, deleteSubject: false }) }));
  await d.putUser(userRecord(cal.desk, 'desk@contoso.test', { kind: 'room', displayName: 'Hot desk', room: room({ autoAccept: false }) }));
  await d.putUser(userRecord(cal.svc, 'svc-signage@contoso.test', { displayName: 'Signage service' }));
  await d.putUser(userRecord(cal.carol, 'carol@contoso.test', { displayName: 'Carol Cole' }));
  await d.putGroup(groupRecord(cal.signageGroup, 'Signage-Rooms', { mail: 'signage-rooms@contoso.test' }));
  await d.addMember(TID, cal.signageGroup, cal.orion, 'user');
  await d.addMember(TID, cal.signageGroup, cal.lyra, 'user');
  await d.addMember(TID, ids.roomsGroup, cal.orion, 'user');
  return f;
}

let n = 0;
export async function share(f: GraphFixture, mailboxId: string, granteeId: string, rights: MailboxPermissionRecord['rights'], flags: MailboxPermissionRecord['sharingPermissionFlags'] = []): Promise<string> {
  const id = `aaaa${(++n).toString(16).padStart(4, '0')}-0000-4000-8000-000000000000`;
  await f.stores.policies.putMailboxPermission({ tenantId: TID, id, mailboxId, granteeId, scope: rights === 'FullAccess' ? 'mailbox' : 'calendar', rights, sharingPermissionFlags: flags });
  return id;
}

export async function unshareAll(f: GraphFixture): Promise<void> {
  for (const p of await f.stores.policies.listMailboxPermissions(TID)) await f.stores.policies.deleteMailboxPermission(TID, p.id);
}

export async function clearPolicies(f: GraphFixture): Promise<void> {
  for (const p of await f.stores.policies.listApplicationAccessPolicies(TID)) await f.stores.policies.deleteApplicationAccessPolicy(TID, p.id);
}

/** `YYYY-MM-DDTHH:mm:ss` for an instant, in UTC (how tests write dateTimeTimeZone values). */
export function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A dateTimeTimeZone body value. */
export function dt(dateTime: string, timeZone = 'UTC'): { dateTime: string; timeZone: string } {
  return { dateTime, timeZone };
}

/** Midnight UTC of the fixture clock's day plus `days`, plus `hours`. */
export function dayAt(f: GraphFixture, days: number, hours = 0, minutes = 0): number {
  const now = f.clock.now();
  return Math.floor(now / 86_400_000) * 86_400_000 + days * 86_400_000 + hours * 3_600_000 + minutes * 60_000;
}
