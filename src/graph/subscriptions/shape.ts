import type { SubscriptionRecord } from '../../store/subscriptions/types.js';
import type { CollectionSpec, Resource } from '../odata/collection.js';

// The Graph `subscription` resource (graph-docs resources/subscription.md). `clientState` is shown
// only in the answer to its creation: "the clientState property value is not returned for
// security purposes" when subscriptions are read back (subscription-list.md).

export function toGraphSubscription(sub: SubscriptionRecord, opts: { withClientState: boolean }): Resource {
  return {
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeType,
    clientState: opts.withClientState ? sub.clientState : null,
    notificationUrl: sub.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: sub.expirationDateTime,
    creatorId: sub.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

export const SUBSCRIPTION_SPEC: CollectionSpec = {
  type: 'subscription',
  resourceName: 'Subscription',
  entitySet: 'subscriptions',
  properties: Object.fromEntries(
    [
      'id', 'resource', 'applicationId', 'changeType', 'clientState', 'notificationUrl', 'notificationQueryOptions', 'lifecycleNotificationUrl',
      'expirationDateTime', 'creatorId', 'includeResourceData', 'latestSupportedTlsVersion', 'encryptionCertificate', 'encryptionCertificateId',
      'notificationUrlAppId',
    ].map((p) => [p, {}]),
  ),
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};
