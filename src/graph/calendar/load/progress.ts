// A one-line progress bar on stderr for long runs (tenantbox generate, the benches): done/total,
// rate and time left, redrawn at most every 100 ms. On a terminal it redraws in place; otherwise
// (a log file, CI) it prints a plain line every tenth of the way, so logs stay readable.

export interface Progress {
  tick(n: number): void;
  done(): { count: number; seconds: number; perSecond: number };
}

export function progressBar(label: string, total: number, opts: { stream?: NodeJS.WriteStream; enabled?: boolean; unit?: string } = {}): Progress {
  const out = opts.stream ?? process.stderr;
  const enabled = opts.enabled ?? true;
  const unit = opts.unit ?? 'events';
  const tty = Boolean(out.isTTY);
  const started = performance.now();
  let count = 0;
  let lastDraw = 0;
  let lastTenth = -1;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const left = rate > 0 ? (total - count) / rate : 0;
    const share = total > 0 ? Math.min(1, count / total) : 1;
    const width = 24;
    const filled = Math.round(share * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${fmt(count)}/${fmt(total)} ${unit} · ${fmt(rate)} ${unit}/s · ETA ${left < 1 ? '0' : left.toFixed(0)}s`;
  };

  return {
    tick(n) {
      count += n;
      if (!enabled) return;
      const now = performance.now();
      if (tty) {
        if (now - lastDraw < 100 && count < total) return;
        lastDraw = now;
        out.write(`\r${line()}\x1b[K`);
      } else {
        const tenth = Math.floor((count / Math.max(1, total)) * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        out.write(`${line()}\n`);
      }
    },
    done() {
      const seconds = (performance.now() - started) / 1000;
      if (enabled && tty) out.write(`\r${line()}\x1b[K\n`);
      return { count, seconds, perSecond: seconds > 0 ? count / seconds : 0 };
    },
  };
}
