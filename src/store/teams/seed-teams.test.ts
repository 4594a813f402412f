import { afterEach, beforeEach, expect, it } from 'vitest';
import { contoso, loaded, seedDeps } from '../seed/example-tenant.js';
import { seedTenants } from '../seed/seed-tenants.js';
import { tempStores } from '../sqlite/test-records.js';
import type { Stores } from '../types.js';
import { seedTeams } from './seed-teams.js';

// seedTeams: the tenant file's teams (groups with `team:`) on top of seedTenants, with the ids they
// had after a reset.

let stores: Stores;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ stores, cleanup } = await tempStores());
});
afterEach(() => cleanup());

const spec = () =>
  contoso({
    groups: [
      ...contoso().groups,
      {
        mail: 'marketing@contoso.test',
        displayName: 'Marketing',
        mailEnabled: true,
        securityEnabled: false,
        groupTypes: ['Unified'],
        members: ['megan@contoso.test', 'adele@contoso.test'],
        owners: ['megan@contoso.test'],
        team: { channels: [{ displayName: 'Campaigns', description: 'Campaign planning' }, { displayName: 'Leadership', membershipType: 'private' }] },
        source: { file: 'tenant.yaml', line: 1, path: 'groups[1]' },
      },
    ],
  });

async function seed() {
  const deps = seedDeps();
  await stores.transaction(async () => {
    await stores.clearTenantState();
    await seedTenants(stores, loaded(spec()), deps);
  });
  return seedTeams(stores, loaded(spec()), { clock: deps.clock, ids: deps.ids });
}

it('seeds each declared team with General, its channels and a private roster of the owners', async () => {
  expect(await seed()).toEqual({ teams: 1, channels: 3 });
  const tenant = (await stores.directory.getTenant('contoso.test'))!;
  const group = (await stores.directory.getGroup(tenant.id, 'marketing@contoso.test'))!;
  const [team] = await stores.teams!.listTeams(tenant.id);
  expect(team).toMatchObject({ id: group.id, provisionedAtMs: 0, visibility: 'public', memberSettings: { allowCreateUpdateChannels: true } });
  const channels = await stores.teams!.listChannels(tenant.id, group.id);
  expect(channels.map((c) => [c.displayName, c.membershipType, c.isPrimary, c.description])).toEqual([
    ['General', 'standard', true, null],
    ['Campaigns', 'standard', false, 'Campaign planning'],
    ['Leadership', 'private', false, null],
  ]);
  expect(channels[0]!.id).toBe(team!.internalId);
  const megan = (await stores.directory.getUser(tenant.id, 'megan@contoso.test'))!;
  expect(await stores.teams!.listChannelMembers(tenant.id, group.id, channels[2]!.id)).toEqual([
    expect.objectContaining({ userId: megan.id, roles: ['owner'] }),
  ]);
});

it('gives teams and channels the same ids after a reset', async () => {
  await seed();
  const tenant = (await stores.directory.getTenant('contoso.test'))!;
  const before = await stores.teams!.listTeams(tenant.id);
  const channelsBefore = await stores.teams!.listChannels(tenant.id, before[0]!.id);
  await seed();
  const after = await stores.teams!.listTeams(tenant.id);
  expect(after.map((t) => [t.id, t.internalId])).toEqual(before.map((t) => [t.id, t.internalId]));
  expect((await stores.teams!.listChannels(tenant.id, after[0]!.id)).map((c) => c.id)).toEqual(channelsBefore.map((c) => c.id));
});
