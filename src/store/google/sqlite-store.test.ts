import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStandaloneGoogleStores } from './index.js';
import type { GoogleEventRecord, GoogleStores } from './types.js';

let s: GoogleStores & { clear(): void; close(): void };
beforeEach(async () => {
  s = await openStandaloneGoogleStores();
});
afterEach(() => s.close());

const ev = (id: string, startMs: number, over: Partial<GoogleEventRecord> = {}): Omit<GoogleEventRecord, 'seq'> => ({
  tenantId: 't1',
  calendarId: 'Room@Resource.Calendar.Google.com',
  id,
  status: 'confirmed',
  startMs,
  endMs: startMs + 1000,
  recurringEventId: null,
  iCalUID: `${id}@google.com`,
  body: { id, summary: id },
  ...over,
});

describe('SQLite Google stores', () => {
  it('windows events, numbers every write for sync, and keeps the counter moving across a reset', async () => {
    const a = await s.calendars.putEvent(ev('aaaaa', 0));
    const b = await s.calendars.putEvent(ev('bbbbb', 5000));
    expect(b.seq).toBe(a.seq + 1);
    expect((await s.calendars.listEvents('t1', 'room@resource.calendar.google.com', { startMs: 500, endMs: 6000 })).map((e) => e.id)).toEqual(['aaaaa', 'bbbbb']);
    expect((await s.calendars.listEvents('t1', 'room@resource.calendar.google.com', { startMs: 1000, endMs: 6000 })).map((e) => e.id)).toEqual(['bbbbb']);
    await s.calendars.putEvent({ ...ev('aaaaa', 0), status: 'cancelled' });
    expect((await s.calendars.listEvents('t1', 'room@resource.calendar.google.com')).map((e) => e.id)).toEqual(['bbbbb']);
    expect((await s.calendars.listChangedSince('t1', 'room@resource.calendar.google.com', b.seq)).map((e) => [e.id, e.status])).toEqual([['aaaaa', 'cancelled']]);
    const before = await s.calendars.currentSeq();
    s.clear();
    expect(await s.calendars.listEvents('t1', 'room@resource.calendar.google.com')).toEqual([]);
    expect(await s.calendars.currentSeq()).toBeGreaterThan(before);
  });

  it('deletes a calendar with its ACL, events and calendar-list entries', async () => {
    await s.calendars.putCalendar({ tenantId: 't1', id: 'c_x@group.calendar.google.com', kind: 'secondary', ownerEmail: 'a@b.test', summary: 'X', timeZone: 'UTC', createdByClientId: null, etagSeq: 1 });
    await s.calendars.putAcl({ tenantId: 't1', calendarId: 'c_x@group.calendar.google.com', ruleId: 'default', scopeType: 'default', role: 'reader', etagSeq: 1 });
    await s.calendars.putCalendarListEntry({ tenantId: 't1', principal: 'A@b.test', calendarId: 'c_x@group.calendar.google.com', defaultReminders: [], etagSeq: 1 });
    await s.calendars.putEvent(ev('ccccc', 0, { calendarId: 'c_x@group.calendar.google.com' }));
    expect(await s.calendars.getCalendarListEntry('t1', 'a@b.test', 'c_x@group.calendar.google.com')).toBeDefined();
    expect(await s.calendars.deleteCalendar('t1', 'c_x@group.calendar.google.com')).toBe(true);
    expect(await s.calendars.listAcl('t1', 'c_x@group.calendar.google.com')).toEqual([]);
    expect(await s.calendars.listCalendarList('t1', 'a@b.test')).toEqual([]);
    expect(await s.calendars.listEvents('t1', 'c_x@group.calendar.google.com')).toEqual([]);
  });

  it('finds service accounts across tenants by email or client id, and keeps key material on clear', async () => {
    await s.directory.putServiceAccount({ tenantId: 't2', name: 'bot', clientEmail: 'bot@p.iam.gserviceaccount.com', clientId: '123456789012345678901', projectId: 'p', displayName: 'Bot', keyFile: '/x' });
    expect((await s.directory.findServiceAccount('BOT@p.iam.gserviceaccount.com'))?.tenantId).toBe('t2');
    expect((await s.directory.findServiceAccount('123456789012345678901'))?.name).toBe('bot');
    await s.keys.put({ clientEmail: 'bot@p.iam.gserviceaccount.com', privateKeyId: 'k', privateKeyPem: 'pem', createdTime: 'now' });
    s.clear();
    expect(await s.directory.findServiceAccount('bot@p.iam.gserviceaccount.com')).toBeUndefined();
    expect((await s.keys.get('bot@p.iam.gserviceaccount.com'))?.privateKeyId).toBe('k');
  });

  it('hands out frozen cached records (callers copy before changing)', async () => {
    await s.directory.putUser({ tenantId: 't1', id: '100000000000000000001', primaryEmail: 'a@b.test', givenName: 'A', familyName: 'B', fullName: 'A B', isAdmin: false, suspended: false, passwordHash: null, creationTime: 'now' });
    const u = (await s.directory.getUser('t1', 'A@B.test'))!;
    expect(Object.isFrozen(u)).toBe(true);
    expect(await s.directory.getUser('t1', 'a@b.test')).toBe(u); // the same cached object
    expect(await s.directory.getUser('t1', '100000000000000000001')).toEqual(u);
  });
});
