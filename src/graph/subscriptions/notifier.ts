import type { Services } from '../../shared/services.js';
import type { SubscriptionRecord } from '../../store/subscriptions/types.js';
import { checkApplicationAccessPolicies } from '../auth/application-access-policy.js';
import { installEventChangeFeed, type EventChange } from './change-feed.js';
import { postLocal } from './local-post.js';
import { parseEventsResource } from './resource-path.js';
import { subscriptionsStore } from './store-access.js';

// Turns event changes into Graph change notifications (graph-docs change-notifications-delivery-
// webhooks.md, outlook-change-notifications-overview.md) and delivers them, never inside the
// request that made the change:
//   POST {notificationUrl}  {"value":[{subscriptionId, subscriptionExpirationDateTime, changeType,
//     resource:"Users/{id}/Events/{id}", resourceData:{"@odata.type":"#Microsoft.Graph.Event",
//     "@odata.id", "@odata.etag", id}, clientState, tenantId}]}
// Changes made in one turn of the event loop for one subscription go in one POST (identical ones
// once). A delivery that fails (no answer within 3 seconds, or not 2xx) is retried after the
// delays below (real time), as Graph retries; a subscription that expired (emulated clock) or was
// deleted in the meantime stops receiving. An app-only subscription is re-checked against the
// Exchange application access policies at delivery: a policy added later stops its notifications.

export interface NotifierOptions {
  retryDelaysMs: readonly number[];
  deliveryTimeoutMs: number;
}

const DEFAULTS: NotifierOptions = { retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000], deliveryTimeoutMs: 3_000 };

interface Pending {
  sub: SubscriptionRecord;
  items: Map<string, Record<string, unknown>>;
}

export class Notifier {
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private flushScheduled = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  /** Deliveries attempted and their outcome, newest last (tests and `tenantbox log` read it). */
  readonly attempts: { subscriptionId: string; url: string; status: number | 'error'; count: number }[] = [];

  constructor(
    private readonly s: Services,
    private readonly opts: NotifierOptions = DEFAULTS,
  ) {}

  start(): void {
    const feed = installEventChangeFeed(this.s.stores);
    this.unsubscribe = feed.subscribe({
      interested: (tenantId) => subscriptionsStore(this.s).any(tenantId),
      onChange: (c) => void this.route(c).catch(() => undefined),
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private async route(c: EventChange): Promise<void> {
    const now = this.s.clock.now();
    const subs = await subscriptionsStore(this.s).listForMailbox(c.tenantId, c.mailboxId);
    for (const sub of subs) {
      if (sub.expirationMs <= now) continue;
      if (!sub.changeType.split(',').map((x) => x.trim().toLowerCase()).includes(c.changeType)) continue;
      if (!(await this.inScope(sub, c))) continue;
      this.enqueue(sub, c);
    }
  }

  private async inScope(sub: SubscriptionRecord, c: EventChange): Promise<boolean> {
    const scope = sub.target.calendar;
    if (scope === 'all') return true;
    if (scope === 'default') return (await this.s.stores.events.getDefaultCalendar(c.tenantId, c.mailboxId))?.id === c.calendarId;
    return scope.id === c.calendarId;
  }

  private enqueue(sub: SubscriptionRecord, c: EventChange): void {
    const path = `Users/${c.mailboxId}/Events/${c.id}`;
    const item: Record<string, unknown> = {
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      changeType: c.changeType,
      resource: path,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': path,
        ...(c.changeKey ? { '@odata.etag': `W/"${c.changeKey}"` } : {}),
        id: c.id,
      },
      clientState: sub.clientState,
      tenantId: sub.tenantId,
    };
    const p = this.pending.get(sub.id) ?? { sub, items: new Map() };
    p.items.set(`${c.changeType}\u0001${c.id}\u0001${c.changeKey ?? ''}`, item);
    this.pending.set(sub.id, p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const batches = [...this.pending.values()];
        this.pending.clear();
        for (const b of batches) void this.deliver(b.sub, [...b.items.values()], 0);
      });
    }
  }

  private async deliver(sub: SubscriptionRecord, value: Record<string, unknown>[], attempt: number): Promise<void> {
    if (this.stopped) return;
    const current = await subscriptionsStore(this.s).get(sub.tenantId, sub.id);
    if (!current || current.expirationMs <= this.s.clock.now()) return;
    if (current.scheme === 'application') {
      const mailboxId = current.target.mailboxId;
      const decision = await checkApplicationAccessPolicies(this.s, current.tenantId, current.applicationId, mailboxId);
      if (decision.result === 'Denied') return;
    }
    let status: number | 'error' = 'error';
    try {
      const body = JSON.stringify({ value: value.map((v) => ({ ...v, subscriptionExpirationDateTime: current.expirationDateTime })) });
      const res = await postLocal(new URL(current.notificationUrl), body, { 'content-type': 'application/json; charset=utf-8' }, this.opts.deliveryTimeoutMs);
      status = res.status;
    } catch {
      status = 'error';
    }
    this.attempts.push({ subscriptionId: sub.id, url: current.notificationUrl, status, count: value.length });
    if (this.attempts.length > 1000) this.attempts.splice(0, this.attempts.length - 1000);
    if (typeof status === 'number' && status >= 200 && status < 300) return;
    const delay = this.opts.retryDelaysMs[attempt];
    if (delay === undefined || this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.deliver(current, value, attempt + 1);
    }, delay);
    t.unref();
    this.timers.add(t);
  }
}

const notifiers = new WeakMap<Services, Notifier>();

/** The running notifier of a tenantbox (started on first use). */
export function notifierOf(s: Services, opts?: NotifierOptions): Notifier {
  let n = notifiers.get(s);
  if (!n) {
    notifiers.set(s, (n = new Notifier(s, opts)));
    n.start();
  }
  return n;
}

/** For routes: is this `resource` one tenantbox notifies about? */
export const isEventsResource = (resource: string) => parseEventsResource(resource) !== undefined;
