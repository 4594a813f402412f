import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

// The only outbound HTTP tenantbox makes: POSTs to a subscriber's notificationUrl, which must be
// on this machine (127.0.0.1, ::1 or localhost; see ./notification-url.ts). Over https the
// receiver's certificate is not verified: the traffic never leaves the loopback interface, and a
// developer's receiver usually has a self-signed certificate.

export interface LocalResponse {
  status: number;
  text: string;
}

export class LocalPostTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

export function postLocal(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<LocalResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new LocalPostTimeout(timeoutMs));
    }, timeoutMs);
    timer.unref();
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
