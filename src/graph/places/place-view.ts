import type { GroupRecord, UserRecord } from '../../store/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../odata/collection.js';

// Rooms and room lists as the places API returns them (graph-docs room.md, roomlist.md,
// place-list.md). Rooms are room mailboxes (UserRecord kind 'room' with RoomInfo); room lists are
// GroupRecords with isRoomList. A place's id is its directory object id; `address`,
// `geoCoordinates` and `phone` are not in the tenant file and read as null.

const str: PropertySpec = { filter: ['eq', 'ne', 'startswith', 'in'] };
const num: PropertySpec = { filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'] };
const flag: PropertySpec = { filter: ['eq', 'ne'] };
const none: PropertySpec = {};

const base = { pageSize: 100, maxTop: 1000, skip: true, count: true, search: false, directoryAdvancedQueries: false } as const;

export const ROOM_SPEC: CollectionSpec = {
  ...base,
  type: 'room',
  resourceName: 'room',
  entitySet: 'places/microsoft.graph.room',
  properties: {
    id: str,
    emailAddress: str,
    displayName: str,
    address: none,
    geoCoordinates: none,
    phone: str,
    nickname: str,
    label: str,
    capacity: num,
    building: str,
    floorLabel: str,
    floorNumber: num,
    isWheelChairAccessible: flag,
    bookingType: str,
    tags: { filter: ['any'] },
    audioDeviceName: str,
    videoDeviceName: str,
    displayDeviceName: str,
  },
  defaultOrder: (a, b) => String(a.displayName).localeCompare(String(b.displayName), 'en', { sensitivity: 'base' }),
};

export const ROOM_LIST_SPEC: CollectionSpec = {
  ...base,
  type: 'roomList',
  resourceName: 'roomList',
  entitySet: 'places/microsoft.graph.roomList',
  properties: { id: str, emailAddress: str, displayName: str, address: none, geoCoordinates: none, phone: str },
  defaultOrder: ROOM_SPEC.defaultOrder,
};

export function roomView(u: UserRecord): Resource {
  const r = u.room;
  const floor = r?.floor;
  const floorNumber = typeof floor === 'number' ? floor : floor !== undefined && /^-?\d+$/.test(String(floor)) ? Number(floor) : null;
  return {
    id: u.id,
    emailAddress: u.mail ?? u.userPrincipalName,
    displayName: u.displayName,
    address: null,
    geoCoordinates: null,
    phone: null,
    nickname: u.displayName,
    label: null,
    capacity: r?.capacity ?? null,
    building: r?.building ?? null,
    floorLabel: floor === undefined ? null : String(floor),
    floorNumber,
    isWheelChairAccessible: r?.isWheelChairAccessible ?? false,
    bookingType: r?.bookingType ?? 'standard',
    tags: r?.tags ?? [],
    audioDeviceName: r?.audioDeviceName ?? null,
    videoDeviceName: r?.videoDeviceName ?? null,
    displayDeviceName: r?.displayDeviceName ?? null,
  };
}

export function roomListView(g: GroupRecord): Resource {
  return { id: g.id, displayName: g.displayName, emailAddress: g.mail, address: null, geoCoordinates: null, phone: null };
}
