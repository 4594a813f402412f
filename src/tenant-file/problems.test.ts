import { describe, expect, it } from 'vitest';
import { TenantFileError } from './errors.js';
import { parseTenantFile, type LoadOptions } from './load.js';
import type { TenantFileProblem } from './types.js';

const now = new Date('2026-03-28T10:15:00Z');

function problemsOf(lines: string[], opts: Partial<LoadOptions> = {}): TenantFileProblem[] {
  try {
    parseTenantFile(lines.join('\n') + '\n', 't.yaml', { now, ...opts });
  } catch (e) {
    if (e instanceof TenantFileError) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

/** A problem at this line, with this path, whose message matches. */
const problem = (line: number, path: string, message: RegExp) => expect.objectContaining({ file: 't.yaml', line, path, message: expect.stringMatching(message) });

// Lines 1-4 of every file below.
const HEAD = ['tenant: { domain: contoso.test }', 'users:', '  - { upn: adele@contoso.test, displayName: Adele }', '  - { upn: megan@contoso.test, displayName: Megan }'];

describe('syntax and shape', () => {
  it('reports YAML syntax errors with line and column, and nothing else', () => {
    const ps = problemsOf([...HEAD, 'rooms:', '  - { email: orion@contoso.test, displayName: Orion', 'groups: []']);
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => p.message.startsWith('YAML syntax error') && p.path === '')).toBe(true);
    expect(ps[0].line).toBeGreaterThanOrEqual(6);
  });

  it('reports duplicate YAML keys', () => {
    expect(problemsOf([...HEAD, '  - { upn: lee@contoso.test, displayName: Lee, displayName: Lee Gu }'])).toEqual([
      expect.objectContaining({ line: 5, column: 48, message: expect.stringMatching(/YAML syntax error: Map keys must be unique/) }),
    ]);
  });

  it('reports an unknown field (a typo) at its key, with a suggestion and the allowed fields', () => {
    const ps = problemsOf([...HEAD, '  - upn: lee@contoso.test', '    dispayName: Lee Gu']);
    expect(ps).toEqual([
      problem(5, 'users[2].displayName', /^missing required field 'displayName'/),
      problem(6, 'users[2].dispayName', /^unknown field 'dispayName' \(did you mean 'displayName'\?\); expected one of: id, upn, displayName, /),
    ]);
    expect(ps[1].column).toBe(5);
  });

  it('reports unknown fields at any depth, including unknown top-level sections', () => {
    const ps = problemsOf([
      ...HEAD,
      'apps:',
      '  - displayName: A',
      '    secrets: [s]',
      '    requiredResourceAccess: { graph: { aplication: [User.Read.All] } }',
      'user: []',
    ]);
    expect(ps).toEqual([
      problem(8, 'apps[0].requiredResourceAccess.graph.aplication', /^unknown field 'aplication' \(did you mean 'application'\?\); expected one of: delegated, application$/),
      problem(9, 'user', /^unknown field 'user' \(did you mean 'users'\?\)/),
    ]);
  });

  it('reports wrong types with what was expected and what was found', () => {
    const ps = problemsOf([...HEAD, 'rooms:', '  - { email: orion@contoso.test, displayName: Orion, capacity: eight, autoAccept: "yes" }', 'events: {}']);
    expect(ps).toEqual([
      problem(6, 'rooms[0].capacity', /^expected a number, got 'eight'$/),
      problem(6, 'rooms[0].autoAccept', /^expected true or false, got 'yes'$/),
      problem(7, 'events', /^expected a list, got a mapping$/),
    ]);
  });

  it('reports a missing required field at the mapping it is missing from', () => {
    const ps = problemsOf(['users:', '  - upn: lee@contoso.test', '    jobTitle: Engineer', '    password: x']);
    expect(ps).toEqual([
      problem(1, '', /^missing required field 'tenant'/),
      expect.objectContaining({ line: 2, column: 5, path: 'users[0].displayName', message: "missing required field 'displayName' (a string)" }),
    ]);
  });

  it('reports invalid values: enums, addresses, GUIDs, time zones', () => {
    const ps = problemsOf([
      'tenant: { domain: contoso.test, timeZone: Europe/Berlinn, userConsent: sometimes }',
      'users:',
      '  - { upn: adele, displayName: Adele, id: 42-x }',
      'mailboxPermissions:',
      '  - { mailbox: adele@contoso.test, grantee: adele@contoso.test, rights: Reviwer }',
    ]);
    expect(ps).toEqual([
      problem(1, 'tenant.userConsent', /^expected one of: none, low-impact, microsoft-recommended, all; got 'sometimes'$/),
      problem(3, 'users[0].upn', /^expected an email address/),
      problem(3, 'users[0].id', /^expected a GUID/),
      problem(5, 'mailboxPermissions[0].rights', /got 'Reviwer' \(did you mean 'Reviewer'\?\)$/),
    ]);
    // The time zone is checked once the header is otherwise valid.
    expect(problemsOf(['tenant: { domain: contoso.test, timeZone: Europe/Berlinn }'])).toEqual([problem(1, 'tenant.timeZone', /^unknown time zone 'Europe\/Berlinn'; expected an IANA zone name/)]);
  });

  it('rejects empty files, non-mapping documents and mixed structures', () => {
    expect(problemsOf(['# nothing here'])).toEqual([problem(1, '', /declares no tenant/)]);
    expect(problemsOf(['- just', '- a list'])).toEqual([problem(1, '', /^expected a tenant \(a mapping with tenant:, users:, rooms:, \.\.\.\), got a list$/)]);
    expect(problemsOf(['tenants:', '  - tenant: { domain: a.test }', 'users: []'])).toEqual([problem(3, 'users', /a file with 'tenants:' has no other top-level fields/)]);
    expect(problemsOf(['tenant: { domain: a.test }', '---', 'tenants: []'])).toEqual([problem(3, 'tenants', /either a `tenants:` list or a stream/)]);
  });
});

