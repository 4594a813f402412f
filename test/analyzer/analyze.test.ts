import { describe, expect, it } from 'vitest';
import { analyze, createAnalyzerCatalog, fromAuditRecords, gateFails, type AnalysisReport } from '../../src/analyzer/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { AuditRecord } from '../../src/store/types.js';
import { app, google, tinyCatalog, user } from './helpers.js';

const manifest = (name: string) => loadManifest(new URL(`../../examples/manifests/${name}.yaml`, import.meta.url).pathname);
const run = (records: AuditRecord[], extra: Partial<Parameters<typeof analyze>[0]> = {}, opts: Parameters<typeof analyze>[1] = {}) => analyze({ ...fromAuditRecords(records), ...extra }, opts);
const group = (r: AnalysisReport, key: string) => {
  const g = r.groups.find((x) => x.key === key);
  if (!g) throw new Error(`no group ${key}`);
  return g;
};
const minimal = (r: AnalysisReport, key: string) => group(r, key).minimal.permissions.map((p) => p.name);
const findings = (r: AnalysisReport, key: string, kind: string) => group(r, key).findings.filter((f) => f.kind === kind).map((f) => f.permission ?? f.call);

describe('minimal permission set', () => {
  it('room display: User.Read for the profile, Calendars.ReadWrite for reads and writes together', () => {
    const r = run([user('GET', '/v1.0/me'), user('GET', '/v1.0/me/calendar/calendarView?startDateTime=x'), user('POST', '/v1.0/me/events', { status: 201 }), user('GET', '/v1.0/me/events')], { manifest: manifest('room-display') });
    expect(minimal(r, 'graph:delegated')).toEqual(['User.Read', 'Calendars.ReadWrite']);
    const g = group(r, 'graph:delegated');
    expect(g.minimal.method).toBe('exact');
    // Calendars.Read is not added beside Calendars.ReadWrite for the reads.
    expect(g.calls.find((c) => c.key === 'GET /me/events')?.coveredBy).toBe('Calendars.ReadWrite');
    expect(g.signIn).toEqual(['offline_access']);
    expect(g.findings).toEqual([]);
    expect(r.summary).toMatchObject({ excessive: 0, redundant: 0, unused: 0, missing: 0 });
  });

  it('a read-only app needs Calendars.Read, not Calendars.ReadWrite, and User.ReadBasic.All for room users', () => {
    const r = run(
      [app('GET', '/v1.0/users/room1@contoso.test/calendar/events'), app('GET', '/v1.0/users/room1@contoso.test/calendarView'), app('GET', '/v1.0/places/microsoft.graph.room'), app('GET', '/v1.0/users/room1@contoso.test')],
      { manifest: manifest('room-signage'), model: 'app' },
    );
    expect(minimal(r, 'graph:application').sort()).toEqual(['Calendars.Read', 'Place.Read.All', 'User.ReadBasic.All']);
    const excessive = group(r, 'graph:application').findings.filter((f) => f.kind === 'excessive');
    expect(excessive.map((f) => [f.permission, f.suffices])).toEqual([
      ['Calendars.ReadWrite', ['Calendars.Read']],
      ['User.Read.All', ['User.ReadBasic.All']],
    ]);
    // The delegated sign-in permission of the app model saw no delegated traffic.
    expect(findings(r, 'graph:delegated', 'unused')).toEqual(['User.Read']);
  });

  it('reports ties between equally-least permissions, and breaks them by level then name', () => {
    const r = run([app('GET', '/things'), app('GET', '/widgets')], {}, { catalog: createAnalyzerCatalog(tinyCatalog()) });
    const g = group(r, 'graph:application');
    expect(g.minimal.permissions.map((p) => p.name).sort()).toEqual(['Alpha.Read.All', 'Gamma.Read.All']);
    expect(g.minimal.ties).toEqual(
      expect.arrayContaining([
        { chosen: 'Alpha.Read.All', alternatives: ['Beta.Read.All'] },
        { chosen: 'Gamma.Read.All', alternatives: ['Delta.Read.All'] },
      ]),
    );
    expect(g.calls.find((c) => c.key === 'GET /things')?.equallyLeast).toEqual(['Alpha.Read.All', 'Beta.Read.All']);
    // Gamma (level 2) wins over Delta (level 3) at the same weight.
    expect(g.calls.find((c) => c.key === 'GET /widgets')?.coveredBy).toBe('Gamma.Read.All');
  });

  it('a requested permission that ties with the chosen one is not called excessive', () => {
    const r = run([app('GET', '/things', { granted: ['Beta.Read.All'] })], {}, { catalog: createAnalyzerCatalog(tinyCatalog()) });
    const g = group(r, 'graph:application');
    expect(g.minimal.permissions.map((p) => p.name)).toEqual(['Alpha.Read.All']);
    expect(g.findings).toEqual([]);
    expect(r.requestedFrom).toBe('tokens');
  });

  it('lists calls no permission allows, and keeps them out of the minimal set', () => {
    const r = run([user('POST', '/v1.0/me/findMeetingTimes'), app('POST', '/v1.0/me/findMeetingTimes', { status: 400 })]);
    const appCall = group(r, 'graph:application').calls[0];
    expect(appCall).toMatchObject({ key: 'POST /me/findmeetingtimes', status: 'unsupported', coveredBy: null });
    expect(appCall.note).toContain('no application permission');
    expect(minimal(r, 'graph:application')).toEqual([]);
    expect(minimal(r, 'graph:delegated')).toEqual(['Calendars.Read.Shared']);
    expect(r.summary.unsupportedCalls).toBe(1);

    // Only a permission Microsoft publishes no id for: it cannot be requested.
    const tiny = run([app('GET', '/phantoms')], {}, { catalog: createAnalyzerCatalog(tinyCatalog()) });
    expect(group(tiny, 'graph:application').calls[0]).toMatchObject({ status: 'unsupported', candidates: [] });
  });

  it('keeps delegated and application traffic apart', () => {
    const r = run([user('GET', '/v1.0/me'), user('GET', '/v1.0/me/events'), app('GET', '/v1.0/users/u2/events'), app('POST', '/v1.0/users/u2/sendMail', { status: 202 })]);
    expect(r.groups.map((g) => g.key)).toEqual(['graph:delegated', 'graph:application']);
    expect(minimal(r, 'graph:delegated').sort()).toEqual(['Calendars.ReadBasic', 'User.Read']);
    expect(minimal(r, 'graph:application').sort()).toEqual(['Calendars.Read', 'Mail.Send']);
    expect(group(r, 'graph:application').adminConsent.minimal.sort()).toEqual(['Calendars.Read', 'Mail.Send']);
    // Delegated Calendars.ReadBasic needs admin consent per Microsoft's data; User.Read does not.
    expect(group(r, 'graph:delegated').adminConsent.minimal).toEqual(['Calendars.ReadBasic']);
  });

  it('Google: calendar.events covers listing and inserting; calendar is excessive and calendar.events redundant beside it', () => {
    const r = run(
      [
        google('GET', '/calendar/v3/calendars/room1%40contoso.test/events'),
        google('POST', '/calendar/v3/calendars/room1%40contoso.test/events'),
        google('GET', '/admin/directory/v1/customer/my_customer/resources/calendars'),
      ],
      { manifest: manifest('room-signage'), model: 'google' },
    );
    const full = (s: string) => `https://www.googleapis.com/auth/${s}`;
    expect(minimal(r, 'google:delegated').sort()).toEqual([full('admin.directory.resource.calendar.readonly'), full('calendar.events')]);
    const g = group(r, 'google:delegated');
    expect(g.findings.find((f) => f.kind === 'redundant')).toMatchObject({ permission: full('calendar.events'), impliedBy: full('calendar') });
    expect(g.findings.find((f) => f.kind === 'excessive')).toMatchObject({ permission: full('calendar'), suffices: [full('calendar.events')] });
  });

  it('Google: scopes of limited reach are not chosen, but offered as an option', () => {
    const r = run([google('GET', '/calendar/v3/calendars/primary/events')]);
    expect(minimal(r, 'google:delegated')).toEqual(['https://www.googleapis.com/auth/calendar.events.readonly']);
    expect(group(r, 'google:delegated').calls[0].candidates).not.toContain('https://www.googleapis.com/auth/calendar.events.owned.readonly');
  });

  it('lists unknown paths without failing the report', () => {
    const r = run([app('GET', '/v1.0/users/u1/calendar/events'), app('GET', '/v1.0/teleport/now/0f8fad5b-d9cb-469f-a165-70867728950e'), app('GET', '/v1.0/teleport/now/7c9e6679-7425-40de-944b-e07fc1f90ae7')]);
    const g = group(r, 'graph:application');
    const unknown = g.calls.filter((c) => c.status === 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ key: 'GET /teleport/now/{id}', count: 2 });
    expect(minimal(r, 'graph:application')).toEqual(['Calendars.Read']);
    expect(r.summary.unknownCalls).toBe(1);
    expect(g.suggestions.some((s) => s.kind === 'unknown-calls')).toBe(true);
  });
});

