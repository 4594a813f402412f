// The plain-HTTP half of the front door. It never serves the app: it opens CONNECT tunnels to the
// intercepted hosts (the tunnel then goes to the TLS server) and explains itself to everything else.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { INTERCEPTED_HOSTS, interceptedService, splitHostPort } from './intercepted-hosts.js';

export interface PlainHttpOptions {
  // The address clients should use for HTTPS, for the error text ("https://127.0.0.1:PORT").
  httpsUrl: () => string;
  // CONNECT to tenantbox's own address is allowed too: apps with HTTPS_PROXY set and no NO_PROXY
  // send their requests for https://127.0.0.1:PORT through the proxy.
  isSelf: (host: string, port: number) => boolean;
  onTunnel: (socket: Duplex) => void;
  // Told about every refused proxy request, so tenantbox can log it next to the client's error.
  onRefused?: (target: string, reason: string) => void;
}

export function createPlainHttpServer(opts: PlainHttpOptions): http.Server {
  const server = http.createServer((req, res) => {
    const target = absoluteTarget(req.url ?? '');
    if (target) {
      // An http:// URL sent through the proxy (HTTP_PROXY): tenantbox only intercepts HTTPS.
      const why = 'plain http:// requests are never forwarded';
      opts.onRefused?.(target, why);
      sendText(res, 403, refusalText(target, why));
      return;
    }
    sendText(
      res,
      400,
      `tenantbox serves HTTPS on this port: use ${opts.httpsUrl()}${req.url ?? '/'}, ` +
        `or use ${opts.httpsUrl().replace(/^https:/, 'http:')} as an HTTPS proxy (HTTPS_PROXY) for ${INTERCEPTED_HOSTS.join(', ')}.\n`,
    );
  });

  server.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const authority = req.url ?? '';
    const { host, port } = splitHostPort(authority);
    const allowed = port !== undefined && ((port === 443 && interceptedService(host) !== undefined) || opts.isSelf(host, port));
    if (!allowed) {
      const why =
        interceptedService(host) !== undefined
          ? `tenantbox intercepts ${host} on port 443 only`
          : 'tenantbox is not a general proxy and never forwards traffic to the internet';
      opts.onRefused?.(authority, why);
      const body = refusalText(authority, why);
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    // Bytes the client sent right after the CONNECT head (usually the start of its TLS hello).
    if (head.length > 0) socket.unshift(head);
    opts.onTunnel(socket);
  });

  return server;
}

function absoluteTarget(url: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function refusalText(target: string, why: string): string {
  return (
    `tenantbox refused to proxy ${target}: ${why}. ` +
    `It intercepts HTTPS (CONNECT, port 443) for ${INTERCEPTED_HOSTS.join(', ')} only. ` +
    `If your app must reach ${splitHostPort(target).host} directly, add it to NO_PROXY.\n`
  );
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.end(text);
}
