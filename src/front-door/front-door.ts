// tenantbox's single port. Every connection is sorted by its first byte: a TLS handshake (0x16)
// goes to the https.Server the app is mounted on; anything else goes to a small plain-HTTP server
// that opens CONNECT tunnels for the intercepted Microsoft/Google hosts (each tunnel is sorted the
// same way, so its TLS lands on the same https.Server) and answers other plain requests with an
// explanation. Nothing is ever forwarded to another address.
//
// Mounting fastify (its serverFactory receives the handler after the server exists):
//   const server = await createTlsServer(ca);
//   const app = fastify({ serverFactory: (handler) => server.on('request', handler) });
//   await app.ready();                       // never app.listen(): the front door owns the port
//   const door = await openFrontDoor({ server, ca, port });
//   ...; await door.close(); await app.close();
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { LocalCa } from '../tls/local-ca.js';
import { INTERCEPTED_HOSTS, splitHostPort } from './intercepted-hosts.js';
import { createPlainHttpServer } from './plain-http.js';

export { INTERCEPTED_HOSTS, interceptedService } from './intercepted-hosts.js';
export type { InterceptedService } from './intercepted-hosts.js';

export interface FrontDoor {
  port: number;
  url: string;
  proxyUrl: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const TLS_HANDSHAKE = 0x16;
// On-demand leaves (SNI names the default leaf lacks, e.g. a docker-compose service name) are
// cached; past this many distinct names, more are served the default leaf instead.
const MAX_EXTRA_LEAVES = 64;

// `handler` may be left out and attached later with server.on('request', handler) (fastify's
// serverFactory does exactly that).
export async function createTlsServer(ca: LocalCa, handler?: http.RequestListener): Promise<https.Server> {
  const defaultNames = [...LOOPBACK_NAMES, ...INTERCEPTED_HOSTS];
  const leaf = await ca.issueLeaf(defaultNames);
  const defaultContext = tls.createSecureContext({ cert: leaf.certPem, key: leaf.keyPem });
  const covered = new Set(defaultNames);
  const extra = new Map<string, Promise<tls.SecureContext>>();

  const server = https.createServer({
    cert: leaf.certPem,
    key: leaf.keyPem,
    SNICallback: (servername, callback) => {
      const name = servername.toLowerCase().replace(/\.$/, '');
      if (covered.has(name)) return callback(null, defaultContext);
      let pending = extra.get(name);
      if (!pending) {
        if (extra.size >= MAX_EXTRA_LEAVES) return callback(null, defaultContext);
        pending = ca.issueLeaf([name]).then((l) => tls.createSecureContext({ cert: l.certPem, key: l.keyPem }));
        extra.set(name, pending);
      }
      // A name we cannot certify (not a DNS name) gets the default leaf; the client then reports
      // a clear hostname mismatch rather than a handshake failure.
      pending.then(
        (context) => callback(null, context),
        () => {
          extra.delete(name);
          callback(null, defaultContext);
        },
      );
    },
  });
  if (handler) server.on('request', handler);
  return server;
}

export interface FrontDoorOptions {
  server: https.Server;
  ca: LocalCa;
  port: number; // 0 picks a free port
  host?: string; // default 127.0.0.1
  onRefused?: (target: string, reason: string) => void;
}

export async function openFrontDoor(opts: FrontDoorOptions): Promise<FrontDoor> {
  const host = opts.host ?? '127.0.0.1';
  const { server } = opts;
  const sockets = new Set<net.Socket>();
  let port = 0;

  // Clients reaching a non-loopback bind address by IP send no SNI, so the default leaf must name
  // those addresses too.
  const extraIps = bindAddresses(host).filter((ip) => !LOOPBACK_NAMES.includes(ip));
  if (extraIps.length > 0) {
    const leaf = await opts.ca.issueLeaf([...LOOPBACK_NAMES, ...INTERCEPTED_HOSTS, ...extraIps]);
    server.setSecureContext({ cert: leaf.certPem, key: leaf.keyPem });
  }

  const clientHost = isWildcard(host) ? '127.0.0.1' : host;
  const authority = () => `${net.isIPv6(clientHost) ? `[${clientHost}]` : clientHost}:${port}`;
  const selfNames = new Set([...LOOPBACK_NAMES, splitHostPort(clientHost).host]);

  const plain = createPlainHttpServer({
    httpsUrl: () => `https://${authority()}`,
    isSelf: (name, p) => p === port && selfNames.has(name),
    onTunnel: (socket) => sortByFirstByte(socket),
    onRefused: opts.onRefused,
  });

  // Peeks with 'readable' + read(1) + unshift rather than a 'data' listener: it leaves the socket
  // in the paused-mode state both servers expect (http's parser resumes it itself; a TLSSocket
  // drains what is buffered and must not see the socket flowing, or the handshake stalls).
  function sortByFirstByte(socket: Duplex): void {
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        // Ended before saying anything, or the byte is not there yet: look again on the next event.
        if (socket.readableEnded || socket.destroyed) socket.destroy();
        else sortByFirstByte(socket);
        return;
      }
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? server : plain).emit('connection', socket);
    });
  }

  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Resets before a server took the socket would otherwise be unhandled 'error' events.
    socket.on('error', () => socket.destroy());
    sortByFirstByte(socket);
  });

  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({ port: opts.port, host }, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  port = (listener.address() as net.AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `https://${authority()}`,
    proxyUrl: `http://${authority()}`,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        listener.close(() => resolve());
        // Keep-alive and tunnelled connections would hold listener.close() open forever.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function bindAddresses(host: string): string[] {
  const bare = splitHostPort(host).host;
  if (!isWildcard(bare)) return net.isIP(bare) ? [bare] : [];
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && (bare === '::' || a.family === 'IPv4'))
    .map((a) => a.address.replace(/%.*$/, ''));
}
