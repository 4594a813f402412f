import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalCa, type LocalCa } from '../tls/local-ca.js';
import { createTlsServer, INTERCEPTED_HOSTS, interceptedService, openFrontDoor, type FrontDoor } from './front-door.js';

const run = promisify(execFile);

interface Seen {
  host: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  encrypted: boolean;
}

let tmp: string;
let ca: LocalCa;
let door: FrontDoor;
let server: https.Server;
const seen: Seen[] = [];
const refused: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'tenantbox-door-'));
  ca = await ensureLocalCa(tmp);
  server = await createTlsServer(ca);
  // Attached after creation, the way fastify's serverFactory does it.
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push({
      host: req.headers.host,
      url: req.url,
      authorization: req.headers.authorization,
      encrypted: (req.socket as tls.TLSSocket).encrypted === true,
    });
    const body = JSON.stringify({ answeredBy: 'tenantbox-test', host: req.headers.host, url: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  door = await openFrontDoor({ server, ca, port: 0, onRefused: (target) => refused.push(target) });
});

afterAll(async () => {
  await door?.close();
  await rm(tmp, { recursive: true, force: true });
});

function httpsGet(url: string, options: https.RequestOptions = {}): Promise<{ status: number; body: string; socket: tls.TLSSocket }> {
  return new Promise((resolve, reject) => {
    // With createConnection and no agent, the request runs on the socket we hand it (a tunnel).
    const agent = options.createConnection ? undefined : false;
    const req = https.request(url, { ca: ca.certPem, agent, defaultPort: 443, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, socket: res.socket as tls.TLSSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Opens a CONNECT tunnel through the front door and returns the raw status line/headers it sent.
function connect(authority: string): Promise<{ head: string; body: string; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(door.port, '127.0.0.1');
    socket.on('error', reject);
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      if (head.startsWith('HTTP/1.1 200')) {
        socket.off('data', onData);
        resolve({ head, body: '', socket });
      } else {
        socket.once('end', () => resolve({ head, body: buffered.subarray(end + 4).toString('utf8'), socket }));
      }
    };
    socket.on('data', onData);
  });
}

describe('interceptedService', () => {
  it('maps each intercepted host (with or without port, any case) to its surface', () => {
    expect(interceptedService('login.microsoftonline.com')).toBe('entra');
    expect(interceptedService('graph.microsoft.com:443')).toBe('graph');
    expect(interceptedService('OAuth2.googleapis.com')).toBe('google-oauth');
    expect(interceptedService('www.googleapis.com.')).toBe('google-apis');
    expect(interceptedService('admin.googleapis.com')).toBe('google-admin');
    expect(interceptedService('127.0.0.1:8443')).toBeUndefined();
    expect(interceptedService('example.com')).toBeUndefined();
    expect(interceptedService('evil.graph.microsoft.com')).toBeUndefined();
    expect(INTERCEPTED_HOSTS).toHaveLength(5);
  });
});

describe('front door: HTTPS on the single port', () => {
  it('reports its addresses', () => {
    expect(door.port).toBeGreaterThan(0);
    expect(door.url).toBe(`https://127.0.0.1:${door.port}`);
    expect(door.proxyUrl).toBe(`http://127.0.0.1:${door.port}`);
  });

  it('serves https://127.0.0.1:PORT to a client that trusts only the local CA', async () => {
    const res = await httpsGet(`${door.url}/x?y=1`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ answeredBy: 'tenantbox-test', host: `127.0.0.1:${door.port}`, url: '/x?y=1' });
    expect(seen.at(-1)?.encrypted).toBe(true);
  });

  it('serves https://localhost:PORT too (the leaf names localhost)', async () => {
    const res = await httpsGet(`https://localhost:${door.port}/x`);
    expect(res.status).toBe(200);
    expect(res.socket.getPeerCertificate().subjectaltname).toContain('DNS:localhost');
  });

  it('fails verification for a client that does not trust the CA', async () => {
    await expect(httpsGet(`${door.url}/x`, { ca: undefined })).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('answers plain HTTP requests with a 400 that says to use HTTPS', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${door.port}/v1.0/me`, { agent: false }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain(`tenantbox serves HTTPS on this port: use https://127.0.0.1:${door.port}/v1.0/me`);
  });

  it('refuses plain http:// URLs sent through it as a proxy', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: door.port, path: 'http://example.com/', headers: { host: 'example.com' }, agent: false }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/refused to proxy example\.com: plain http:\/\/ requests are never forwarded/);
  });
});

