import type { FastifyRequest } from 'fastify';
import { authorize, mailbox, type GraphArea, type ResourceRef, type ResourceRule } from '../../src/graph/index.js';
import { checkTeamsApplicationAccessPolicy } from '../../src/graph/auth/teams-access-policy.js';
import { graphErrors } from '../../src/graph/errors.js';
import type { UserRecord } from '../../src/store/types.js';

// A stand-in for the areas other engineers build on graph-core, written the way they will: an
// Outlook route that names its mailbox, and an online-meetings route whose resource rule calls the
// Teams application access policy check. They let these tests drive the mailbox rule, Exchange
// application access policies, Outlook throttling and the Teams policy through the real pipeline.

interface MeetingOrganizer extends ResourceRef {
  kind: 'onlineMeetingOrganizer';
  id: string;
}

const organizerRule: ResourceRule<MeetingOrganizer> = {
  name: 'onlineMeetingOrganizer',
  async check({ s, tenant, principal, resource }) {
    const user = await s.stores.directory.getUser(tenant.id, resource.id === 'me' ? principal.userId! : resource.id);
    if (!user) return { allow: false, error: graphErrors.directoryResourceNotFound(resource.id) };
    if (principal.scheme === 'application') {
      const { error, policyName } = await checkTeamsApplicationAccessPolicy(s, tenant.id, principal.appId, user.id);
      if (error) return { allow: false, error, policy: policyName ?? undefined };
    }
    return { allow: true, target: user };
  },
};

export const testMailboxArea: GraphArea = {
  name: 'test-mailbox',
  rules(registry) {
    registry.register('onlineMeetingOrganizer', organizerRule);
  },
  routes(app) {
    const calendarView = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
      const auth = await authorize<UserRecord>(req, { workload: 'outlook', resource: mailbox(req.params.id ?? 'me', { need: 'read', folder: 'calendar' }) });
      return { value: [], mailbox: auth.target.id, permission: auth.permission };
    };
    app.get('/users/:id/calendarView', calendarView);
    app.get('/me/calendarView', calendarView);
    app.post<{ Params: { id: string } }>('/users/:id/onlineMeetings', async (req, reply) => {
      const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: { kind: 'onlineMeetingOrganizer', id: req.params.id } as MeetingOrganizer });
      reply.code(201);
      return { organizer: auth.target.id };
    });
    app.get('/slow/:id', async (req: FastifyRequest<{ Params: { id: string } }>) => {
      // Holds its Outlook throttle slot until the test releases it (concurrency limit tests).
      await authorize(req, { workload: 'outlook', resource: mailbox(req.params.id), permissionsOf: { method: 'GET', path: '/users/{id}/calendarView', why: 'test route' } });
      await slowGate.wait();
      return { ok: true };
    });
  },
};

/** Lets the /slow route finish when the test says so. */
export const slowGate = (() => {
  let waiters: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((r) => waiters.push(r)),
    pending: () => waiters.length,
    releaseAll: () => {
      const w = waiters;
      waiters = [];
      w.forEach((r) => r());
    },
  };
})();

/** A route that forgets its permission check: the pipeline must withhold its answer. */
export const forgetfulArea: GraphArea = {
  name: 'forgetful',
  routes(app) {
    app.get('/forgot', async () => ({ secret: 'should never be served' }));
  },
};
