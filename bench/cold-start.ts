// Cold start to ready on the demo tenant, as a ratio to `node -e ''` measured in the same run
// (machines here are noisy; the ratio is what we track). "Cold" = a fresh data dir: CA creation,
// schema migration, tenant-file load and seeding. "Warm" = restarting on an existing data dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const BIN = new URL('../bin/tenantbox.js', import.meta.url).pathname;
const ROUNDS = Number(process.env.ROUNDS ?? 5);

function timeToExit(args: string[]): Promise<number> {
  const t0 = performance.now();
  const c = spawn(process.execPath, args, { stdio: 'ignore' });
  return new Promise((r) => c.once('exit', () => r(performance.now() - t0)));
}

async function timeToReady(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const c = spawn(process.execPath, [BIN, 'up', '--json', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: c.stdout! }).once('line', () => resolve());
    c.once('exit', (code) => reject(new Error(`tenantbox up exited ${code}`)));
  });
  const ms = performance.now() - t0;
  c.kill('SIGTERM');
  await new Promise((r) => c.once('exit', r));
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node: number[] = [];
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  node.push(await timeToExit(['-e', '']));
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-bench-'));
  cold.push(await timeToReady(dir));
  node.push(await timeToExit(['-e', '']));
  warm.push(await timeToReady(dir));
  rmSync(dir, { recursive: true, force: true });
}
const base = median(node);
for (const [name, xs] of [['cold start to ready (demo tenant, fresh data dir)', cold], ['warm start to ready (existing data dir)', warm]] as const) {
  console.log(JSON.stringify({ bench: name, medianMs: Math.round(median(xs)), baselineMs: Math.round(base), baseline: "node -e ''", ratio: +(median(xs) / base).toFixed(1), rounds: ROUNDS }));
}
