import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describePermission } from './permission-words.js';

const DATA = '/work/shared/data/msgraph';

describe('permission words', () => {
  it('describes common permissions in plain sentences', () => {
    expect(describePermission('Calendars.ReadWrite', 'delegated').title).toBe('See, add and change events in your calendars');
    expect(describePermission('Calendars.Read.Shared', 'delegated').title).toBe('Read calendars you own and calendars others share with you');
    expect(describePermission('User.ReadBasic.All', 'delegated').title).toMatch(/basic profiles/);
    expect(describePermission('Mail.Send', 'application').title).toBe("Send email under any user's name");
    expect(describePermission('offline_access', 'delegated').title).toMatch(/while you are away/);
  });

  it("uses the app's own display name for scopes of a registered API", () => {
    expect(describePermission('access_as_user', 'delegated', { exposedDisplayName: 'Use the booking API as you' }).title).toBe('Use the booking API as you');
  });

  // Microsoft's permission texts are not ours to copy: no sentence may equal one of them.
  it.skipIf(!existsSync(`${DATA}/permissions.json`))('never repeats a Microsoft display name or description', () => {
    const norm = (t: string) => t.toLowerCase().replace(/[.\s]+$/, '');
    const microsoft = new Set<string>();
    const desc = JSON.parse(readFileSync(`${DATA}/permissions-descriptions.json`, 'utf8'));
    for (const list of [desc.delegatedScopesList, desc.applicationScopesList])
      for (const x of list) for (const k of ['adminConsentDisplayName', 'adminConsentDescription', 'consentDisplayName', 'consentDescription']) if (x[k]) microsoft.add(norm(String(x[k])));
    const perms = JSON.parse(readFileSync(`${DATA}/permissions.json`, 'utf8')).permissions as Record<string, { schemes: Record<string, Record<string, string>> }>;
    for (const p of Object.values(perms))
      for (const sch of Object.values(p.schemes)) for (const k of ['adminDisplayName', 'adminDescription', 'userDisplayName', 'userDescription']) if (sch[k]) microsoft.add(norm(sch[k]));
    const copies: string[] = [];
    for (const name of [...Object.keys(perms), 'openid', 'profile', 'email', 'offline_access'])
      for (const kind of ['delegated', 'application'] as const) {
        const w = describePermission(name, kind);
        for (const t of [w.title, w.detail]) if (microsoft.has(norm(t))) copies.push(`${kind} ${name}: ${t}`);
      }
    expect(copies).toEqual([]);
  });
});
