// The clock every surface reads. Tests and users travel in time through the admin API
// (`POST /_tenantbox/clock`), so token lifetimes, refresh-token inactivity and relative
// events can be exercised without sleeping. The offset is persisted by the caller.

export interface Clock {
  /** Current emulated time in milliseconds since the epoch. */
  now(): number;
  nowDate(): Date;
  /** Seconds since the epoch (JWT `iat`/`exp`). */
  nowSeconds(): number;
  /** Milliseconds the emulated time is ahead of the real time. */
  offsetMs(): number;
  advance(ms: number): void;
  set(epochMs: number): void;
  onChange(listener: (offsetMs: number) => void): void;
}

export function createClock(opts: { offsetMs?: number; real?: () => number } = {}): Clock {
  const real = opts.real ?? Date.now;
  let offset = opts.offsetMs ?? 0;
  const listeners: ((o: number) => void)[] = [];
  const changed = () => listeners.forEach((l) => l(offset));
  return {
    now: () => real() + offset,
    nowDate: () => new Date(real() + offset),
    nowSeconds: () => Math.floor((real() + offset) / 1000),
    offsetMs: () => offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward: give a positive duration');
      offset += ms;
      changed();
    },
    set(epochMs) {
      if (!Number.isFinite(epochMs)) throw new RangeError('not a time');
      offset = epochMs - real();
      changed();
    },
    onChange: (l) => void listeners.push(l),
  };
}

/** Parses "90s", "15m", "2h", "3d", "1h30m" or a number of seconds into milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1000;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched !== t.length || t.length === 0) throw new RangeError(`"${text}" is not a duration: use e.g. 90s, 15m, 2h, 3d or 1h30m`);
  return total;
}
