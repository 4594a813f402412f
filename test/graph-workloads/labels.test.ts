import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkloadFixture, ids, more, type WorkloadFixture } from './fixture.js';

// Sensitivity labels the tenant file defines, as the Teams governance archetype reads them
// (seed 004, catalog scope: InformationProtectionPolicy.Read) through the beta informationProtection API.

let f: WorkloadFixture;
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(() => f.close());

describe('sensitivity labels', () => {
  it('GET /beta/me/security/informationProtection/sensitivityLabels with InformationProtectionPolicy.Read', async () => {
    const r = await f.call('GET', '/beta/me/security/informationProtection/sensitivityLabels', await f.userToken(ids.alice, ['InformationProtectionPolicy.Read']));
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toBe(`https://127.0.0.1:8443/beta/$metadata#users('${ids.alice}')/security/informationProtection/sensitivityLabels`);
    expect(r.body.value.map((l: { name: string }) => l.name)).toEqual(['Public', 'General', 'Confidential']);
    expect(r.body.value[2]).toEqual({
      id: more.labelConfidential,
      name: 'Confidential',
      description: 'Confidential data',
      color: '',
      sensitivity: 2,
      tooltip: 'Confidential data',
      isActive: true,
      isAppliable: true,
      contentFormats: ['file', 'email'],
      hasProtection: false,
      parent: null,
    });
  });

  it('gets one label, filters by sensitivity, 404 for an unknown id', async () => {
    const t = await f.userToken(ids.alice, ['InformationProtectionPolicy.Read']);
    expect((await f.call('GET', `/beta/me/security/informationProtection/sensitivityLabels/${more.labelGeneral}`, t)).body.name).toBe('General');
    const high = await f.call('GET', '/beta/me/security/informationProtection/sensitivityLabels?$filter=sensitivity ge 1&$select=name', t);
    expect(high.body.value).toEqual([{ name: 'General' }, { name: 'Confidential' }]);
    expect((await f.call('GET', '/beta/me/security/informationProtection/sensitivityLabels/00000000-0000-4000-8000-000000000000', t)).status).toBe(404);
  });

  it('is a beta API: /v1.0 answers 400 for the unknown segment', async () => {
    const r = await f.call('GET', '/v1.0/me/security/informationProtection/sensitivityLabels', await f.userToken(ids.alice, ['InformationProtectionPolicy.Read']));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("Resource not found for the segment 'informationProtection'.");
  });

  it('app-only InformationProtectionPolicy.Read.All reads the organization\'s and any user\'s labels', async () => {
    const t = await f.appToken(['InformationProtectionPolicy.Read.All']);
    const org = await f.call('GET', '/beta/security/informationProtection/sensitivityLabels', t);
    expect(org.body.value).toHaveLength(3);
    expect(org.body['@odata.context']).toBe('https://127.0.0.1:8443/beta/$metadata#security/informationProtection/sensitivityLabels');
    expect((await f.call('GET', `/beta/users/${ids.bob}/security/informationProtection/sensitivityLabels`, t)).body.value).toHaveLength(3);
    expect((await f.call('GET', '/beta/users/nobody@contoso.test/security/informationProtection/sensitivityLabels', t)).status).toBe(404);
  });

  it('a delegated token lists only the signed-in user\'s labels; without the scope → 403', async () => {
    const t = await f.userToken(ids.alice, ['InformationProtectionPolicy.Read']);
    expect((await f.call('GET', `/beta/users/${ids.alice}/security/informationProtection/sensitivityLabels`, t)).status).toBe(200);
    expect((await f.call('GET', `/beta/users/${ids.bob}/security/informationProtection/sensitivityLabels`, t)).status).toBe(403);
    const none = await f.call('GET', '/beta/me/security/informationProtection/sensitivityLabels', await f.userToken(ids.alice, ['User.Read']));
    expect(none.status).toBe(403);
    expect(none.body.error.details[0].target).toBe('InformationProtectionPolicy.Read');
  });
});
