import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '../../shared/clock.js';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';

// Time travel for tests: token lifetimes, refresh-token inactivity and relative events all read
// this clock. The server persists every change of its offset, so a restart keeps the emulated time.
const ClockBody = z.union([
  z.object({ advance: z.union([z.string(), z.number().nonnegative()]) }).strict(),
  z.object({ set: z.string() }).strict(),
]);

export function registerClock(app: FastifyInstance, s: Services): void {
  const view = () => ({ now: s.clock.nowDate().toISOString(), offsetMs: s.clock.offsetMs(), realNow: new Date().toISOString() });
  app.get('/clock', async () => view());
  app.post('/clock', async (req) => {
    const parsed = ClockBody.safeParse(req.body);
    if (!parsed.success) throw adminErrors.badRequest('Send {"advance": "2h"} (or seconds as a number), or {"set": "<ISO 8601 instant>"}.');
    try {
      if ('advance' in parsed.data) s.clock.advance(parseDuration(parsed.data.advance));
      else {
        const t = Date.parse(parsed.data.set);
        if (Number.isNaN(t)) throw new RangeError(`"${parsed.data.set}" is not an ISO 8601 instant`);
        s.clock.set(t);
      }
    } catch (e) {
      throw adminErrors.badRequest((e as Error).message);
    }
    return view();
  });
}
