import type { FastifyInstance } from 'fastify';
import type { SubscriptionRecord } from '../../../store/subscriptions/types.js';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { notifierOf } from '../notifier.js';
import { checkNotificationUrl, validateEndpoint, validationToken } from '../notification-url.js';
import { parseEventsResource } from '../resource-path.js';
import { subscription } from '../rules.js';
import { toGraphSubscription } from '../shape.js';
import { subscriptionsStore } from '../store-access.js';
import { changeTypes, clientState, expiration, latestTls, peek, readEntryOf, refuseNotEmulated } from './subscription-body.js';

// POST /subscriptions (subscription-post-subscriptions.md). Permission: read permission of the
// resource (see ../rules.ts). Then Graph's validation handshake with the notificationUrl (and the
// lifecycleNotificationUrl, if given) before the subscription exists; 201 with the subscription,
// `clientState` included.

export function registerCreateSubscription(app: FastifyInstance): void {
  app.post('/subscriptions', async (req, reply) => {
    const resourceText = typeof peek(req).resource === 'string' ? String(peek(req).resource) : '';
    const { s } = req.graph.ctx;
    const auth = await authorize<UserRecord>(req, {
      workload: 'outlook',
      resource: subscription('create', { resource: resourceText }),
      permissionsOf: readEntryOf(s, resourceText),
    });
    const body = peek(req);
    refuseNotEmulated(body);
    const target = parseEventsResource(resourceText)!;
    const mailbox = auth.target;
    if (typeof target.calendar === 'object') {
      const cal = await s.stores.events.getCalendar(auth.tenant.id, target.calendar.id);
      if (!cal || cal.ownerId !== mailbox.id) throw graphErrors.itemNotFound();
    }
    const changeType = changeTypes(body.changeType);
    const exp = expiration(body.expirationDateTime, s.clock.now());
    const url = checkNotificationUrl(body.notificationUrl, 'notificationUrl');
    const lifecycle = body.lifecycleNotificationUrl == null ? null : checkNotificationUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const state = clientState(body.clientState);
    const tls = latestTls(body.latestSupportedTlsVersion);

    await validateEndpoint(url, validationToken(req.requestId));
    if (lifecycle) await validateEndpoint(lifecycle, validationToken(req.requestId));

    const record: SubscriptionRecord = {
      tenantId: auth.tenant.id,
      id: s.ids.uuid(),
      applicationId: auth.principal.appId,
      creatorId: (auth.principal.userId ?? auth.principal.servicePrincipalId ?? '').toLowerCase(),
      scheme: auth.scheme,
      resource: resourceText,
      changeType,
      notificationUrl: url.toString(),
      lifecycleNotificationUrl: lifecycle?.toString() ?? null,
      clientState: state,
      expirationDateTime: exp.iso,
      expirationMs: exp.ms,
      latestSupportedTlsVersion: tls,
      target: { kind: 'events', mailboxId: mailbox.id, calendar: target.calendar },
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await subscriptionsStore(s).put(record);
    notifierOf(s);
    reply.code(201);
    return { '@odata.context': entityContext(req, 'subscriptions'), ...toGraphSubscription(record, { withClientState: true }) };
  });
}
