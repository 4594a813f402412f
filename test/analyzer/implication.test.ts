import { describe, expect, it } from 'vitest';
import { getAnalyzerCatalog } from '../../src/analyzer/analyzer-catalog.js';
import { GraphImplications, describeImplication } from '../../src/analyzer/implication.js';
import { familyImplies, isSpecialPurpose, parsePermissionName } from '../../src/analyzer/permission-names.js';

const ac = getAnalyzerCatalog();
const implications = new GraphImplications(ac);

describe('Graph permission implication', () => {
  it.each(['delegated', 'application'] as const)('Directory.Read.All implies User.Read.All and GroupMember.Read.All (%s), as documented, with the data numbers', (scheme) => {
    for (const b of ['User.Read.All', 'GroupMember.Read.All']) {
      const i = implications.implies('Directory.Read.All', b, scheme);
      expect(i, b).toBeDefined();
      expect(i!.basis).toBe('documented');
      // The data lists Directory.Read.All on only part of B's endpoints; the report must say so.
      expect(i!.covered).toBeGreaterThan(0);
      expect(i!.covered).toBeLessThan(i!.of);
      expect(describeImplication(i!)).toContain(`${i!.covered} of ${b}'s ${i!.of} ${scheme} endpoints`);
    }
    expect(implications.implies('User.Read.All', 'Directory.Read.All', scheme)).toBeUndefined();
  });

  it('uses the data where every endpoint of B is also open to A', () => {
    const i = implications.implies('TeamSettings.ReadWrite.All', 'TeamSettings.Read.All', 'application');
    expect(i).toMatchObject({ basis: 'data', via: [] });
    expect(i!.covered).toBe(i!.of);
    expect(implications.implies('OnlineMeetings.ReadWrite', 'OnlineMeetings.Read', 'delegated')?.basis).toBe('data');
  });

  it.each(['delegated', 'application'] as const)('Calendars.ReadWrite covers Calendars.Read by the naming rule where the data cannot tell (%s)', (scheme) => {
    const i = implications.implies('Calendars.ReadWrite', 'Calendars.Read', scheme);
    expect(i?.basis).toBe('name-family');
    expect(implications.implies('Calendars.Read', 'Calendars.ReadWrite', scheme)).toBeUndefined();
  });

  it('never lets a read-only permission imply one that writes, even when the data would', () => {
    // The data lists Calendars.ReadWrite.Shared on 3 endpoints, all also open to Calendars.Read.Shared.
    expect(implications.implies('Calendars.Read.Shared', 'Calendars.ReadWrite.Shared', 'delegated')).toBeUndefined();
    expect(implications.implies('Calendars.ReadWrite.Shared', 'Calendars.Read.Shared', 'delegated')?.basis).toBe('name-family');
    // A .Shared scope includes the user's own calendars.
    expect(implications.implies('Calendars.ReadWrite.Shared', 'Calendars.ReadWrite', 'delegated')?.basis).toBe('name-family');
    expect(implications.implies('Calendars.ReadWrite', 'Calendars.ReadWrite.Shared', 'delegated')).toBeUndefined();
  });

  it('closes the relation transitively and keeps the chain', () => {
    const i = implications.implies('Directory.ReadWrite.All', 'User.Read.All', 'application');
    expect(i?.via).toEqual(['Directory.Read.All']);
    expect(i?.basis).toBe('name-family'); // the weakest link of the chain
  });

  it('says nothing for a permission and itself, unknown names, or a scheme a permission lacks', () => {
    expect(implications.implies('User.Read', 'user.read', 'delegated')).toBeUndefined();
    expect(implications.implies('No.Such.Permission', 'User.Read', 'delegated')).toBeUndefined();
    expect(implications.implies('User.Read.All', 'User.Read', 'application')).toBeUndefined();
  });

  it('does not treat permissions without endpoints (openid, EWS) as implied by everything', () => {
    const implied = implications.impliedBy('Directory.ReadWrite.All', 'delegated').map((i) => i.b);
    expect(implied).not.toContain('openid');
    expect(implied).not.toContain('EWS.AccessAsUser.All');
    expect(implied).toContain('Directory.Read.All');
  });
});

describe('permission names', () => {
  it('parses resource, access and reach', () => {
    expect(parsePermissionName('Calendars.ReadWrite.Shared')).toMatchObject({ resource: 'Calendars', access: 'ReadWrite', suffix: 'Shared', standard: true });
    expect(parsePermissionName('Mail.Send')).toMatchObject({ resource: 'Mail', standard: false, accessRank: 3 });
    expect(familyImplies('User.Read.All', 'User.Read')).toBe(true);
    expect(familyImplies('User.Read', 'User.Read.All')).toBe(false);
    expect(familyImplies('Group.Read.All', 'GroupMember.Read.All')).toBe(false);
  });

  it('tells special-purpose permissions from general ones', () => {
    for (const n of ['Group.ManageProtection.All', 'User.ReadWrite.CrossCloud', 'Group-NestingSupport.ReadWrite.All', 'TeamsAppInstallation.ReadWriteForTeam']) expect(isSpecialPurpose(n), n).toBe(true);
    for (const n of ['User.Read', 'Calendars.ReadWrite.Shared', 'Mail.Send', 'Team.Create', 'Directory.Read.All']) expect(isSpecialPurpose(n), n).toBe(false);
  });
});
