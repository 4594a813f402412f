import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';

// Raw HTTPS calls with an explicit CA, directly or through tenantbox's CONNECT proxy, so tests can
// prove "trusted through caCertPath" and "answered through proxyUrl" without relying on globals.

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpsGet(url: string, ca: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, headers, agent: false }, (res) => collect(res, resolve));
    req.on('error', reject);
    req.end();
  });
}

/** GET `targetUrl` (an https URL on any host) through an HTTP CONNECT proxy, verifying TLS with `ca`. */
export function httpsGetViaProxy(proxyUrl: string, targetUrl: string, ca: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  const target = new URL(targetUrl);
  const authority = `${target.hostname}:${target.port || 443}`;
  return new Promise((resolve, reject) => {
    const connectReq = httpRequest(proxyUrl, { method: 'CONNECT', path: authority, headers: { host: authority }, agent: false });
    connectReq.on('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [head];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        return;
      }
      const tls = tlsConnect({ socket, servername: target.hostname, ca }, () => {
        // TLS is already up on the tunnel: plain HTTP/1.1 over it, with the target's Host header.
        const req = httpRequest({ createConnection: () => tls, host: target.hostname, path: target.pathname + target.search, headers: { host: target.host, ...headers } }, (r) => collect(r, resolve));
        req.on('error', reject);
        req.end();
      });
      tls.on('error', reject);
    });
    connectReq.on('response', (res) => collect(res, resolve));
    connectReq.on('error', reject);
    connectReq.end();
  });
}

function collect(res: import('node:http').IncomingMessage, resolve: (r: RawResponse) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
}