describe('relative times and events', () => {
  it('reports a bad relative time with the accepted forms', () => {
    const ps = problemsOf([...HEAD, 'events:', '  - { organizer: megan@contoso.test, subject: S, start: "tomorow 09:00", duration: 30m }']);
    expect(ps).toEqual([problem(6, 'events[0].start', /^'tomorow 09:00' is not a time; expected an ISO 8601 time .*'now\+2h'.*'today\+1 09:00'/)]);
  });

  it('reports an end before the start, and a missing end', () => {
    const ps = problemsOf([
      ...HEAD,
      'events:',
      '  - { organizer: megan@contoso.test, subject: S, start: "today+1 10:00", end: "today+1 09:30" }',
      '  - { organizer: megan@contoso.test, subject: T, start: "today+1 10:00" }',
      '  - { organizer: megan@contoso.test, subject: U, start: "today+1 10:00", duration: 0m }',
    ]);
    expect(ps).toEqual([
      problem(6, 'events[0].end', /^end \(2026-03-29T09:30:00.000Z\) must be after start \(2026-03-29T10:00:00.000Z\)$/),
      problem(7, 'events[1]', /^missing required field 'end' \(or give 'duration'/),
      problem(8, 'events[2].duration', /must be after start/),
    ]);
  });

  it('checks recurrence ranges', () => {
    const ps = problemsOf([
      ...HEAD,
      'events:',
      '  - organizer: megan@contoso.test',
      '    subject: S',
      '    start: "today 09:00"',
      '    duration: 1h',
      '    recurrence: { pattern: { type: daily, dayOfMonth: 3 }, range: { type: numbered, endDate: "today-1" } }',
    ]);
    expect(ps.map((p) => [p.line, p.path])).toEqual([
      [10, 'events[0].recurrence.pattern.dayOfMonth'],
      [10, 'events[0].recurrence.range'],
      [10, 'events[0].recurrence.range.endDate'],
      [10, 'events[0].recurrence.range.endDate'],
    ]);
  });
});

describe('references', () => {
  it('reports dangling references: organizer, group member, consent app, policy group', () => {
    const ps = problemsOf([
      ...HEAD,
      'groups:',
      '  - { mail: team@contoso.test, displayName: Team, members: [adele@contoso.test, ghost@contoso.test] }',
      'apps:',
      '  - { displayName: Room Signage, secrets: [s] }',
      'consents:',
      '  - { app: Room Signge, adminConsent: true }',
      'policies:',
      '  applicationAccess:',
      '    - { app: Room Signage, accessRight: RestrictAccess, group: signage@contoso.test }',
      'events:',
      '  - { organizer: meganb@contoso.test, subject: S, start: "today 10:00", duration: 1h, attendees: [partner@fabrikam.example] }',
    ]);
    expect(ps).toEqual([
      problem(6, 'groups[0].members[1]', /^unknown member 'ghost@contoso.test': no user or room or group in tenant contoso.test has this address$/),
      problem(10, 'consents[0].app', /^unknown app 'Room Signge' \(did you mean 'Room Signage'\?\)/),
      problem(13, 'policies.applicationAccess[0].group', /^unknown policy scope 'signage@contoso.test'/),
      problem(15, 'events[0].organizer', /^unknown organizer 'meganb@contoso.test'.*\(did you mean 'megan@contoso.test'\?\)$/),
    ]);
  });

  it('reports duplicate upns and addresses used twice', () => {
    const ps = problemsOf([...HEAD, '  - { upn: Megan@Contoso.test, displayName: Megan again }', 'rooms:', '  - { email: adele@contoso.test, displayName: Adele room }']);
    expect(ps).toEqual([
      problem(5, 'users[2].upn', /^duplicate upn 'megan@contoso.test'; already declared at users\[1\] \(line 4\)$/),
      problem(7, 'rooms[0].email', /^email 'adele@contoso.test' is already used by users\[0\] \(line 3\)/),
    ]);
  });

  it("rejects a room mailbox as an application access policy scope, citing Exchange's rule", () => {
    const ps = problemsOf([
      ...HEAD,
      'rooms:',
      '  - { email: orion@contoso.test, displayName: Orion }',
      'groups:',
      '  - { mail: dl@contoso.test, displayName: DL, members: [orion@contoso.test] }',
      '  - { mail: m365@contoso.test, displayName: M365, groupTypes: [Unified] }',
      '  - { mail: sec@contoso.test, displayName: Sec, mailEnabled: true, securityEnabled: true, members: [orion@contoso.test] }',
      'apps:',
      '  - { displayName: Signage, secrets: [s] }',
      'policies:',
      '  applicationAccess:',
      '    - { app: Signage, accessRight: RestrictAccess, group: orion@contoso.test }',
      '    - { app: Signage, accessRight: RestrictAccess, group: dl@contoso.test }',
      '    - { app: Signage, accessRight: DenyAccess, group: m365@contoso.test }',
      '    - { app: Signage, accessRight: RestrictAccess, group: sec@contoso.test }',
      '    - { app: Signage, accessRight: DenyAccess, group: megan@contoso.test }',
    ]);
    expect(ps).toEqual([
      problem(15, 'policies.applicationAccess[0].group', /^'orion@contoso.test' is a room mailbox; Exchange accepts only a mail-enabled security group or a user mailbox .*Put the rooms in a mail-enabled security group/),
      problem(16, 'policies.applicationAccess[1].group', /^'dl@contoso.test' is a distribution group; Exchange accepts only/),
      problem(17, 'policies.applicationAccess[2].group', /^'m365@contoso.test' is a Microsoft 365 group; Exchange accepts only/),
    ]);
  });

  it('reports unknown directory roles with a suggestion', () => {
    const ps = problemsOf(['tenant: { domain: contoso.test }', 'users:', '  - { upn: adele@contoso.test, displayName: Adele, roles: [Global Admin, Teams Administrator] }']);
    expect(ps).toEqual([problem(3, 'users[0].roles[0]', /^unknown directory role 'Global Admin' \(did you mean 'Global Administrator'\?\); known roles: Global Administrator, /)]);
  });

  it('reports unknown permissions through the injected catalog', () => {
    const known = new Set(['delegated:User.Read', 'application:User.Read.All']);
    const ps = problemsOf(
      [
        ...HEAD,
        'apps:',
        '  - displayName: A',
        '    secrets: [s]',
        '    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.ReadWrit], application: [User.Read.All, User.Read] } }',
        'consents:',
        '  - { app: A, user: megan@contoso.test, scopes: [User.Read, Mail.Raed] }',
      ],
      { knownPermission: (resource, scheme, name) => resource === 'graph' && known.has(`${scheme}:${name}`) },
    );
    expect(ps).toEqual([
      problem(8, 'apps[0].requiredResourceAccess.graph.delegated[1]', /^unknown Microsoft Graph delegated permission 'Calendars.ReadWrit'$/),
      problem(8, 'apps[0].requiredResourceAccess.graph.application[1]', /^unknown Microsoft Graph application permission 'User.Read'$/),
      problem(10, 'consents[0].scopes[1]', /^unknown Microsoft Graph delegated permission 'Mail.Raed'$/),
    ]);
  });

  it('allows multi-tenant apps from another tenant of the file, not single-tenant ones', () => {
    const ps = problemsOf([
      'tenant: { domain: a.test }',
      'apps:',
      '  - { displayName: Solo, secrets: [s] }',
      '  - { displayName: Shared, secrets: [s], multiTenant: true }',
      '---',
      'tenant: { domain: b.test }',
      'consents:',
      '  - { app: Shared, adminConsent: true }',
      '  - { app: Solo, adminConsent: true }',
    ]);
    expect(ps).toEqual([problem(9, 'consents[1].app', /^app 'Solo' is registered in a.test as a single-tenant app; set 'multiTenant: true'/)]);
  });

  it('checks mailbox permissions, custom API scopes and Teams policy grants', () => {
    const ps = problemsOf([
      ...HEAD,
      '  - { upn: kiosk@contoso.test, displayName: Kiosk, mailbox: false }',
      'mailboxPermissions:',
      '  - { mailbox: kiosk@contoso.test, grantee: adele@contoso.test, rights: FullAccess }',
      '  - { mailbox: megan@contoso.test, grantee: adele@contoso.test, rights: Reviewer }',
      'apps:',
      '  - { displayName: Api, api: { identifierUri: "api://api.contoso.test", scopes: [read] } }',
      '  - { displayName: Web, secrets: [s], redirectUris: ["http://web.contoso.test/cb"], requiredResourceAccess: { "api://api.contoso.test": { delegated: [write] } } }',
      'policies:',
      '  teamsApplicationAccess:',
      '    - { name: p1, apps: [Web], grantTo: [megan@contoso.test] }',
      '    - { name: p2, apps: [Api], grantTo: [megan@contoso.test] }',
    ]);
    expect(ps).toEqual([
      problem(7, 'mailboxPermissions[0].mailbox', /^mailbox 'kiosk@contoso.test' has no mailbox/),
      problem(8, 'mailboxPermissions[1].rights', /^'Reviewer' is a folder permission; add 'folder: Calendar'/),
      problem(11, 'apps[1].redirectUris[0]', /web redirect URIs must use https \(http is allowed only for localhost\)$/),
      problem(11, 'apps[1].requiredResourceAccess["api://api.contoso.test"].delegated[0]', /^app 'Api' does not expose scope 'write'; its api.scopes are: read$/),
      problem(15, 'policies.teamsApplicationAccess[1].grantTo[0]', /already granted policy 'p1'; a user can hold only one Teams application access policy$/),
    ]);
  });
});

describe('many problems at once', () => {
  it('reports every problem in the file, in line order, one formatted line each', () => {
    const lines = [
      'tenant: { domain: contoso.test }',
      'users:',
      '  - { upn: adele@contoso.test, displayName: Adele, roles: [Supreme Leader] }',
      '  - { upn: megan@contoso.test, dispayName: Megan }',
      '  - { upn: adele@contoso.test, displayName: Adele 2 }',
      'rooms:',
      '  - { email: orion@contoso.test, displayName: Orion, capacity: -1 }',
      'groups:',
      '  - { mail: sec@contoso.test, displayName: Sec, mailEnabled: true, securityEnabled: true, members: [nobody@contoso.test] }',
      'events:',
      '  - { organizer: megan@contoso.test, subject: S, start: "today+1 9", end: "today+1 10:00" }',
    ];
    let error: TenantFileError | undefined;
    try {
      parseTenantFile(lines.join('\n'), 't.yaml', { now });
    } catch (e) {
      error = e as TenantFileError;
    }
    expect(error).toBeInstanceOf(TenantFileError);
    // Column = where the offending token starts on its line (1-based).
    const at = (line: number, token: string) => `t.yaml:${line}:${lines[line - 1].indexOf(token) + 1}`;
    const formatted = error!.format().split('\n');
    expect(formatted.map((l) => l.split('  ').slice(0, 2).join('  '))).toEqual([
      `${at(3, 'Supreme Leader')}  users[0].roles[0]`,
      `${at(4, '{')}  users[1].displayName`, // the mapping it is missing from
      `${at(4, 'dispayName')}  users[1].dispayName`,
      `${at(5, 'adele@')}  users[2].upn`,
      `${at(7, '-1')}  rooms[0].capacity`,
      `${at(9, 'nobody@')}  groups[0].members[0]`,
      `${at(11, '"today+1 9"')}  events[0].start`,
    ]);
    expect(formatted.map((l) => l.split('  ').slice(2).join('  '))).toEqual([
      expect.stringMatching(/^unknown directory role 'Supreme Leader'; known roles: /),
      "missing required field 'displayName' (a string)",
      expect.stringMatching(/^unknown field 'dispayName' \(did you mean 'displayName'\?\)/),
      "duplicate upn 'adele@contoso.test'; already declared at users[0] (line 3)",
      'must be at least 0; got number -1',
      "unknown member 'nobody@contoso.test': no user or room or group in tenant contoso.test has this address",
      expect.stringMatching(/^'today\+1 9' is not a time; expected /),
    ]);
    expect(error!.message).toMatch(/^tenant file has 7 problems:\n/);
  });
});
