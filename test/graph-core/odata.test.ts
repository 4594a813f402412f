import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphError } from '../../src/graph/errors.js';
import { evaluateFilter } from '../../src/graph/odata/filter-eval.js';
import { parseFilter } from '../../src/graph/odata/filter-parser.js';
import { matchesSearch, parseSearch } from '../../src/graph/odata/search.js';
import { createGraphFixture, ids, type GraphFixture } from './fixture.js';

// The OData subset: the $filter parser and evaluator on their own, then $select/$filter/$search/
// $orderby/$top/$count/$expand/paging applied by a real collection (/users, /groups).

const item = {
  displayName: 'Room 101 (Oslo)',
  mail: 'room101@contoso.test',
  capacity: 12,
  accountEnabled: true,
  createdDateTime: '2026-03-01T10:00:00Z',
  groupTypes: ['Unified', 'DynamicMembership'],
  start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
  emails: [{ address: 'a@x.test', type: 'work' }],
  manager: null,
};
const f0 = (text: string) => evaluateFilter(parseFilter(text), item);

describe('$filter parser and evaluator', () => {
  it.each([
    ["displayName eq 'Room 101 (Oslo)'", true],
    ["displayName eq 'ROOM 101 (OSLO)'", true], // case-insensitive, as the directory compares
    ["displayName ne 'x'", true],
    ['capacity gt 10 and capacity le 12', true],
    ['capacity lt 10 or accountEnabled eq false', false],
    ["not (mail eq 'x')", true],
    ["startswith(displayName, 'room')", true],
    ["endswith(mail, '@contoso.test')", true],
    ["contains(displayName, 'oslo')", true],
    ["mail in ('a@b.test', 'room101@contoso.test')", true],
    ["groupTypes/any(c:c eq 'Unified')", true],
    ["groupTypes/any(c:c eq 'Other')", false],
    ["groupTypes/all(c:startswith(c, 'U'))", false],
    ["emails/any(e:e/type eq 'work')", true],
    ['groupTypes/any()', true],
    ['createdDateTime ge 2026-01-01T00:00:00Z', true],
    ["start/dateTime lt '2026-03-03T00:00:00'", true],
    ['manager eq null', true],
    ['accountEnabled', true],
    ["displayName eq 'it''s'", false],
    ["(capacity eq 12 or capacity eq 13) and not accountEnabled eq false", true],
  ])('%s → %s', (text, expected) => {
    expect(f0(text)).toBe(expected);
  });

  it('parses a quoted quote', () => {
    expect(parseFilter("displayName eq 'O''Brien'")).toMatchObject({ type: 'compare', right: { value: "O'Brien" } });
  });

  it.each([
    ["displayName eq", 'Syntax error at position 14'],
    ["displayName eq 'x' and", 'Syntax error'],
    ["(displayName eq 'x'", 'Syntax error'],
    ["displayName eq 'x", 'unterminated string literal at position 15'],
    ["displayName eq 'x' extra", 'Syntax error at position 19'],
    ['displayName ~ 1', "character '~' is not valid"],
    ["startswith(displayName)", 'Syntax error'],
  ])('refuses %s with a positioned message', (text, message) => {
    try {
      parseFilter(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphError);
      expect((e as GraphError).code).toBe('BadRequest');
      expect((e as GraphError).message).toMatch(/^Invalid filter clause: /);
      expect((e as GraphError).message).toContain(message);
    }
  });
});

describe('$search', () => {
  it('matches tokenized prefixes, AND binds tighter than OR', () => {
    const u = { displayName: 'Conference Room Oslo', mail: 'conf.oslo@contoso.test' };
    const m = (q: string) => matchesSearch(parseSearch(q), u, ['displayName', 'mail']);
    expect(m('"displayName:room"')).toBe(true);
    expect(m('"displayName:oom"')).toBe(false);
    expect(m('"displayName:conf" AND "mail:oslo"')).toBe(true);
    expect(m('"displayName:nope" OR "mail:conf"')).toBe(true);
    expect(m('"displayName:nope" AND "mail:conf" OR "displayName:osl"')).toBe(true);
    expect(() => parseSearch('displayName:room')).toThrow(/Syntax error in \$search/);
  });
});

