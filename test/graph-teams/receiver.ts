import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A notification endpoint on 127.0.0.1:0, as an app runs one: it answers Graph's validation
// request (echoing the token, or not, as a test asks) and records the notifications it receives.

export type HandshakeMode = 'echo' | 'wrong-echo' | 'forbidden' | 'encoded-echo';

export interface Received {
  path: string;
  contentType: string | undefined;
  body: { value: Record<string, any>[] };
}

export interface Receiver {
  url: string;
  handshake: HandshakeMode;
  /** Status for notification POSTs; a function (of the request path) to vary it per call. */
  notifyStatus: number | ((path: string) => number);
  validations: { path: string; token: string; contentType: string | undefined }[];
  received: Received[];
  /** Every notification item received for a subscription. */
  itemsFor(subscriptionId: string): Record<string, any>[];
  waitFor(pred: () => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = {
    url: '',
    handshake: 'echo',
    notifyStatus: 202,
    validations: [],
    received: [],
    itemsFor: (id) => r.received.flatMap((x) => x.body.value.filter((v) => v.subscriptionId === id)),
    async waitFor(pred, what) {
      // Deliveries are asynchronous: poll for the outcome (bounded, so a missing one fails the test).
      for (let i = 0; i < 500; i++) {
        if (pred()) return;
        await new Promise((res) => setTimeout(res, 10));
      }
      throw new Error(`receiver: gave up waiting for ${what}`);
    },
    close: () => new Promise((res) => server.close(() => res())),
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      r.validations.push({ path: url.pathname, token, contentType: req.headers['content-type'] });
      if (r.handshake === 'forbidden') return void res.writeHead(403).end();
      const answer = r.handshake === 'wrong-echo' ? `${token}!` : r.handshake === 'encoded-echo' ? encodeURIComponent(token) : token;
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
    }
    const status = typeof r.notifyStatus === 'function' ? r.notifyStatus(url.pathname) : r.notifyStatus;
    if (status >= 200 && status < 300) r.received.push({ path: url.pathname, contentType: req.headers['content-type'], body: JSON.parse(body) });
    res.writeHead(status).end();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return r;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res(Buffer.concat(chunks).toString('utf8')));
    req.on('error', rej);
  });
}
