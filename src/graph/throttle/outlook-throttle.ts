import type { Clock } from '../../shared/clock.js';
import type { TenantRecord } from '../../store/types.js';
import { TokenBucket } from './token-bucket.js';

// Outlook's service limits (mail, calendar, contacts), per app id and mailbox pair: 10,000 requests
// per 10 minutes and 4 concurrent requests; exceeding them for one mailbox does not affect others
// (graph-docs throttling-limits.md, "Outlook service limits"). Each tenant may change the numbers
// or switch throttling off (TenantRecord.throttling, from the tenant file). In memory: limits
// restart with the process, as a real service's sliding windows would have moved on anyway.

export const OUTLOOK_WINDOW_MS = 10 * 60_000;

/** Retry-After for a refusal on concurrency: a slot frees when any in-flight request ends [I]. */
const CONCURRENCY_RETRY_AFTER_S = 1;

export type ThrottleSlot =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'rate' | 'concurrency'; retryAfterSeconds: number; message: string };

interface Entry {
  bucket: TokenBucket;
  capacity: number;
  inFlight: number;
}

export class OutlookThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly release = () => undefined;

  constructor(private readonly clock: Clock) {}

  acquire(tenant: TenantRecord, appId: string, mailboxId: string): ThrottleSlot {
    const limits = tenant.throttling;
    if (!limits?.enabled) return { ok: true, release: this.release };
    const now = this.clock.now();
    const key = `${tenant.id}|${appId.toLowerCase()}|${mailboxId.toLowerCase()}`;
    let entry = this.entries.get(key);
    if (!entry || entry.capacity !== limits.requestsPer10Minutes) {
      if (this.entries.size > 50_000) this.sweep(now);
      entry = { bucket: new TokenBucket(limits.requestsPer10Minutes, OUTLOOK_WINDOW_MS, now), capacity: limits.requestsPer10Minutes, inFlight: entry?.inFlight ?? 0 };
      this.entries.set(key, entry);
    }
    if (entry.inFlight >= limits.concurrentRequests) {
      return {
        ok: false,
        reason: 'concurrency',
        retryAfterSeconds: CONCURRENCY_RETRY_AFTER_S,
        message: `More than ${limits.concurrentRequests} concurrent requests from this app to this mailbox (Outlook limit).`,
      };
    }
    const taken = entry.bucket.take(now);
    if (!taken.ok) {
      return {
        ok: false,
        reason: 'rate',
        retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
        message: `More than ${limits.requestsPer10Minutes} requests in 10 minutes from this app to this mailbox (Outlook limit).`,
      };
    }
    entry.inFlight++;
    const e = entry;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) {
          released = true;
          e.inFlight--;
        }
      },
    };
  }

  /** Forgets every counter (tests, and `tenantbox reset` through the admin API). */
  clear(): void {
    this.entries.clear();
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (e.inFlight === 0 && e.bucket.isFull(now)) this.entries.delete(k);
  }
}