describe('applied to collections', () => {
  let f: GraphFixture;
  let t: string;
  beforeAll(async () => {
    f = await createGraphFixture();
    t = await f.appToken(['User.Read.All', 'Group.Read.All']);
  });
  afterAll(() => f.close());
  const ev = { headers: { ConsistencyLevel: 'eventual' } };

  it('$select trims the resource and names it in @odata.context; an unknown property is 400', async () => {
    const r = await f.call('GET', `/users/${ids.alice}?$select=displayName,jobTitle`, t);
    expect(r.body).toEqual({ '@odata.context': 'https://127.0.0.1:8443/v1.0/$metadata#users(displayName,jobTitle)/$entity', displayName: 'Alice', jobTitle: 'Engineer' });
    const bad = await f.call('GET', '/users?$select=displayName,shoeSize', t);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  });

  it('$filter with eq/startswith/in works; advanced operators need ConsistencyLevel and $count', async () => {
    const eq = await f.call('GET', `/users?$filter=${encodeURIComponent("jobTitle eq 'Manager'")}&$select=id`, t);
    expect(eq.body.value).toEqual([{ id: ids.bob }]);
    const sw = await f.call('GET', `/users?$filter=${encodeURIComponent("startswith(displayName,'room')")}&$select=displayName`, t);
    expect(sw.body.value.map((u: { displayName: string }) => u.displayName)).toEqual(['Room One', 'Room Two']);
    const inn = await f.call('GET', `/users?$filter=${encodeURIComponent(`id in ('${ids.alice}','${ids.bob}')`)}&$select=id`, t);
    expect(inn.body.value).toHaveLength(2);
    const ne = await f.call('GET', `/users?$filter=${encodeURIComponent("userType ne 'Guest'")}`, t);
    expect(ne.status).toBe(400);
    expect(ne.body.error.code).toBe('Request_UnsupportedQuery');
    expect(ne.body.error.message).toContain("Operator 'ne' is not supported because the required parameters might be missing");
    const adv = await f.call('GET', `/users?$filter=${encodeURIComponent("userType ne 'Guest'")}&$count=true&$select=id`, t, ev);
    expect(adv.status).toBe(200);
    expect(adv.body['@odata.count']).toBe(adv.body.value.length);
    expect(adv.body.value).not.toContainEqual({ id: ids.gina });
  });

  it('a property the directory cannot filter on → Request_UnsupportedQuery naming it', async () => {
    const r = await f.call('GET', `/users?$filter=${encodeURIComponent("signInSessionsValidFromDateTime eq 2026-01-01T00:00:00Z")}`, t);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: "Unsupported or invalid query filter clause specified for property 'signInSessionsValidFromDateTime' of resource 'User'." });
  });

  it('$search and $count=true need ConsistencyLevel: eventual, with Graph\'s messages', async () => {
    const s = await f.call('GET', `/users?$search=${encodeURIComponent('"displayName:room"')}`, t);
    expect(s.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'" });
    const c = await f.call('GET', '/users?$count=true', t);
    expect(c.body.error.code).toBe('Request_UnsupportedQuery');
    const ok = await f.call('GET', `/users?$search=${encodeURIComponent('"displayName:room"')}&$count=true&$select=displayName`, t, ev);
    expect(ok.body['@odata.count']).toBe(2);
    const raw = await f.call('GET', '/users/$count', t);
    expect(raw.body.error.message).toMatch(/^Raw count \(\/\$count\) is not supported/);
    const rawOk = await f.call('GET', '/users/$count', t, ev);
    expect(rawOk.body).toBe(7);
    expect(String(rawOk.headers['content-type'])).toMatch(/^text\/plain/);
  });

  it('$orderby on displayName; on other properties only as an advanced query; with $filter only as one', async () => {
    const r = await f.call('GET', '/users?$orderby=displayName desc&$select=displayName', t);
    expect(r.body.value[0].displayName).toBe('Room Two');
    expect((await f.call('GET', '/users?$orderby=jobTitle', t)).body.error.message).toBe('Sorting not supported for current query.');
    const f1 = `$filter=${encodeURIComponent("startswith(displayName,'r')")}&$orderby=displayName`;
    expect((await f.call('GET', `/users?${f1}`, t)).status).toBe(400);
    expect((await f.call('GET', `/users?${f1}&$count=true`, t, ev)).status).toBe(200);
  });

  it('$top pages with an absolute @odata.nextLink carrying $skiptoken, until the last page', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/v1.0/users?$top=3&$select=id';
    let pages = 0;
    while (url) {
      const r = await f.call('GET', url, t);
      expect(r.status).toBe(200);
      seen.push(...r.body.value.map((u: { id: string }) => u.id));
      const next: string | undefined = r.body['@odata.nextLink'];
      if (next) expect(next).toMatch(/^https:\/\/127\.0\.0\.1:8443\/v1\.0\/users\?.*\$skiptoken=/);
      url = next?.replace('https://127.0.0.1:8443', '');
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it('refuses $skip on users, a $top over 999, unknown options and a skiptoken from another query', async () => {
    expect((await f.call('GET', '/users?$skip=2', t)).body.error.message).toBe("'$skip' is not supported by the service.");
    expect((await f.call('GET', '/users?$top=1000', t)).body.error.message).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    expect((await f.call('GET', '/users?$apply=groupby((department))', t)).body.error.message).toBe("The query parameter '$apply' is not supported.");
    const first = await f.call('GET', '/users?$top=2', t);
    const token = new URL(first.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
    const other = await f.call('GET', `/users?$top=5&$skiptoken=${token}`, t);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('Request_BadRequest');
  });

  it('$expand=manager on users and $expand=members on groups; deeper options → 501', async () => {
    const r = await f.call('GET', `/users/${ids.alice}?$select=displayName&$expand=manager($select=id,displayName)`, t);
    expect(r.body.manager).toEqual({ '@odata.type': '#microsoft.graph.user', id: ids.bob, displayName: 'Bob' });
    const g = await f.call('GET', `/groups/${ids.staffGroup}?$select=displayName&$expand=members($select=id)`, t);
    expect(g.body.members.map((m: { id: string }) => m.id).sort()).toEqual([ids.alice, ids.bob].sort());
    const deep = await f.call('GET', `/users/${ids.alice}?$expand=manager($levels=max)`, t);
    expect(deep.status).toBe(501);
    expect((await f.call('GET', `/users/${ids.alice}?$expand=memberOf`, t)).status).toBe(501);
  });
});
