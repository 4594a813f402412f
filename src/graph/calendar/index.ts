import type { FastifyInstance } from 'fastify';
import type { GraphArea } from '../index.js';
import { readWriteCoversReadRule } from './access.js';
import { registerCalendarPermissions } from './routes/calendar-permissions.js';
import { registerCalendarView } from './routes/calendar-view.js';
import { registerCalendarViewDelta } from './routes/calendar-view-delta.js';
import { registerCalendars } from './routes/calendars.js';
import { registerEventActions } from './routes/event-actions.js';
import { registerEvents } from './routes/events.js';
import { registerFindMeetingTimes } from './routes/find-meeting-times.js';
import { registerGetSchedule } from './routes/get-schedule.js';

// The calendar area (docs/graph.md, "Calendar"): calendars and their sharing, events and meetings
// (room booking as Exchange's booking attendant does it), calendarView with recurrence
// expansion, instances, getSchedule and findMeetingTimes. Every route names the mailbox it
// reaches (access.ts), so the core mailbox rule decides existence, application access policies
// and delegated sharing; this area adds one widening rule for the calendar folder.

export const calendarArea: GraphArea = {
  name: 'calendar',
  rules(registry) {
    registry.register('mailbox', readWriteCoversReadRule);
  },
  routes(app: FastifyInstance) {
    registerCalendars(app);
    registerCalendarPermissions(app);
    registerEvents(app);
    registerEventActions(app);
    registerCalendarView(app);
    registerCalendarViewDelta(app);
    registerGetSchedule(app);
    registerFindMeetingTimes(app);
  },
};
