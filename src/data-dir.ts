import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The data dir holds everything a run needs to come back as it was: the SQLite database, the local
// CA, the admin key and, while running, a lock naming the process and where it listens.

export interface RuntimeInfo {
  pid: number;
  url: string;
  proxyUrl: string;
  caCertPath: string;
  port: number;
}

export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(readonly dataDir: string, readonly info: Partial<RuntimeInfo>) {
    super(
      `tenantbox is already running on ${dataDir} (pid ${info.pid}${info.url ? `, ${info.url}` : ''}). ` +
        'Stop it first, or start another one with --data-dir <other dir>.',
    );
  }
}

const LOCK = 'tenantbox.lock';
const RUNTIME = 'runtime.json';
const ADMIN_KEY = 'admin-key';

export function acquireDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = join(dataDir, LOCK);
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirBusyError(dataDir, { pid, ...readRuntimeInfo(dataDir) });
  }
  // A lock left by a killed process (SIGKILL) names a dead pid and is taken over.
  writeFileSync(lockPath, String(process.pid));
  return {
    release() {
      try {
        if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) {
          rmSync(lockPath, { force: true });
          rmSync(join(dataDir, RUNTIME), { force: true });
        }
      } catch {
        /* already gone */
      }
    },
  };
}

/** The running server's pid and addresses, or undefined when none runs on this data dir. */
export function runningInstance(dataDir: string): RuntimeInfo | undefined {
  const lockPath = join(dataDir, LOCK);
  if (!existsSync(lockPath)) return undefined;
  const pid = Number(readFileSync(lockPath, 'utf8').trim());
  if (!pid || !isAlive(pid)) return undefined;
  const info = readRuntimeInfo(dataDir);
  return info?.url ? (info as RuntimeInfo) : undefined;
}

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(join(dataDir, RUNTIME), JSON.stringify(info, null, 2) + '\n');
}

export function readRuntimeInfo(dataDir: string): Partial<RuntimeInfo> | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, RUNTIME), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The admin API key: created once (mode 0600), read by the CLI. */
export function ensureAdminKey(dataDir: string): string {
  const p = join(dataDir, ADMIN_KEY);
  if (existsSync(p)) {
    chmodSync(p, 0o600);
    return readFileSync(p, 'utf8').trim();
  }
  const key = `tbx_${randomBytes(24).toString('base64url')}`;
  writeFileSync(p, key + '\n', { mode: 0o600 });
  return key;
}

export function readAdminKey(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, ADMIN_KEY), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