describe('compared with what was requested', () => {
  it('workplace booking: Mail.ReadWrite and EWS are not needed for calendar work; Directory.Read.All makes User.Read.All and GroupMember.Read.All redundant', () => {
    const records = [
      app('GET', '/v1.0/users'),
      app('GET', '/v1.0/groups/g1/members'),
      app('GET', '/v1.0/users/room1@contoso.test/calendarView'),
      app('POST', '/v1.0/users/room1@contoso.test/calendar/events', { status: 201 }),
      app('POST', '/v1.0/users/alex@contoso.test/calendar/getSchedule'),
      app('GET', "/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"),
      app('POST', '/v1.0/users/alex@contoso.test/onlineMeetings', { status: 201 }),
      user('GET', '/v1.0/me'),
    ];
    const r = run(records, { manifest: manifest('workplace-booking') });
    expect(findings(r, 'graph:application', 'unused')).toEqual(['Mail.ReadWrite']);
    expect(r.other.map((f) => [f.kind, f.permission])).toEqual([['unused', 'full_access_as_app']]);
    expect(findings(r, 'graph:delegated', 'unused')).toContain('EWS.AccessAsUser.All');
    const redundant = group(r, 'graph:application').findings.filter((f) => f.kind === 'redundant');
    expect(redundant.map((f) => [f.permission, f.impliedBy])).toEqual([
      ['GroupMember.Read.All', 'Directory.Read.All'],
      ['User.Read.All', 'Directory.Read.All'],
    ]);
    expect(findings(r, 'graph:application', 'excessive')).toEqual(['Directory.Read.All']);
    expect(r.suggestions.map((s) => s.kind)).toEqual(['legacy-ews']);
    const kinds = group(r, 'graph:application').suggestions.map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['application-access-policy', 'teams-application-access-policy']));
    const aap = group(r, 'graph:application').suggestions.find((s) => s.kind === 'application-access-policy')!;
    expect(aap.message).toContain('alex@contoso.test, room1@contoso.test');
    expect(aap.commands).toContain(
      'New-ApplicationAccessPolicy -AppId 5eedaa00-0000-4000-8000-000000000002 -PolicyScopeGroupId "workplace-booking-mailboxes" -AccessRight RestrictAccess -Description "Mailboxes Workplace booking may reach"',
    );
    expect(gateFails(r, ['excess'])).toHaveLength(1);
    expect(gateFails(r, ['missing'])).toEqual([]);
  });

  it('missing: a refused call names the permission that would allow it', () => {
    const r = run([
      user('GET', '/v1.0/me', { granted: ['User.Read'] }),
      user('GET', '/v1.0/me/calendar/events', { status: 403, granted: ['User.Read'], missing: ['Calendars.Read', 'Calendars.ReadBasic', 'Calendars.ReadWrite'] }),
    ]);
    const missing = group(r, 'graph:delegated').findings.filter((f) => f.kind === 'missing');
    expect(missing).toEqual([expect.objectContaining({ call: 'GET /me/calendar/events', count: 1, suffices: ['Calendars.ReadBasic'] })]);
    expect(gateFails(r, ['missing'])).toEqual(['missing: 1 call without a permission']);
  });

  it("another user's mailbox, delegated, needs a .Shared scope even though the data lists only the plain ones", () => {
    // What tenantbox's Graph enforcement records for a service account working on room calendars.
    const r = run(
      [
        user('GET', '/v1.0/users/room1@contoso.test/calendarView', { permission: 'Calendars.ReadWrite.Shared', granted: ['Calendars.ReadWrite.Shared', 'User.ReadBasic.All'] }),
        user('POST', '/v1.0/users/room1@contoso.test/events', { status: 201, permission: 'Calendars.ReadWrite.Shared', granted: ['Calendars.ReadWrite.Shared', 'User.ReadBasic.All'] }),
        user('GET', '/v1.0/users/room2@contoso.test/calendar/events', { status: 403, granted: ['User.ReadBasic.All'], missing: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'] }),
        user('GET', '/v1.0/me/calendar/events', { permission: 'Calendars.Read' }),
      ],
      { manifest: manifest('room-signage'), model: 'service-account' },
    );
    const g = group(r, 'graph:delegated');
    expect(g.calls.map((c) => [c.key, c.coveredBy])).toEqual([
      ['GET /me/calendar/events', 'Calendars.ReadWrite.Shared'],
      ["GET /users/{id}/calendar/events [another user's mailbox]", 'Calendars.ReadWrite.Shared'],
      ["GET /users/{id}/calendarview [another user's mailbox]", 'Calendars.ReadWrite.Shared'],
      ["POST /users/{id}/events [another user's mailbox]", 'Calendars.ReadWrite.Shared'],
    ]);
    expect(g.calls[1].candidates).toEqual(['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared']);
    // The .Shared scope also covers the account's own calendar: one permission for all four calls.
    expect(g.minimal.permissions.map((p) => p.name)).toEqual(['Calendars.ReadWrite.Shared']);
    expect(g.findings.filter((f) => f.kind === 'missing').map((f) => [f.call, f.suffices])).toEqual([
      ["GET /users/{id}/calendar/events [another user's mailbox]", ['Calendars.ReadWrite.Shared']],
    ]);
    // User.ReadBasic.All was requested but this traffic did not need it.
    expect(g.findings.filter((f) => f.kind !== 'missing').map((f) => [f.kind, f.permission])).toEqual([['unused', 'User.ReadBasic.All']]);
  });

  it('missing: a call nothing in the manifest allows', () => {
    const r = run([user('GET', '/v1.0/me'), user('GET', '/v1.0/me/mailFolders/inbox/messages')], { manifest: manifest('room-display') });
    const missing = group(r, 'graph:delegated').findings.filter((f) => f.kind === 'missing');
    expect(missing.map((f) => f.call)).toEqual(['GET /me/mailfolders/{id}/messages']);
    expect(missing[0].message).toContain('not allowed by anything the manifest requests');
  });

  it('a call refused by a resource policy is reported as such, not as a missing permission', () => {
    const r = run([app('GET', '/v1.0/users/ceo@contoso.test/events', { status: 403, granted: ['Calendars.Read'], policy: 'ApplicationAccessPolicy' })]);
    const g = group(r, 'graph:application');
    expect(g.findings.map((f) => f.kind)).toEqual(['refused-by-policy']);
  });

  it('mentoring: app-only Channel.ReadBasic.All could be delegated, without admin consent', () => {
    const r = run([app('GET', '/v1.0/teams/t1/channels')], { manifest: manifest('mentoring'), model: 'application' });
    const s = group(r, 'graph:application').suggestions;
    expect(s.find((x) => x.kind === 'delegated-variant')?.message).toContain('Channel.ReadBasic.All also exists as a delegated permission that needs no admin consent');
    expect(s.find((x) => x.kind === 'delegated-instead-of-application')?.message).toContain('delegated Channel.ReadBasic.All');
  });

  it('app-only traffic on one mailbox suggests signing in as that account instead', () => {
    const r = run([app('GET', '/v1.0/users/room1@contoso.test/calendarView'), app('POST', '/v1.0/users/room1@contoso.test/events', { status: 201 })]);
    const s = group(r, 'graph:application').suggestions.find((x) => x.kind === 'delegated-instead-of-application');
    expect(s?.message).toContain('Every app-only call acted on room1@contoso.test');
    expect(s?.message).toContain('delegated Calendars.ReadWrite');
  });

  it('without a manifest, compares with what the tokens carried', () => {
    const r = run([app('GET', '/v1.0/users/u1/calendar/events', { granted: ['Calendars.ReadWrite', 'Mail.Read'] })]);
    expect(r.requestedFrom).toBe('tokens');
    expect(findings(r, 'graph:application', 'unused')).toEqual(['Mail.Read']);
    expect(findings(r, 'graph:application', 'excessive')).toEqual(['Calendars.ReadWrite']);
  });

  it('skips identity records and counts them', () => {
    const r = run([{ ...app('POST', '/tenant/oauth2/v2.0/token'), service: 'identity' as const }, app('GET', '/v1.0/users')]);
    expect(r.totals).toMatchObject({ observations: 1, skipped: { 'identity records': 1 } });
  });
});
