import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFixture, ids, type GraphFixture } from './fixture.js';

// JSON batching: the 20-request limit, dependsOn, per-step authorization through the same
// pipeline, the graph-client 3.0.7 "/v1.0/..." step URLs, and the response shape both SDKs read.

let f: GraphFixture;
beforeAll(async () => {
  f = await createGraphFixture();
});
afterAll(() => f.close());

const byId = (body: { responses: { id: string }[] }) => Object.fromEntries(body.responses.map((r) => [r.id, r as any]));

describe('$batch', () => {
  it('runs each step through the pipeline: the permission check applies per step', async () => {
    const t = await f.userToken(ids.alice, ['User.Read']);
    const r = await f.call('POST', '/$batch', t, {
      body: { requests: [{ id: '1', method: 'GET', url: '/me' }, { id: '2', method: 'GET', url: '/users' }, { id: '3', method: 'GET', url: `/users/${ids.bob}` }] },
    });
    expect(r.status).toBe(200);
    const res = byId(r.body);
    expect(res['1']).toMatchObject({ status: 200, headers: { 'Content-Type': expect.stringMatching(/^application\/json/) }, body: { id: ids.alice } });
    expect(res['2'].status).toBe(403);
    expect(res['2'].body.error.code).toBe('Authorization_RequestDenied');
    expect(res['3'].status).toBe(403);
    // Responses come back in request order.
    expect(r.body.responses.map((x: { id: string }) => x.id)).toEqual(['1', '2', '3']);
  });

  it('refuses more than 20 requests with Graph\'s message', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
    const r = await f.call('POST', '/$batch', await f.userToken(ids.alice, ['User.Read']), { body: { requests } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BadRequest', message: 'Number of requests inside batch exceeds the limit.' });
    const twenty = await f.call('POST', '/$batch', await f.userToken(ids.alice, ['User.Read']), { body: { requests: requests.slice(0, 20) } });
    expect(twenty.body.responses).toHaveLength(20);
  });

  it('orders steps by dependsOn, and a failed dependency fails its dependents with 424', async () => {
    const t = await f.userToken(ids.admin, ['Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'User.Read.All']);
    const r = await f.call('POST', '/$batch', t, {
      body: {
        requests: [
          { id: 'read', method: 'GET', url: `/groups/${ids.roomsGroup}/members?$select=id`, dependsOn: ['add'] },
          { id: 'add', method: 'POST', url: `/groups/${ids.roomsGroup}/members/$ref`, headers: { 'Content-Type': 'application/json' }, body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.alice}` } },
          { id: 'bad', method: 'GET', url: '/groups/00000000-0000-0000-0000-000000000000' },
          { id: 'after-bad', method: 'GET', url: '/me', dependsOn: ['bad'] },
        ],
      },
    });
    const res = byId(r.body);
    expect(res.add.status).toBe(204);
    expect(res.read.status).toBe(200);
    expect(res.read.body.value.map((m: { id: string }) => m.id)).toContain(ids.alice);
    expect(res.bad.status).toBe(404);
    expect(res['after-bad'].status).toBe(424);
  });

  it('accepts graph-client 3.0.7 step URLs ("/v1.0/me") by stripping the version', async () => {
    const r = await f.call('POST', '/$batch', await f.userToken(ids.alice, ['User.Read']), { body: { requests: [{ id: '1', method: 'GET', url: '/v1.0/me' }, { id: '2', method: 'GET', url: 'me?$select=id' }] } });
    const res = byId(r.body);
    expect(res['1'].status).toBe(200);
    expect(res['2'].body).toMatchObject({ id: ids.alice });
    expect(res['2'].body['@odata.context']).toBe('https://127.0.0.1:8443/v1.0/$metadata#users(id)/$entity');
  });

  it('refuses malformed payloads: duplicate ids, unknown dependsOn, cycles, a body without Content-Type, nesting', async () => {
    const t = await f.userToken(ids.alice, ['User.Read']);
    const bad = async (requests: unknown) => (await f.call('POST', '/$batch', t, { body: { requests } })).body.error;
    expect((await bad([{ id: '1', method: 'GET', url: '/me' }, { id: '1', method: 'GET', url: '/me' }])).message).toContain("'1' is used more than once");
    expect((await bad([{ id: '1', method: 'GET', url: '/me', dependsOn: ['9'] }])).message).toContain("depends on '9'");
    expect((await bad([{ id: 'a', method: 'GET', url: '/me', dependsOn: ['b'] }, { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] }])).message).toContain('cycle');
    expect((await bad([{ id: '1', method: 'POST', url: '/groups', body: {} }])).message).toContain('no Content-Type');
    expect((await bad([{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }])).message).toContain('relative');
    const nested = await f.call('POST', '/$batch', t, { body: { requests: [{ id: '1', method: 'POST', url: '/$batch', headers: { 'content-type': 'application/json' }, body: { requests: [{ id: 'x', method: 'GET', url: '/me' }] } }] } });
    expect(byId(nested.body)['1'].status).toBe(400);
    expect((await f.call('POST', '/$batch', null, { body: { requests: [{ id: '1', method: 'GET', url: '/me' }] } })).status).toBe(401);
  });

  it('audits every step on its own, besides the batch itself', async () => {
    const r = await f.call('POST', '/$batch', await f.userToken(ids.alice, ['User.Read']), { body: { requests: [{ id: '1', method: 'GET', url: '/me' }, { id: '2', method: 'GET', url: '/users' }] } });
    expect(r.status).toBe(200);
    const log = await f.stores.audit.query({ limit: 10_000 });
    const tail = log.slice(-3);
    expect(tail.map((a) => [a.method, a.template, a.status]).sort()).toEqual(
      [
        ['GET', '/me', 200],
        ['GET', '/users', 403],
        ['POST', '/$batch', 200],
      ].sort(),
    );
  });
});
