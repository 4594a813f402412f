import type { FastifyInstance } from 'fastify';
import type { GraphArea } from '../index.js';
import type { GraphContext } from '../pipeline/context.js';
import { notifierOf } from './notifier.js';
import { registerCreateSubscription } from './routes/create-subscription.js';
import { registerSubscriptionItemRoutes } from './routes/item-routes.js';
import { subscriptionRule } from './rules.js';

// Change notifications: /subscriptions (create with the validation handshake, list, get, renew,
// delete) and the notifier that posts Graph's notifications when an event in a watched mailbox is
// created, updated or deleted by any path (the EventStore publishes every write: ./change-feed.ts).

export { changeFeedOf, installEventChangeFeed, publishEventChange, type EventChange } from './change-feed.js';
export { notifierOf } from './notifier.js';

const closing = new WeakSet<GraphContext>();

export const subscriptionsArea: GraphArea = {
  name: 'subscriptions',
  rules(registry) {
    registry.register('subscription', subscriptionRule);
  },
  routes(app: FastifyInstance, ctx: GraphContext) {
    // Start watching at once: subscriptions survive restarts, and their mailboxes change from the first request on.
    const notifier = notifierOf(ctx.s);
    if (!closing.has(ctx)) {
      closing.add(ctx);
      app.addHook('onClose', async () => notifier.stop());
    }
    registerCreateSubscription(app);
    registerSubscriptionItemRoutes(app);
  },
};
