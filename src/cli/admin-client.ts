import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { readAdminKey, runningInstance, type RuntimeInfo } from '../data-dir.js';
import { CliError, EXIT } from './exit-codes.js';

// The CLI talks to a running tenantbox only through the admin API, trusting the local CA,
// exactly as a test suite would. It never opens the database of a running server.

export interface AdminClient {
  info: RuntimeInfo;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export function connect(dataDir: string): AdminClient {
  const info = runningInstance(dataDir);
  if (!info) throw new CliError(EXIT.notRunning, `tenantbox is not running on ${dataDir}. Start it with: tenantbox up --data-dir ${dataDir}`);
  const key = readAdminKey(dataDir);
  if (!key) throw new CliError(EXIT.failure, `No admin key in ${dataDir} (expected ${dataDir}/admin-key).`);
  const ca = readFileSync(info.caCertPath);
  return {
    info,
    call: (method, path, body) => adminRequest(info.url, ca, key, method, path, body),
  };
}

export function adminRequest<T>(url: string, ca: Buffer | string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`/_tenantbox${path}`, url),
      {
        method,
        ca,
        headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          if ((res.statusCode ?? 500) >= 400) {
            const msg = (json as { error?: { message?: string } })?.error?.message ?? text;
            reject(new CliError(EXIT.failure, `tenantbox answered ${res.statusCode}: ${msg}`));
          } else resolve(json as T);
        });
      },
    );
    req.on('error', (e) => reject(new CliError(EXIT.notRunning, `Could not reach tenantbox at ${url}: ${e.message}`)));
    if (payload) req.write(payload);
    req.end();
  });
}
