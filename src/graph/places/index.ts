import type { GraphArea } from '../index.js';
import { registerFindRoomLists } from './find-room-lists.js';
import { registerFindRooms } from './find-rooms.js';
import { registerGetPlace } from './get-place.js';
import { registerListRoomListRooms } from './list-room-list-rooms.js';
import { registerListRoomLists } from './list-room-lists.js';
import { registerListRooms } from './list-rooms.js';

// The places API: rooms and room lists of the tenant (Place.Read.All, semantics doc §4.4). A
// room's emailAddress is the key into its mailbox calendar (/users/{roomEmail}/calendar…), which
// the calendar area guards with the mailbox rules. The beta room finder (findRooms, findRoomLists)
// answers the same rooms and lists as emailAddress objects to delegated callers.
export const placesArea: GraphArea = {
  name: 'places',
  routes(app) {
    registerListRooms(app);
    registerListRoomLists(app);
    registerListRoomListRooms(app);
    registerGetPlace(app);
    registerFindRooms(app);
    registerFindRoomLists(app);
  },
};
