import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkloadFixture, DOMAIN, ids, TID, type WorkloadFixture } from './fixture.js';

// Mail: sendMail delivers into the tenant's mailboxes; messages and folders; who may send from and
// read which mailbox (Mail.Send, Mail.Send.Shared with a right, Exchange application access
// policies for app-only).

let f: WorkloadFixture;
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(() => f.close());

const to = (...addresses: string[]) => addresses.map((address) => ({ emailAddress: { address } }));
const mail = (subject: string, recipients = to(`bob@${DOMAIN}`), extra: Record<string, unknown> = {}) => ({
  message: { subject, body: { contentType: 'HTML', content: `<p>Please approve <b>${subject}</b></p>` }, toRecipients: recipients, ...extra },
});
const inbox = async (userId: string) => (await f.call('GET', '/me/mailFolders/inbox/messages?$top=50', await f.userToken(userId, ['Mail.Read']))).body.value as any[];
const subjects = (list: any[]) => list.map((m) => m.subject);

describe('sendMail', () => {
  it('delivers to each recipient\'s Inbox (unread, Bcc hidden) and to the sender\'s Sent Items', async () => {
    const r = await f.call('POST', '/me/sendMail', await f.userToken(ids.alice, ['Mail.Send']), { body: mail('Team request #1', to(`bob@${DOMAIN}`), { bccRecipients: to(`admin@${DOMAIN}`) }) });
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    const got = (await inbox(ids.bob)).find((m) => m.subject === 'Team request #1');
    expect(got).toMatchObject({
      isRead: false,
      isDraft: false,
      from: { emailAddress: { name: 'Alice', address: `alice@${DOMAIN}` } },
      toRecipients: [{ emailAddress: { name: 'Bob', address: `bob@${DOMAIN}` } }],
      bccRecipients: [],
      bodyPreview: 'Please approve Team request #1',
      body: { contentType: 'html' },
    });
    expect(subjects(await inbox(ids.admin))).toContain('Team request #1');
    const sent = await f.call('GET', '/me/mailFolders/sentitems/messages', await f.userToken(ids.alice, ['Mail.Read']));
    expect(sent.body.value.find((m: any) => m.subject === 'Team request #1')).toMatchObject({ isRead: true, isDraft: false, bccRecipients: [{ emailAddress: { address: `admin@${DOMAIN}` } }] });
    expect(sent.body.value[0].internetMessageId).toBe(got.internetMessageId);
  });

  it('saveToSentItems: false keeps no copy; a mail-enabled group is expanded; outside addresses go nowhere', async () => {
    const r = await f.call('POST', '/me/sendMail', await f.userToken(ids.admin, ['Mail.Send']), {
      body: { ...mail('All staff', to(`staff@${DOMAIN}`, 'someone@fabrikam.test')), saveToSentItems: false },
    });
    expect(r.status).toBe(202);
    expect(subjects(await inbox(ids.alice))).toContain('All staff');
    expect(subjects(await inbox(ids.bob))).toContain('All staff');
    const sent = await f.call('GET', '/me/mailFolders/sentitems/messages', await f.userToken(ids.admin, ['Mail.Read']));
    expect(subjects(sent.body.value)).not.toContain('All staff');
  });

  it('no recipient → 400 ErrorInvalidRecipients; a bad address → 400', async () => {
    const t = await f.userToken(ids.alice, ['Mail.Send']);
    const none = await f.call('POST', '/me/sendMail', t, { body: { message: { subject: 'x' } } });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'ErrorInvalidRecipients', message: 'At least one recipient is required, but none were found.' });
    expect((await f.call('POST', '/me/sendMail', t, { body: mail('x', [{ emailAddress: { address: 'not-an-address' } }]) })).status).toBe(400);
    expect((await f.call('POST', '/me/sendMail', t, { body: {} })).status).toBe(400);
  });

  it('app-only Mail.Send as any user, unless an application access policy excludes the mailbox', async () => {
    const t = await f.appToken(['Mail.Send']);
    expect((await f.call('POST', `/users/bob@${DOMAIN}/sendMail`, t, { body: mail('From the app', to(`alice@${DOMAIN}`)) })).status).toBe(202);
    expect(subjects(await inbox(ids.alice))).toContain('From the app');
    // Restrict the app to the Rooms group (a mail-enabled security group): bob is outside it.
    await f.stores.policies.putApplicationAccessPolicy({ tenantId: TID, id: 'aap-1', appId: ids.clientAppId, accessRight: 'RestrictAccess', scopeGroupId: ids.roomsGroup, scopeName: `rooms@${DOMAIN}`, description: null });
    try {
      const outside = await f.call('POST', `/users/bob@${DOMAIN}/sendMail`, t, { body: mail('Blocked', to(`alice@${DOMAIN}`)) });
      expect(outside.status).toBe(403);
      expect(outside.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' });
      expect(subjects(await inbox(ids.alice))).not.toContain('Blocked');
      const inside = await f.call('POST', `/users/${ids.room1}/sendMail`, t, { body: mail('From a room', to(`alice@${DOMAIN}`)) });
      expect(inside.status).toBe(202);
      expect(subjects(await inbox(ids.alice))).toContain('From a room');
      // The same policy applies to reading mail.
      expect((await f.call('GET', `/users/bob@${DOMAIN}/messages`, await f.appToken(['Mail.Read']))).status).toBe(403);
    } finally {
      await f.stores.policies.deleteApplicationAccessPolicy(TID, 'aap-1');
    }
  });

  it('another user\'s mailbox, delegated: Mail.Send alone → 403; Mail.Send.Shared without a right → 403; with FullAccess → 202', async () => {
    const body = mail('On behalf', to(`alice@${DOMAIN}`));
    const plain = await f.call('POST', `/users/bob@${DOMAIN}/sendMail`, await f.userToken(ids.admin, ['Mail.Send']), { body });
    expect(plain.status).toBe(403);
    expect(plain.body.error.code).toBe('ErrorAccessDenied');
    const shared = await f.userToken(ids.admin, ['Mail.Send', 'Mail.Send.Shared']);
    expect((await f.call('POST', `/users/bob@${DOMAIN}/sendMail`, shared, { body })).status).toBe(403);
    await f.stores.policies.putMailboxPermission({ tenantId: TID, id: 'mbx-1', mailboxId: ids.bob, granteeId: ids.admin, scope: 'mailbox', rights: 'FullAccess', sharingPermissionFlags: [] });
    try {
      expect((await f.call('POST', `/users/bob@${DOMAIN}/sendMail`, shared, { body })).status).toBe(202);
      const got = (await inbox(ids.alice)).find((m) => m.subject === 'On behalf');
      expect(got.from.emailAddress.address).toBe(`bob@${DOMAIN}`);
      // Mail.Send.Shared does not replace Mail.Send for one's own mailbox.
      expect((await f.call('POST', '/me/sendMail', await f.userToken(ids.admin, ['Mail.Send.Shared']), { body })).status).toBe(403);
      // Reading that mailbox: Mail.Read.Shared with FullAccess works; Mail.Read alone does not.
      expect((await f.call('GET', `/users/bob@${DOMAIN}/messages`, await f.userToken(ids.admin, ['Mail.Read.Shared']))).status).toBe(200);
      expect((await f.call('GET', `/users/bob@${DOMAIN}/messages`, await f.userToken(ids.admin, ['Mail.Read']))).status).toBe(403);
    } finally {
      await f.stores.policies.deleteMailboxPermission(TID, 'mbx-1');
    }
  });

  it('an unlicensed user has no mailbox: 404 MailboxNotEnabledForRESTAPI', async () => {
    const r = await f.call('POST', `/users/${ids.unlicensed}/sendMail`, await f.appToken(['Mail.Send']), { body: mail('x') });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('MailboxNotEnabledForRESTAPI');
  });
});

