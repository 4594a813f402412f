// A token bucket over the emulated clock: `capacity` tokens, refilled continuously at
// `capacity / windowMs`. "10,000 requests per 10 minutes" becomes a bucket of 10,000 that refills
// 1,000 a minute: a burst may use the whole budget, after which requests are admitted at the
// sustained rate. Advancing the emulated clock refills it, as time passing would.

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token, or says how long until one is available. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const perMs = this.capacity / this.windowMs;
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) / perMs) };
  }

  /** Full and idle: the entry can be dropped without changing any future answer. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.windowMs);
      this.updatedAt = now;
    }
  }
}
