import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStandaloneWorkloadStores } from '../../src/store/mail/index.js';

// Mail, online meetings and labels are rows in SQLite: closing and reopening the database (a
// restart) keeps them.

const dir = mkdtempSync(join(tmpdir(), 'tenantbox-workload-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workload stores survive a restart', () => {
  it('keeps folders, messages, activity, meetings and labels', async () => {
    const file = join(dir, 'workloads.db');
    const a = await openStandaloneWorkloadStores(file);
    await a.mail.putFolders([{ tenantId: 't', id: 'f1', mailboxId: 'm', parentFolderId: null, wellKnownName: 'inbox', displayName: 'Inbox', isHidden: false, createdDateTime: '2026-01-01T00:00:00Z' }]);
    await a.mail.putMessages([{ tenantId: 't', id: 'msg1', mailboxId: 'm', folderId: 'f1', receivedMs: 5, data: { subject: 'kept', isRead: false } }]);
    await a.mail.appendActivity([{ tenantId: 't', userId: 'u', kind: 'send', atMs: 10 }]);
    await a.onlineMeetings.put({ tenantId: 't', id: 'om1', organizerId: 'u', attendeeIds: [], joinWebUrl: 'https://j', joinMeetingId: '1', externalId: 'e', createdMs: 7, data: { id: 'om1' } });
    await a.sensitivityLabels.put({ tenantId: 't', id: 'l1', name: 'Public', description: '', color: '', sensitivity: 0, tooltip: '', parentId: null, isActive: true });
    a.close();

    const b = await openStandaloneWorkloadStores(file);
    try {
      expect((await b.mail.findWellKnownFolder('t', 'm', 'inbox'))?.id).toBe('f1');
      expect((await b.mail.getMessage('t', 'm', 'msg1'))?.data.subject).toBe('kept');
      expect(await b.mail.folderCounts('t', 'm')).toEqual(new Map([['f1', { totalItemCount: 1, unreadItemCount: 1, childFolderCount: 0, sizeInBytes: expect.any(Number) }]]));
      expect(await b.mail.listActivity('t', 0, 100)).toEqual([{ tenantId: 't', userId: 'u', kind: 'send', atMs: 10 }]);
      expect((await b.onlineMeetings.findByExternalId('t', 'u', 'e'))?.id).toBe('om1');
      expect((await b.onlineMeetings.listCreated('t', 0, 8)).map((m) => m.id)).toEqual(['om1']);
      expect((await b.sensitivityLabels.list('t')).map((l) => l.name)).toEqual(['Public']);
    } finally {
      b.close();
    }
  });
});
