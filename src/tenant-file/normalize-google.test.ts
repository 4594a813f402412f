import { describe, expect, it } from 'vitest';
import { TenantFileError } from './errors.js';
import { googleResourceEmail, googleResourceId } from './google-ids.js';
import { parseTenantFile } from './load.js';
import type { TenantFileProblem } from './types.js';

const now = new Date('2026-03-28T10:15:00Z');
const HEAD = ['tenant: { domain: contoso.test, timeZone: Europe/Berlin }', 'users:', '  - { upn: adele@contoso.test, displayName: Adele Vance, password: "pw-adele" }', 'google:'];
// Lines 5.. follow HEAD.

const load = (lines: string[]) => parseTenantFile(lines.join('\n') + '\n', 't.yaml', { now });

function problemsOf(lines: string[]): TenantFileProblem[] {
  try {
    load(lines);
  } catch (e) {
    if (e instanceof TenantFileError) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const problem = (line: number, path: string, message: RegExp) => expect.objectContaining({ file: 't.yaml', line, path, message: expect.stringMatching(message) });

describe('google: section', () => {
  it('normalizes the signage model: Microsoft users by address, derived ids, resolved references', () => {
    const g = load([
      ...HEAD,
      '  users:',
      '    - { email: adele@contoso.test, admin: true }',
      '    - { email: robin@contoso.test, name: Robin Plain }',
      '  buildings: [{ id: hq, name: HQ, floors: [1, 2] }]',
      '  resources: [{ name: Orion, building: hq, floor: 2, capacity: 8 }]',
      '  serviceAccounts: [{ name: room-signage }]',
      '  domainWideDelegation:',
      '    - { client: room-signage, scopes: [https://www.googleapis.com/auth/calendar] }',
      '  acl: [{ calendar: Orion, user: robin@contoso.test, role: writer }]',
      '  events:',
      '    - { organizer: robin@contoso.test, summary: Sync, start: "today+1 09:00", duration: 30m, attendees: [Orion] }',
    ]).tenants[0]!.google!;
    expect(g.domain).toBe('contoso.test');
    expect(g.customerId).toMatch(/^C0[0-9a-z]{7}$/);
    expect(g.users[0]).toMatchObject({ email: 'adele@contoso.test', fullName: 'Adele Vance', givenName: 'Adele', familyName: 'Vance', admin: true, password: 'pw-adele', microsoftUser: true, id: expect.stringMatching(/^\d{21}$/) });
    expect(g.users[1]).toMatchObject({ fullName: 'Robin Plain', microsoftUser: false });
    expect(g.users[1]!.password).toBeUndefined();
    const orion = g.resources[0]!;
    expect(orion).toMatchObject({ id: googleResourceId('contoso.test', 'Orion'), building: 'hq', floor: '2', capacity: 8, category: 'CONFERENCE_ROOM', autoAccept: true });
    expect(orion.email).toBe(googleResourceEmail('contoso.test', orion.id));
    expect(orion.email).toMatch(/^c_188[0-9a-f]{27}@resource\.calendar\.google\.com$/);
    expect(g.serviceAccounts[0]).toMatchObject({ email: 'room-signage@tenantbox-contoso.iam.gserviceaccount.com', clientId: expect.stringMatching(/^\d{21}$/) });
    expect(g.domainWideDelegation[0]).toMatchObject({ clientId: g.serviceAccounts[0]!.clientId, scopes: ['https://www.googleapis.com/auth/calendar'] });
    expect(g.acl[0]).toMatchObject({ calendar: orion.email, scope: { type: 'user', value: 'robin@contoso.test' }, role: 'writer' });
    expect(g.events[0]).toMatchObject({ calendar: 'robin@contoso.test', organizer: 'robin@contoso.test', start: '2026-03-29T07:00:00.000Z', end: '2026-03-29T07:30:00.000Z', attendees: [{ email: orion.email, resource: true, optional: false }] });
    // Derived ids are the same on every load.
    expect(load([...HEAD, '  resources: [{ name: Orion }]']).tenants[0]!.google!.resources[0]!.id).toBe(orion.id);
  });

  it('checks DWD entries as the admin console does: known client, supported scopes, no duplicates', () => {
    expect(
      problemsOf([
        ...HEAD,
        '  serviceAccounts: [{ name: room-signage }]',
        '  domainWideDelegation:',
        '    - { client: room-signag, scopes: [https://www.googleapis.com/auth/calendar] }',
        '    - client: room-signage',
        '      scopes:',
        '        - calendar.events',
        '        - https://www.googleapis.com/auth/calendar',
        '        - https://www.googleapis.com/auth/calendar',
        '        - https://www.googleapis.com/auth/calender',
      ]),
    ).toEqual([
      problem(7, 'google.domainWideDelegation[0].client', /^unknown client 'room-signag' \(did you mean 'room-signage'\?\)/),
      problem(10, 'google.domainWideDelegation[1].scopes[0]', /^unsupported scope 'calendar.events' \(did you mean 'https:\/\/www.googleapis.com\/auth\/calendar.events'\?\)/),
      problem(12, 'google.domainWideDelegation[1].scopes[2]', /^scope 'https:\/\/www.googleapis.com\/auth\/calendar' is listed twice/),
      problem(13, 'google.domainWideDelegation[1].scopes[3]', /^unsupported scope .*calender' \(did you mean 'https:\/\/www.googleapis.com\/auth\/calendar'\?\)/),
    ]);
  });

  it('reports one problem per mistake in users, resources, ACLs and events', () => {
    expect(
      problemsOf([
        ...HEAD,
        '  users:',
        '    - { email: adele@contoso.test }',
        '    - { email: ghost@contoso.test }',
        '    - { email: pat@fabrikam.test, name: Pat }',
        '    - { email: robin@contoso.test, name: Robin, admn: true }',
        '  buildings: [{ id: hq, name: HQ, floors: [1] }]',
        '  resources:',
        '    - { name: Orion, building: hq, floor: 1 }',
        '    - { name: Deneb, building: hg }',
        '    - { name: Lyra, building: hq, floor: 3 }',
        '    - { name: Vega, email: vega@contoso.test }',
        '  acl:',
        '    - { calendar: Orin, user: adele@contoso.test, role: reader }',
        '    - { calendar: adele@contoso.test, role: reader }',
        '    - { calendar: adele@contoso.test, user: nobody@contoso.test, role: rider }',
        '  events:',
        '    - { organizer: adele@contoso.test, summary: Clash, start: "tomorow 09:00", duration: 1h }',
        '    - { organizer: adele@contoso.test, summary: Bad rule, start: "today+1 09:00", duration: 1h, recurrence: ["RRULE:FREQ=YEARLY"] }',
        '    - { organizer: adele@contoso.test, summary: Booking, start: "today+1 09:00", duration: 1h, calendar: Orion }',
      ]),
    ).toEqual([
      problem(7, 'google.users[1]', /^'ghost@contoso.test' is not a Microsoft user of this tenant, so give it a name/),
      problem(8, 'google.users[2].email', /^'pat@fabrikam.test' is not in the Workspace domain 'contoso.test'/),
      problem(9, 'google.users[3].admn', /^unknown field 'admn' \(did you mean 'admin'\?\)/),
      problem(13, 'google.resources[1].building', /^unknown building 'hg' \(did you mean 'hq'\?\)/),
      problem(14, 'google.resources[2].floor', /^building 'hq' has no floor '3'; its floors are: 1$/),
      problem(15, 'google.resources[3].email', /ends with @resource.calendar.google.com/),
      problem(17, 'google.acl[0].calendar', /^unknown calendar 'Orin' \(did you mean 'Orion'\?\)/),
      problem(18, 'google.acl[1]', /^say who the rule is for: one of user:, group:, domain: or default: true/),
      problem(19, 'google.acl[2].role', /^expected one of: none, freeBusyReader, reader, writerWithoutPrivateAccess, writer, owner; got 'rider'/),
      problem(21, 'google.events[0].start', /^'tomorow 09:00' is not a time/),
      problem(22, 'google.events[1].recurrence', /^FREQ=YEARLY is not supported/),
      problem(23, 'google.events[2].calendar', /^an organized event goes to the organizer's own calendar .*; to book a resource, list it under attendees$/),
    ]);
  });

  it('keeps service accounts and Workspace domains unique across the tenants of a file', () => {
    const ps = problemsOf([
      'tenant: { domain: contoso.test }',
      'google: { serviceAccounts: [{ name: signage-app }] }',
      '---',
      'tenant: { domain: fabrikam.test }',
      'google: { domain: contoso.test, serviceAccounts: [{ name: signage-app }] }',
    ]);
    expect(ps.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^duplicate service account name 'signage-app'/), expect.stringMatching(/^duplicate Workspace domain 'contoso.test'/)]),
    );
  });

  it('treats an empty google: as no Google side, and rejects a list', () => {
    expect(load(['tenant: { domain: contoso.test }', 'google:']).tenants[0]!.google).toBeUndefined();
    expect(problemsOf(['tenant: { domain: contoso.test }', 'google: [1]'])).toEqual([problem(2, 'google', /^expected a mapping/)]);
  });
});