describe('messages', () => {
  it('drafts: create in Drafts, update, send (moves to Sent Items and is delivered)', async () => {
    const t = await f.userToken(ids.alice, ['Mail.ReadWrite', 'Mail.Send']);
    const created = await f.call('POST', '/me/messages', t, { body: { subject: 'Draft approval', toRecipients: to(`bob@${DOMAIN}`) } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ isDraft: true, subject: 'Draft approval', sentDateTime: null });
    const drafts = await f.call('GET', '/me/mailFolders/drafts', t);
    expect(created.body.parentFolderId).toBe(drafts.body.id);
    const updated = await f.call('PATCH', `/me/messages/${created.body.id}`, t, { body: { subject: 'Approval needed', body: { contentType: 'text', content: 'Yes or no?' } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ subject: 'Approval needed', bodyPreview: 'Yes or no?' });
    expect(updated.body['@odata.etag']).not.toBe(created.body['@odata.etag']);
    expect((await f.call('POST', `/me/messages/${created.body.id}/send`, t)).status).toBe(202);
    const sentItems = await f.call('GET', '/me/mailFolders/sentitems', t);
    const sent = await f.call('GET', `/me/messages/${created.body.id}`, await f.userToken(ids.alice, ['Mail.Read']));
    expect(sent.body).toMatchObject({ isDraft: false, parentFolderId: sentItems.body.id });
    expect(subjects(await inbox(ids.bob))).toContain('Approval needed');
    // Sending it again: not a draft any more.
    expect((await f.call('POST', `/me/messages/${created.body.id}/send`, t)).body.error.code).toBe('ErrorInvalidOperation');
    // A sent message keeps its content; its flags may change.
    expect((await f.call('PATCH', `/me/messages/${created.body.id}`, t, { body: { subject: 'changed' } })).status).toBe(400);
    expect((await f.call('PATCH', `/me/messages/${created.body.id}`, t, { body: { flag: { flagStatus: 'flagged' } } })).body.flag).toEqual({ flagStatus: 'flagged' });
  });

  it('marks read, filters, orders and pages (10 a page)', async () => {
    const alice = await f.userToken(ids.alice, ['Mail.Send']);
    for (let i = 0; i < 12; i++) {
      await f.call('POST', '/me/sendMail', alice, { body: mail(`Batch ${String(i).padStart(2, '0')}`, to(`gina@fabrikam.test`, `room2@${DOMAIN}`)) });
      f.clock.advance(1000);
    }
    const t = await f.userToken(ids.room2, ['Mail.ReadWrite']);
    const page = await f.call('GET', '/me/messages?$select=subject,isRead', t);
    expect(page.body.value).toHaveLength(10);
    expect(page.body.value[0]).toEqual({ '@odata.etag': expect.stringMatching(/^W\//), id: expect.any(String), subject: 'Batch 11', isRead: false });
    expect(page.body['@odata.nextLink']).toContain('$skiptoken=');
    const first = page.body.value[0];
    expect((await f.call('PATCH', `/me/messages/${first.id}`, t, { body: { isRead: true } })).body.isRead).toBe(true);
    const unread = await f.call('GET', "/me/messages?$filter=isRead eq false and startswith(subject,'Batch')&$count=true&$top=1", t);
    expect(unread.body['@odata.count']).toBe(11);
    const oldest = await f.call('GET', '/me/messages?$orderby=receivedDateTime asc&$top=1&$select=subject', t);
    expect(oldest.body.value[0].subject).toBe('Batch 00');
    const fromAlice = await f.call('GET', `/me/messages?$filter=from/emailAddress/address eq 'alice@${DOMAIN}'&$count=true&$top=1`, t);
    expect(fromAlice.body['@odata.count']).toBe(12);
    const toGina = await f.call('GET', "/me/messages?$filter=toRecipients/any(r:r/emailAddress/address eq 'gina@fabrikam.test')&$count=true&$top=1", t);
    expect(toGina.body['@odata.count']).toBe(12);
    expect((await f.call('GET', '/me/messages?$search="Batch"', t)).status).toBe(501);
  });

  it('Mail.ReadBasic lists messages without their body', async () => {
    const r = await f.call('GET', '/me/messages?$top=1', await f.userToken(ids.bob, ['Mail.ReadBasic']));
    expect(r.status).toBe(200);
    expect(r.body.value[0].subject).toEqual(expect.any(String));
    expect([r.body.value[0].body, r.body.value[0].bodyPreview]).toEqual([null, null]);
  });

  it('delete moves to Deleted Items, deleting there removes it; another mailbox\'s id is not found here', async () => {
    const t = await f.userToken(ids.bob, ['Mail.ReadWrite']);
    const [m] = await inbox(ids.bob);
    expect((await f.call('GET', `/me/messages/${m.id}`, await f.userToken(ids.alice, ['Mail.Read']))).body.error.code).toBe('ErrorItemNotFound');
    expect((await f.call('DELETE', `/me/messages/${m.id}`, t)).status).toBe(204);
    const deleted = await f.call('GET', '/me/mailFolders/deleteditems/messages', t);
    expect(deleted.body.value.map((x: any) => x.id)).toContain(m.id);
    expect((await f.call('DELETE', `/me/messages/${m.id}`, t)).status).toBe(204);
    // Microsoft's permission data lists Mail.Read and Mail.ReadBasic (not Mail.ReadWrite) for getting one message.
    expect((await f.call('GET', `/me/messages/${m.id}`, t)).status).toBe(403);
    expect((await f.call('GET', `/me/messages/${m.id}`, await f.userToken(ids.bob, ['Mail.Read']))).status).toBe(404);
  });
});

describe('mail folders', () => {
  it('lists the default folders, addresses them by well-known name, and counts items', async () => {
    const t = await f.userToken(ids.bob, ['Mail.Read']);
    const r = await f.call('GET', '/me/mailFolders?$top=20', t);
    expect(r.status).toBe(200);
    expect(r.body.value.map((x: any) => x.displayName)).toEqual(['Archive', 'Conversation History', 'Deleted Items', 'Drafts', 'Inbox', 'Junk Email', 'Outbox', 'Sent Items']);
    const inboxFolder = await f.call('GET', '/me/mailFolders/Inbox', t);
    expect(inboxFolder.body).toMatchObject({ displayName: 'Inbox', isHidden: false, childFolderCount: 0 });
    expect(inboxFolder.body.totalItemCount).toBe((await inbox(ids.bob)).length);
    expect((await f.call('GET', `/me/mailFolders/${inboxFolder.body.id}`, t)).body.displayName).toBe('Inbox');
    expect((await f.call('GET', '/me/mailFolders/nosuchfolder', t)).status).toBe(404);
  });

  it('creates, renames and deletes folders and child folders; refuses duplicates and well-known deletions', async () => {
    const t = await f.userToken(ids.alice, ['Mail.ReadWrite']);
    const top = await f.call('POST', '/me/mailFolders', t, { body: { displayName: 'Approvals' } });
    expect(top.status).toBe(201);
    expect((await f.call('POST', '/me/mailFolders', t, { body: { displayName: 'approvals' } })).body.error.code).toBe('ErrorFolderExists');
    const child = await f.call('POST', `/me/mailFolders/${top.body.id}/childFolders`, t, { body: { displayName: '2026' } });
    expect(child.status).toBe(201);
    expect(child.body.parentFolderId).toBe(top.body.id);
    expect((await f.call('GET', `/me/mailFolders/${top.body.id}`, t)).body.childFolderCount).toBe(1);
    const kids = await f.call('GET', `/me/mailFolders/${top.body.id}/childFolders`, t);
    expect(kids.body.value.map((x: any) => x.displayName)).toEqual(['2026']);
    const msg = await f.call('POST', `/me/mailFolders/${child.body.id}/messages`, t, { body: { subject: 'Filed' } });
    expect(msg.body.parentFolderId).toBe(child.body.id);
    expect((await f.call('GET', `/me/mailFolders/${child.body.id}/messages/${msg.body.id}`, await f.userToken(ids.alice, ['Mail.Read']))).status).toBe(200);
    expect((await f.call('PATCH', `/me/mailFolders/${top.body.id}`, t, { body: { displayName: 'Approvals (done)' } })).body.displayName).toBe('Approvals (done)');
    expect((await f.call('DELETE', `/me/mailFolders/${top.body.id}`, t)).status).toBe(204);
    expect((await f.call('GET', `/me/mailFolders/${child.body.id}`, t)).status).toBe(404);
    expect((await f.call('GET', `/me/messages/${msg.body.id}`, await f.userToken(ids.alice, ['Mail.Read']))).status).toBe(404);
    const inboxDelete = await f.call('DELETE', '/me/mailFolders/inbox', t);
    expect(inboxDelete.status).toBe(400);
    expect(inboxDelete.body.error.code).toBe('ErrorDeleteDistinguishedFolder');
  });

  it('state survives in the store: folders and messages are rows, not memory', async () => {
    const rows = await f.stores.mail!.listFolders(TID, ids.alice);
    expect(rows.some((r) => r.wellKnownName === 'inbox')).toBe(true);
    expect((await f.stores.mail!.listMessages(TID, ids.bob)).length).toBeGreaterThan(0);
  });
});
