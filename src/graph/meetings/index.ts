import type { GraphArea } from '../index.js';
import { registerCreateMeeting } from './create-meeting.js';
import { registerCreateOrGetMeeting } from './create-or-get-meeting.js';
import { registerDeleteMeeting } from './delete-meeting.js';
import { registerGetMeeting } from './get-meeting.js';
import { registerListMeetings } from './list-meetings.js';
import { meetingUserRule } from './rules.js';
import { registerUpdateMeeting } from './update-meeting.js';

// Teams online meetings (semantics doc §4.6): delegated for the signed-in user, app-only for any
// user a Teams application access policy covers. Persisted in Stores.onlineMeetings.
export const meetingsArea: GraphArea = {
  name: 'onlineMeetings',
  rules(registry) {
    registry.register('onlineMeetingUser', meetingUserRule);
  },
  routes(app) {
    registerCreateMeeting(app);
    registerCreateOrGetMeeting(app);
    registerListMeetings(app);
    registerGetMeeting(app);
    registerUpdateMeeting(app);
    registerDeleteMeeting(app);
  },
};
