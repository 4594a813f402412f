import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';

// Returns every tenant to its tenant file: ids stay the same (they are kept in the data dir),
// everything created since (tokens, grants, events, audit) is gone.
export function registerReset(app: FastifyInstance, s: Services): void {
  app.post('/reset', async () => ({ status: 'reset', summary: await s.reset() }));
}
