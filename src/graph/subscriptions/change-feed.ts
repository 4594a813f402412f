import type { EventRecord, EventStore, Stores } from '../../store/types.js';

// An in-process change feed: whoever changes an Outlook event publishes it; the notifier
// (./notifier.ts) turns changes into Graph change notifications. So that no write path can forget
// to publish, `installEventChangeFeed` wraps the EventStore itself: every putEvent, putEvents,
// deleteEvent and deleteCalendar publishes what it changed — Graph's calendar routes, room booking,
// meeting responses alike. `publishEventChange` is there for a write that does not go through the
// EventStore (none today); publishing the same change twice within one delivery is harmless (the
// notifier coalesces identical notifications).
//
// Publishing costs nothing for tenants without subscriptions: the wrapper asks the feed whether
// anyone is interested in the tenant before reading the previous state of an event.

export type ChangeType = 'created' | 'updated' | 'deleted';

export interface EventChange {
  tenantId: string;
  /** The mailbox (user or room object id) that holds the event. */
  mailboxId: string;
  calendarId: string;
  kind: 'event';
  id: string;
  changeType: ChangeType;
  /** The event's changeKey after the change (Graph's `@odata.etag` is W/"<changeKey>"); none for deletions. */
  changeKey?: string;
}

export interface ChangeListener {
  /** Whether this listener cares about the tenant at all (cheap; called before work on every write). */
  interested(tenantId: string): Promise<boolean>;
  /** Must not throw, and must not block: deliveries happen later. */
  onChange(change: EventChange): void;
}

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async interested(tenantId: string): Promise<boolean> {
    for (const l of this.listeners) if (await l.interested(tenantId)) return true;
    return false;
  }

  publish(change: EventChange): void {
    for (const l of this.listeners) {
      try {
        l.onChange(change);
      } catch {
        // A listener's failure never fails the write that published.
      }
    }
  }
}

const feeds = new WeakMap<Stores, ChangeFeed>();

/** The feed of a set of stores (one per running tenantbox). */
export function changeFeedOf(stores: Stores): ChangeFeed {
  let f = feeds.get(stores);
  if (!f) feeds.set(stores, (f = new ChangeFeed()));
  return f;
}

/** For writes that bypass the EventStore: publish an event change yourself. */
export function publishEventChange(stores: Stores, change: Omit<EventChange, 'kind'> & { kind?: 'event' }): void {
  changeFeedOf(stores).publish({ ...change, kind: 'event' });
}

const INSTALLED = Symbol.for('tenantbox.eventChangeFeed');

/**
 * Wraps `stores.events` in place (its methods, on the same object, so references taken earlier
 * publish too) so every event write publishes. Idempotent.
 */
export function installEventChangeFeed(stores: Stores): ChangeFeed {
  const feed = changeFeedOf(stores);
  const events = stores.events as EventStore & { [INSTALLED]?: true };
  if (events[INSTALLED]) return feed;
  const put = events.putEvent.bind(events);
  const putMany = events.putEvents.bind(events);
  const del = events.deleteEvent.bind(events);
  const delCalendar = events.deleteCalendar.bind(events);
  const get = events.getEvent.bind(events);
  const list = events.listEvents.bind(events);

  const change = (e: EventRecord, changeType: ChangeType): EventChange => ({
    tenantId: e.tenantId,
    mailboxId: e.ownerId,
    calendarId: e.calendarId,
    kind: 'event',
    id: e.id,
    changeType,
    ...(changeType === 'deleted' ? {} : { changeKey: e.changeKey }),
  });

  events.putEvent = async (e) => {
    if (!(await feed.interested(e.tenantId))) return put(e);
    const before = await get(e.tenantId, e.id);
    await put(e);
    feed.publish(change(e, before ? 'updated' : 'created'));
  };
  events.putEvents = async (es) => {
    const tenants = new Map<string, boolean>();
    for (const e of es) if (!tenants.has(e.tenantId)) tenants.set(e.tenantId, await feed.interested(e.tenantId));
    const watched = es.filter((e) => tenants.get(e.tenantId));
    const existed = new Set<string>();
    for (const e of watched) if (await get(e.tenantId, e.id)) existed.add(`${e.tenantId}\u0001${e.id}`);
    await putMany(es);
    for (const e of watched) feed.publish(change(e, existed.has(`${e.tenantId}\u0001${e.id}`) ? 'updated' : 'created'));
  };
  events.deleteEvent = async (tenantId, id) => {
    if (!(await feed.interested(tenantId))) return del(tenantId, id);
    const before = await get(tenantId, id);
    const gone = await del(tenantId, id);
    if (gone && before) feed.publish(change(before, 'deleted'));
    return gone;
  };
  events.deleteCalendar = async (tenantId, id) => {
    if (!(await feed.interested(tenantId))) return delCalendar(tenantId, id);
    const before = await list(tenantId, id);
    const gone = await delCalendar(tenantId, id);
    if (gone) for (const e of before) feed.publish(change(e, 'deleted'));
    return gone;
  };
  Object.defineProperty(events, INSTALLED, { value: true });
  return feed;
}
