import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphGroupWithLabels } from '../../src/graph/directory/shapes/group-shape.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import { groupRecord } from '../graph-core/fixture.js';
import { createWorkloadFixture, ids, more, TID, type WorkloadFixture } from './fixture.js';

// Sensitivity labels on Microsoft 365 groups, as the Teams governance service account applies one
// to a team it provisioned (seed 004): PATCH /groups/{id} {"assignedLabels":[{"labelId"}]}, read
// back with $select=assignedLabels (graph-docs group-update.md, resources/assignedlabel.md).
// In the fixture Staff is a Microsoft 365 group Bob owns; Rooms is a security group.

let f: WorkloadFixture;
const dir = mkdtempSync(join(tmpdir(), 'tenantbox-group-labels-'));
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(async () => {
  await f.close();
  rmSync(dir, { recursive: true, force: true });
});

const label = (labelId: string) => ({ assignedLabels: [{ labelId }] });
const readLabels = async (groupId: string, token: string) => (await f.call('GET', `/groups/${groupId}?$select=assignedLabels`, token)).body;

describe('assignedLabels on Microsoft 365 groups', () => {
  it("the group's owner sets a label with Group.ReadWrite.All; $select=assignedLabels reads it back", async () => {
    const t = await f.userToken(ids.bob, ['Group.ReadWrite.All']);
    const r = await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: label(more.labelConfidential) });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect(await readLabels(ids.staffGroup, t)).toEqual({
      '@odata.context': 'https://127.0.0.1:8443/v1.0/$metadata#groups(assignedLabels)/$entity',
      assignedLabels: [{ labelId: more.labelConfidential, displayName: 'Confidential' }],
    });
    // Only on $select, as Graph returns it.
    const plain = await f.call('GET', `/groups/${ids.staffGroup}`, t);
    expect(plain.body).not.toHaveProperty('assignedLabels');
    expect(plain.body.displayName).toBe('Staff');
    // Replacing it, and removing it with an empty array.
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: label(more.labelGeneral) })).status).toBe(204);
    expect((await readLabels(ids.staffGroup, t)).assignedLabels).toEqual([{ labelId: more.labelGeneral, displayName: 'General' }]);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: { assignedLabels: [] } })).status).toBe(204);
    expect((await readLabels(ids.staffGroup, t)).assignedLabels).toEqual([]);
  });

  it('other properties in the same PATCH still apply, and a label survives a later PATCH without it', async () => {
    const t = await f.userToken(ids.bob, ['Group.ReadWrite.All']);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: { description: 'Everyone', ...label(more.labelPublic) } })).status).toBe(204);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: { displayName: 'Staff' } })).status).toBe(204);
    const g = (await f.call('GET', `/groups/${ids.staffGroup}?$select=description,assignedLabels`, t)).body;
    expect([g.description, g.assignedLabels]).toEqual(['Everyone', [{ labelId: more.labelPublic, displayName: 'Public' }]]);
  });

  it('app-only: 401 Unauthorized "App-only token is not supported." even with Group.ReadWrite.All', async () => {
    const r = await f.call('PATCH', `/groups/${ids.staffGroup}`, await f.appToken(['Group.ReadWrite.All']), { body: label(more.labelConfidential) });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'Unauthorized', message: 'App-only token is not supported.' });
    // The same app may still change other properties.
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, await f.appToken(['Group.ReadWrite.All']), { body: { description: 'app' } })).status).toBe(204);
  });

  it('a property-scoped permission of PATCH /groups/{id} does not reach labels: 403 naming the group-wide ones', async () => {
    const t = await f.userToken(ids.bob, ['Group-NestingSupport.ReadWrite.All']);
    const r = await f.call('PATCH', `/groups/${ids.staffGroup}`, t, { body: label(more.labelConfidential) });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Authorization_RequestDenied');
    // Ranked as the catalog ranks them.
    expect(['Group.ReadWrite.All', 'Directory.ReadWrite.All']).toContain(r.body.error.details[0].target);
    expect(r.body.error.details[0].message).toContain('needs one of: ');
    expect(r.body.error.details[0].message).toContain('Group.ReadWrite.All');
    expect(r.body.error.details[0].message).toContain('Directory.ReadWrite.All');
    expect(String(r.body.error.details[0].message).split('(least privileged first)')[0]).not.toContain('Group-NestingSupport');
    // Either group-wide one does.
    const dir = await f.call('PATCH', `/groups/${ids.staffGroup}`, await f.userToken(ids.bob, ['Directory.ReadWrite.All']), { body: label(more.labelConfidential) });
    expect(dir.status).toBe(204);
    // Both audit records say the call's content narrowed the endpoint's list (the analyzer reports it apart).
    const audit = await f.stores.audit.query({ limit: 10_000 });
    for (const [answer, permission] of [[r, null], [dir, 'Directory.ReadWrite.All']] as const) {
      const a = audit.find((x) => x.requestId === answer.headers['request-id'])!;
      expect(a).toMatchObject({ permission, narrowed: { reason: 'assignedLabels' } });
      expect([...a.narrowed!.accepted].sort()).toEqual(['Directory.ReadWrite.All', 'Group.ReadWrite.All']);
    }
  });

  it('a member who neither owns the group nor holds a role is refused (the directory rule)', async () => {
    const r = await f.call('PATCH', `/groups/${ids.staffGroup}`, await f.userToken(ids.alice, ['Group.ReadWrite.All']), { body: label(more.labelConfidential) });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Authorization_RequestDenied');
  });

  it('refuses a security group, an unknown or inactive label, a parent label, two labels and malformed values', async () => {
    const admin = await f.userToken(ids.admin, ['Group.ReadWrite.All']);
    const bad = async (groupId: string, body: unknown) => {
      const r = await f.call('PATCH', `/groups/${groupId}`, admin, { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('Request_BadRequest');
      return r.body.error.message as string;
    };
    expect(await bad(ids.roomsGroup, label(more.labelConfidential))).toBe('Sensitivity labels can be assigned only to Microsoft 365 groups.');
    expect(await bad(ids.staffGroup, label('00000000-0000-4000-8000-000000000000'))).toMatch(/does not exist or is not published/);
    await f.stores.sensitivityLabels.put({ tenantId: TID, id: '1abe1000-0000-4000-8000-0000000000aa', name: 'Retired', description: '', color: '', sensitivity: 3, tooltip: '', parentId: null, isActive: false });
    expect(await bad(ids.staffGroup, label('1abe1000-0000-4000-8000-0000000000aa'))).toMatch(/does not exist or is not published/);
    await f.stores.sensitivityLabels.put({ tenantId: TID, id: '1abe1000-0000-4000-8000-0000000000bb', name: 'Highly Confidential', description: '', color: '', sensitivity: 4, tooltip: '', parentId: null, isActive: true });
    await f.stores.sensitivityLabels.put({ tenantId: TID, id: '1abe1000-0000-4000-8000-0000000000cc', name: 'HC Finance', description: '', color: '', sensitivity: 5, tooltip: '', parentId: '1abe1000-0000-4000-8000-0000000000bb', isActive: true });
    expect(await bad(ids.staffGroup, label('1abe1000-0000-4000-8000-0000000000bb'))).toMatch(/has sublabels/);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, admin, { body: label('1abe1000-0000-4000-8000-0000000000cc') })).status).toBe(204);
    expect(await bad(ids.staffGroup, { assignedLabels: [{ labelId: more.labelPublic }, { labelId: more.labelGeneral }] })).toBe('A group can have only one sensitivity label.');
    for (const v of [{ labelId: more.labelPublic }, [more.labelPublic], [{ displayName: 'Public' }]]) {
      expect(await bad(ids.staffGroup, { assignedLabels: v })).toBe("Invalid value specified for property 'assignedLabels' of resource 'Group'.");
    }
  });

  it('the label is part of the group record, which survives a restart of the store', async () => {
    const file = join(dir, 'state.db');
    const a = await openSqliteStores({ file });
    await a.directory.putGroup(groupRecord(ids.staffGroup, 'Staff', { groupTypes: ['Unified'], assignedLabels: [{ labelId: more.labelGeneral, displayName: 'General' }] }));
    await a.close();
    const b = await openSqliteStores({ file });
    try {
      const g = (await b.directory.getGroup(TID, ids.staffGroup))!;
      expect(toGraphGroupWithLabels(g).assignedLabels).toEqual([{ labelId: more.labelGeneral, displayName: 'General' }]);
    } finally {
      await b.close();
    }
  });
});
