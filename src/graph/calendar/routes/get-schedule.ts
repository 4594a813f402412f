import type { FastifyInstance } from 'fastify';
import { graphErrors } from '../../errors.js';
import { collectionContext } from '../../odata/links.js';
import { authorizeMailbox } from '../access.js';
import { requireJsonBody } from '../model/event-input.js';
import { getSchedule } from '../service/schedule.js';
import { readDateTimeTimeZone } from '../time/date-time.js';
import { both, preferences, type Req } from './route-util.js';

// POST /me/calendar/getSchedule and /users/{id}/calendar/getSchedule (graph-docs
// calendar-getschedule.md). The mailbox in the path is checked like any calendar route (free/busy
// need: every calendar shares free/busy with the organization); each address in `schedules` is
// then checked on its own (service/schedule.ts).

export function registerGetSchedule(app: FastifyInstance): void {
  both(app, 'POST', '/calendar/getSchedule', async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'freeBusy');
    const prefs = preferences(req, reply);
    const body = requireJsonBody(req);
    const get = (name: string) => body[Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
    const schedules = get('schedules');
    if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((x) => typeof x === 'string')) {
      throw graphErrors.invalidParameter("The parameter 'schedules' is required: a list of SMTP addresses.");
    }
    const start = readDateTimeTimeZone(get('startTime'), 'startTime');
    const end = readDateTimeTimeZone(get('endTime'), 'endTime');
    if (end.ms <= start.ms) throw graphErrors.invalidParameter('The value of endTime must be later than the value of startTime.');
    const rawInterval = get('availabilityViewInterval');
    const interval = rawInterval === undefined ? 30 : Number(rawInterval);
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
      throw graphErrors.invalidParameter(`The value '${String(rawInterval)}' of parameter 'availabilityViewInterval' is invalid; it must be an integer from 5 to 1440.`);
    }
    const { auth } = access;
    const value = await getSchedule(req.graph.ctx.s, auth.tenant, auth.principal, auth.permission, {
      schedules: schedules as string[],
      startMs: start.ms,
      endMs: end.ms,
      intervalMinutes: interval,
      zone: prefs.zone,
    });
    const context = JSON.stringify(collectionContext(req, 'Collection(microsoft.graph.scheduleInformation)'));
    return reply.type('application/json; charset=utf-8').send(jsonArrayBuffer(`{"@odata.context":${context},"value":[`, value, ']}'));
  });
}

/**
 * `head + items.join(',') + tail` as UTF-8 bytes, encoded straight into one buffer. For a board of
 * rooms that is ≈600 KB: one string of it would be a large-object allocation and copy per call,
 * and sent as a string Fastify would scan it for its byte length and the socket encode it again.
 */
function jsonArrayBuffer(head: string, items: readonly string[], tail: string): Buffer {
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, items.length - 1);
  for (const item of items) size += Buffer.byteLength(item);
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head);
  items.forEach((item, i) => {
    if (i > 0) at = out.writeUInt8(0x2c, at); // ','
    at += out.write(item, at);
  });
  at += out.write(tail, at);
  if (at !== size) throw new Error(`getSchedule: encoded ${at} bytes, expected ${size}`);
  return out;
}
