import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from './open-sqlite.js';

// A child process writes in a loop and prints each id once the store call has returned (an audit
// record: once its onWritten ran, which is when a pipeline answers); it is killed with SIGKILL
// mid-way. Every id it printed must be in the data dir afterwards.

const WRITER = `
import { openSqliteStores } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'open-sqlite.ts')).href)};
const stores = await openSqliteStores({ file: process.argv[2] });
const T = 'tenant';
const ack = (kind, id) => process.stdout.write(kind + ' ' + id + '\\n');
const user = (id) => ({ tenantId: T, id, kind: 'user', userPrincipalName: id + '@contoso.test', mail: null, displayName: id, givenName: null, surname: null,
  jobTitle: null, department: null, officeLocation: null, managerId: null, passwordHash: null, roles: [], accountEnabled: true, mailbox: false,
  userType: 'Member', signInSessionsValidFromDateTime: null, room: null, createdDateTime: '2026-01-01T00:00:00.000Z' });
const event = (id, i) => ({ tenantId: T, id, calendarId: 'cal', ownerId: 'o', iCalUId: 'ical-' + id, type: 'singleInstance', seriesMasterId: null,
  startMs: i * 60000, endMs: i * 60000 + 30000, data: { subject: id, body: { content: 'x'.repeat(500) } }, createdDateTime: 'c', lastModifiedDateTime: 'm', changeKey: 'k' });
for (let i = 0; ; i++) {
  await stores.directory.putUser(user('u' + i));
  ack('user', 'u' + i);
  await stores.tokens.put({ hash: 'h' + i, kind: 'authorization_code', tenantId: T, clientId: 'c', userId: null, data: {}, createdAt: i, expiresAt: i + 1, consumedAt: null });
  ack('token', 'h' + i);
  stores.audit.append({ time: new Date(i).toISOString(), service: 'graph', tenantId: T, appId: 'a', userId: null, scheme: 'application', method: 'GET',
    path: '/v1.0/users', template: '/users', permission: null, missing: [], policy: null, status: 200, requestId: 'r' + i, granted: [] },
    (err) => { if (!err) ack('audit', 'r' + i); });
  await stores.events.putEvents(Array.from({ length: 50 }, (_, j) => event('e' + i + '-' + j, i)));
  ack('events', 'e' + i);
  await stores.transaction(async () => {
    await stores.directory.putGroup({ tenantId: T, id: 'g' + i, displayName: 'g', description: null, mail: null, mailNickname: null, mailEnabled: false,
      securityEnabled: true, groupTypes: [], isRoomList: false, createdDateTime: 'c' });
    await stores.directory.addMember(T, 'g' + i, 'u' + i, 'user');
  });
  ack('group', 'g' + i);
}
`;

describe('durability', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing acknowledged when the process is killed with SIGKILL', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenantbox-sigkill-'));
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, WRITER);
    const file = join(dir, 'state.db');
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        acked.push(...lines);
        // Enough writes behind us that the WAL holds many commits; kill in the middle of the next ones.
        if (acked.length >= 400 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => (acked.length >= 400 ? resolve() : reject(new Error(`writer exited early: ${stderr}`))));
    });
    expect(await exited).toBe('SIGKILL');

    const stores = await openSqliteStores({ file });
    try {
      const byKind = (kind: string) => acked.filter((l) => l.startsWith(kind + ' ')).map((l) => l.slice(kind.length + 1));
      for (const id of byKind('user')) expect(await stores.directory.getUser('tenant', id), id).toBeDefined();
      for (const id of byKind('token')) expect(await stores.tokens.get(id), id).toBeDefined();
      const audited = new Set((await stores.audit.query({ limit: 10_000 })).map((r) => r.requestId));
      for (const id of byKind('audit')) expect(audited.has(id), id).toBe(true);
      for (const id of byKind('events')) expect(await stores.events.getEvent('tenant', `${id}-49`), id).toBeDefined();
      for (const id of byKind('group')) expect(await stores.directory.listMembers('tenant', id), id).toHaveLength(1);
      // A transaction the kill interrupted is all or nothing.
      for (const g of await stores.directory.listGroups('tenant')) expect(await stores.directory.listMembers('tenant', g.id), g.id).toHaveLength(1);
      expect(byKind('group').length).toBeGreaterThanOrEqual(79);
    } finally {
      await stores.close();
    }
  });
});
