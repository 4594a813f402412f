import { describe, expect, it } from 'vitest';
import { checkManifest, type CheckFinding } from '../../src/analyzer/index.js';
import { loadManifest, parseManifest } from '../../src/manifest/index.js';

const check = (name: string) => checkManifest(loadManifest(new URL(`../../examples/manifests/${name}.yaml`, import.meta.url).pathname));
const pick = (fs: CheckFinding[], code: string) => fs.filter((f) => f.code === code);

describe('tenantbox check on the example manifests', () => {
  it('teams-governance: the application table types ten permissions as Delegated', () => {
    const r = check('teams-governance');
    const wrong = pick(r.findings, 'type-contradicts-model');
    expect(wrong.map((f) => f.permission)).toEqual([
      'Group.ReadWrite.All',
      'InformationProtectionPolicy.Read',
      'Team.Create',
      'TeamSettings.ReadWrite.All',
      'TeamsAppInstallation.ReadWriteForTeam',
      'TeamMember.ReadWrite.All',
      'TeamsTab.ReadWrite.All',
      'Channel.Create',
      'ChannelSettings.ReadWrite.All',
      'ChannelMember.ReadWrite.All',
    ]);
    expect(wrong.every((f) => f.severity === 'error' && f.connection === 'application' && f.line > 0)).toBe(true);
    expect(wrong.find((f) => f.permission === 'InformationProtectionPolicy.Read')?.message).toContain('the application equivalent is InformationProtectionPolicy.Read.All');
    expect(r.counts.error).toBe(10);
    // Its published admin-consent flags that Microsoft's data contradicts.
    const mismatch = pick(r.findings, 'admin-consent-mismatch').map((f) => `${f.connection}/${f.context}:${f.permission}`);
    expect(mismatch).toEqual(['teams-client/catalog:InformationProtectionPolicy.Read', 'service-account/service-account:Team.Create', 'application/application:Team.Create']);
  });

  it('workplace-booking: Directory.Read.All makes User.Read.All and GroupMember.Read.All redundant; EWS is legacy', () => {
    const r = check('workplace-booking');
    expect(pick(r.findings, 'redundant').map((f) => [f.permission, f.message.split(':')[0]])).toEqual([
      ['User.Read.All', 'User.Read.All is redundant next to Directory.Read.All'],
      ['GroupMember.Read.All', 'GroupMember.Read.All is redundant next to Directory.Read.All'],
      ['OnlineMeetings.Read', 'OnlineMeetings.Read is redundant next to OnlineMeetings.ReadWrite'],
    ]);
    const legacy = pick(r.findings, 'legacy');
    expect(legacy.map((f) => f.permission)).toEqual(['full_access_as_app', 'EWS.AccessAsUser.All']);
    expect(legacy[0].message).toContain('2027-04-01');
    expect(r.counts.error).toBe(0);
  });

  it("room-signage: Google's calendar makes calendar.events redundant", () => {
    const r = check('room-signage');
    const red = pick(r.findings, 'redundant');
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({ connection: 'google', permission: 'https://www.googleapis.com/auth/calendar.events', severity: 'warning' });
    expect(red[0].message).toMatch(/^calendar\.events is redundant next to calendar:/);
    // The app model's delegated User.Read is the administrator's sign-in, noted, not an error.
    expect(pick(r.findings, 'sign-in-in-application-model').map((f) => f.permission)).toEqual(['User.Read']);
    expect(r.counts.error).toBe(0);
  });

  it('mentoring: clean, with the repeated OnlineMeetings.ReadWrite noted', () => {
    const r = check('mentoring');
    expect(r.counts).toMatchObject({ error: 0, warning: 0 });
    expect(pick(r.findings, 'repeated-across-contexts').map((f) => f.permission)).toEqual(['OnlineMeetings.ReadWrite']);
  });

  it('room-display: nothing to report', () => {
    expect(check('room-display').findings).toEqual([]);
  });
});

describe('tenantbox check on constructed manifests', () => {
  const manifest = (perms: string, kind = 'delegated-user') =>
    parseManifest(
      `app: { name: T, archetype: t }\nconnections:\n  - id: c\n    kind: ${kind}\n    title: C\n    contexts:\n      - id: x\n        title: X\n        permissions:\n${perms}`,
      'm.yaml',
    );

  it('names an unknown permission with the closest real one, at its line', () => {
    const r = checkManifest(manifest('          - { name: Calendars.ReadWirte, type: Delegated, justification: j }\n'));
    expect(r.findings).toEqual([expect.objectContaining({ code: 'unknown-permission', severity: 'error', line: 10, message: expect.stringContaining("did you mean 'Calendars.ReadWrite'?") })]);
  });

  it('flags a type the permission does not have', () => {
    const r = checkManifest(manifest('          - { name: OnlineMeetings.ReadWrite.All, type: Delegated, justification: j }\n'));
    expect(pick(r.findings, 'type-not-available')[0].message).toBe('OnlineMeetings.ReadWrite.All has no delegated form; it exists only as an application permission');
  });

  it('flags an Application permission in a delegated model, and a Google scope outside the data', () => {
    const r = checkManifest(manifest('          - { name: Calendars.Read, type: Application, justification: j }\n'));
    expect(pick(r.findings, 'type-contradicts-model')).toHaveLength(1);
    const g = checkManifest(manifest('          - { name: drive, type: Google scope, justification: j }\n', 'google-dwd'));
    expect(pick(g.findings, 'unknown-google-scope')[0].permission).toBe('https://www.googleapis.com/auth/drive');
  });

  it('notes non-canonical casing and flags a published admin-consent flag Microsoft contradicts', () => {
    const r = checkManifest(manifest('          - { name: calendars.readwrite, type: Delegated, justification: j, adminConsentRequired: true }\n'));
    expect(pick(r.findings, 'name-casing')[0].message).toContain("Microsoft spells it 'Calendars.ReadWrite'");
    expect(pick(r.findings, 'admin-consent-mismatch')).toHaveLength(1);
  });
});
