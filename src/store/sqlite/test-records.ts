import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventRecord, GroupRecord, Stores, TenantRecord, UserRecord } from '../types.js';
import { openSqliteStores } from './open-sqlite.js';

// Record builders and a temp-dir store for the store tests (not a test file itself, so test files
// can import it without running each other's tests).

export const T = '11111111-1111-4111-8111-111111111111';

export const tenant = (over: Partial<TenantRecord> = {}): TenantRecord => ({
  id: T,
  domain: 'contoso.test',
  displayName: 'Contoso',
  userConsent: 'microsoft-recommended',
  timeZone: 'UTC',
  throttling: { enabled: true, requestsPer10Minutes: 10000, concurrentRequests: 4 },
  createdDateTime: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const user = (id: string, upn: string, over: Partial<UserRecord> = {}): UserRecord => ({
  tenantId: T,
  id,
  kind: 'user',
  userPrincipalName: upn,
  mail: upn,
  displayName: upn.split('@')[0]!,
  givenName: null,
  surname: null,
  jobTitle: null,
  department: null,
  officeLocation: null,
  managerId: null,
  passwordHash: null,
  roles: [],
  accountEnabled: true,
  mailbox: true,
  userType: 'Member',
  signInSessionsValidFromDateTime: null,
  room: null,
  createdDateTime: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const group = (id: string, mail: string | null, over: Partial<GroupRecord> = {}): GroupRecord => ({
  tenantId: T,
  id,
  displayName: mail ?? id,
  description: null,
  mail,
  mailNickname: mail?.split('@')[0] ?? null,
  mailEnabled: mail !== null,
  securityEnabled: true,
  groupTypes: [],
  isRoomList: false,
  createdDateTime: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Stores on a fresh SQLite file in a temp dir; `cleanup` closes them and removes the dir. */
export async function tempStores(): Promise<{ stores: Stores; dir: string; file: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-store-'));
  const file = join(dir, 'state.db');
  const stores = await openSqliteStores({ file });
  let closed = false;
  return {
    stores,
    dir,
    file,
    async cleanup() {
      if (!closed) await stores.close().catch(() => undefined);
      closed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const event = (id: string, calendarId: string, startMs: number, endMs: number, over: Partial<EventRecord> = {}): EventRecord => ({
  tenantId: T,
  id,
  calendarId,
  ownerId: 'owner-' + calendarId,
  iCalUId: 'ical-' + id,
  type: 'singleInstance',
  seriesMasterId: null,
  startMs,
  endMs,
  data: { subject: id },
  createdDateTime: '2026-01-01T00:00:00.000Z',
  lastModifiedDateTime: '2026-01-01T00:00:00.000Z',
  changeKey: 'ck',
  ...over,
});
