// Runs every benchmark script in bench/ (or those named on the command line) one after another and
// prints their JSON lines. Each script measures itself against a baseline in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('lib') && (wanted.length === 0 || wanted.some((w) => f.includes(w))));
for (const s of scripts) {
  console.error(`# ${s}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', dir + s], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`# ${s} exited ${r.status}`);
}