describe('front door: intercept (CONNECT) mode', () => {
  it('tunnels to an intercepted host and serves it a leaf for that name', async () => {
    const { head, socket } = await connect('login.microsoftonline.com:443');
    expect(head).toMatch(/^HTTP\/1\.1 200 Connection Established/);
    const tunnelled = tls.connect({ socket, servername: 'login.microsoftonline.com', ca: ca.certPem });
    const res = await httpsGet('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration', {
      createConnection: () => tunnelled,
    });
    expect(res.status).toBe(200);
    expect(res.socket).toBe(tunnelled);
    expect(tunnelled.getPeerCertificate().subjectaltname).toContain('DNS:login.microsoftonline.com');
    expect(JSON.parse(res.body).host).toBe('login.microsoftonline.com');
    expect(seen.at(-1)).toMatchObject({ host: 'login.microsoftonline.com', url: '/common/v2.0/.well-known/openid-configuration', encrypted: true });
  });

  it('issues a leaf on demand for an SNI name the default leaf lacks', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: door.port, servername: 'tenantbox.test', ca: ca.certPem });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    expect(socket.authorized).toBe(true);
    expect(socket.getPeerCertificate().subjectaltname).toBe('DNS:tenantbox.test');
    socket.destroy();
  });

  it('refuses CONNECT to any other host with a 403 naming it, and never connects out', async () => {
    const { head, body, socket } = await connect('example.com:443');
    expect(head).toMatch(/^HTTP\/1\.1 403/);
    expect(body).toContain('tenantbox refused to proxy example.com:443');
    expect(body).toContain('never forwards traffic to the internet');
    for (const host of INTERCEPTED_HOSTS) expect(body).toContain(host);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(refused.at(-1)).toBe('example.com:443');
  });

  it('refuses CONNECT to an intercepted host on a port other than 443', async () => {
    const { head, body } = await connect('graph.microsoft.com:80');
    expect(head).toMatch(/^HTTP\/1\.1 403/);
    expect(body).toContain('tenantbox intercepts graph.microsoft.com on port 443 only');
  });

  it('allows CONNECT to its own address (apps with HTTPS_PROXY and no NO_PROXY)', async () => {
    const { head, socket } = await connect(`127.0.0.1:${door.port}`);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    const tunnelled = tls.connect({ socket, ca: ca.certPem });
    const res = await httpsGet(`${door.url}/self`, { createConnection: () => tunnelled });
    expect(res.socket).toBe(tunnelled);
    expect(JSON.parse(res.body).url).toBe('/self');
  });

  it('lets an unmodified googleapis app reach www.googleapis.com through HTTPS_PROXY + NODE_EXTRA_CA_CERTS', async () => {
    // The child cannot resolve any name, so a request that bypassed the proxy fails instead of
    // leaving the machine.
    const script = `
      import dns from 'node:dns';
      dns.lookup = (host, _o, cb) => (typeof _o === 'function' ? _o : cb)(Object.assign(new Error('test: DNS blocked for ' + host), { code: 'ENOTFOUND' }));
      const { google } = await import('googleapis');
      const auth = new google.auth.OAuth2();
      auth.setCredentials({ access_token: 'token-from-test' });
      const res = await google.calendar({ version: 'v3', auth }).calendarList.list();
      console.log(JSON.stringify(res.data));
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, HTTPS_PROXY: door.proxyUrl, NODE_EXTRA_CA_CERTS: ca.certPath };
    for (const key of ['NO_PROXY', 'no_proxy', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete env[key];
    const before = seen.length;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: process.cwd() });
    expect(JSON.parse(stdout)).toEqual({ answeredBy: 'tenantbox-test', host: 'www.googleapis.com', url: '/calendar/v3/users/me/calendarList' });
    expect(seen.slice(before)).toEqual([
      { host: 'www.googleapis.com', url: '/calendar/v3/users/me/calendarList', authorization: 'Bearer token-from-test', encrypted: true },
    ]);
  });

  it('works with curl --proxy --cacert', async (ctx) => {
    const curl = await run('curl', ['--version']).catch(() => undefined);
    if (!curl) return ctx.skip('curl is not installed');
    const { stdout } = await run('curl', ['-sS', '--noproxy', '', '--proxy', door.proxyUrl, '--cacert', ca.certPath, 'https://graph.microsoft.com/v1.0/users']);
    expect(JSON.parse(stdout)).toMatchObject({ host: 'graph.microsoft.com', url: '/v1.0/users' });
    const refused = await run('curl', ['-sS', '--noproxy', '', '--proxy', door.proxyUrl, '--cacert', ca.certPath, 'https://example.com/']).catch(
      (err: { stderr: string }) => err,
    );
    expect((refused as { stderr: string }).stderr).toMatch(/CONNECT tunnel failed, response 403/);
  });
});

describe('front door: close()', () => {
  it('resolves promptly with keep-alive and tunnelled connections still open', async () => {
    const localServer = await createTlsServer(ca, (_req, res) => res.end('ok'));
    const local = await openFrontDoor({ server: localServer, ca, port: 0 });
    const agent = new https.Agent({ keepAlive: true, ca: ca.certPem });
    await new Promise<void>((resolve, reject) =>
      https.get(`${local.url}/`, { agent }, (r) => r.resume().on('end', resolve)).on('error', reject),
    );
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    const tunnel = net.connect(local.port, '127.0.0.1');
    tunnel.write('CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n');
    await new Promise((resolve) => tunnel.once('data', resolve));
    const idle = net.connect(local.port, '127.0.0.1'); // connected, never says anything
    await new Promise((resolve) => idle.once('connect', resolve));
    const closed = Promise.all([tunnel, idle].map((s) => new Promise((resolve) => s.once('close', resolve))));

    await local.close();
    await closed;
    agent.destroy();
    await expect(new Promise((_, reject) => net.connect(local.port, '127.0.0.1').once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });
});
