import type { FastifyInstance } from 'fastify';
import type { SubscriptionRecord } from '../../../store/subscriptions/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { checkNotificationUrl, validateEndpoint, validationToken } from '../notification-url.js';
import { subscription, visible } from '../rules.js';
import { SUBSCRIPTION_SPEC, toGraphSubscription } from '../shape.js';
import { subscriptionsStore } from '../store-access.js';
import { READ_EVENTS, WHY, expiration, peek } from './subscription-body.js';

// GET /subscriptions (subscription-list.md), GET / PATCH (renew) / DELETE /subscriptions/{id}
// (subscription-get.md, subscription-update.md, subscription-delete.md). They need the permission
// that created the subscription; an expired subscription is gone (404), as Graph removes them.

type P = { Params: { id: string } };
const permissionsOf = { ...READ_EVENTS, why: WHY };

export function registerSubscriptionItemRoutes(app: FastifyInstance): void {
  app.get('/subscriptions', async (req) => {
    const auth = await authorize(req, { workload: 'outlook', resource: subscription('list'), permissionsOf });
    const { s } = req.graph.ctx;
    const readAll = auth.allowing.some((p) => p.toLowerCase() === 'subscription.read.all');
    const now = s.clock.now();
    const subs = (await subscriptionsStore(s).list(auth.tenant.id)).filter((x) => x.expirationMs > now && visible(x, auth, readAll));
    return queryCollection(req, SUBSCRIPTION_SPEC, subs.map((x) => toGraphSubscription(x, { withClientState: false })));
  });

  app.get<P>('/subscriptions/:id', async (req) => {
    const auth = await authorize<SubscriptionRecord>(req, { workload: 'outlook', resource: subscription('read', { id: req.params.id }), permissionsOf });
    return entityResult(req, SUBSCRIPTION_SPEC, toGraphSubscription(auth.target, { withClientState: false }));
  });

  app.patch<P>('/subscriptions/:id', async (req) => {
    const auth = await authorize<SubscriptionRecord>(req, { workload: 'outlook', resource: subscription('renew', { id: req.params.id }), permissionsOf });
    const { s } = req.graph.ctx;
    const body = peek(req);
    for (const k of Object.keys(body)) {
      if (!k.startsWith('@odata.') && k !== 'expirationDateTime' && k !== 'notificationUrl') throw graphErrors.notImplemented(`changing the subscription property '${k}'`);
    }
    if (body.expirationDateTime == null && body.notificationUrl == null) {
      throw graphErrors.subscriptionInvalidRequest("Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.");
    }
    const next: SubscriptionRecord = { ...auth.target, target: { ...auth.target.target } };
    if (body.expirationDateTime != null) {
      const exp = expiration(body.expirationDateTime, s.clock.now());
      next.expirationDateTime = exp.iso;
      next.expirationMs = exp.ms;
    }
    if (body.notificationUrl != null) {
      const url = checkNotificationUrl(body.notificationUrl, 'notificationUrl');
      await validateEndpoint(url, validationToken(req.requestId));
      next.notificationUrl = url.toString();
    }
    await subscriptionsStore(s).put(next);
    return entityResult(req, SUBSCRIPTION_SPEC, toGraphSubscription(next, { withClientState: false }));
  });

  app.delete<P>('/subscriptions/:id', async (req, reply) => {
    const auth = await authorize<SubscriptionRecord>(req, { workload: 'outlook', resource: subscription('delete', { id: req.params.id }), permissionsOf });
    await subscriptionsStore(req.graph.ctx.s).delete(auth.tenant.id, auth.target.id);
    reply.code(204);
    return reply.send();
  });
}
