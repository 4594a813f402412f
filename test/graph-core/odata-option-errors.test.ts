import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarFixture, ids } from '../graph-calendar/fixture.js';
import type { GraphFixture } from './fixture.js';

// Malformed OData options answered as Graph's front end answers them (it parses every request's
// options with ODataLib, so a directory collection and an Outlook one refuse alike), next to the
// well-formed shapes SDKs send, which must keep working. Evidence per row: docs/errors-graph.md.

let f: GraphFixture;
let t: string;

beforeAll(async () => {
  f = await createCalendarFixture();
  t = await f.userToken(ids.alice, ['User.Read.All', 'Calendars.ReadWrite']);
  // Something for the Outlook collections to hold.
  const r = await f.call('POST', '/me/events', t, {
    body: { subject: 'Planning', start: { dateTime: '2027-01-05T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-01-05T10:00:00', timeZone: 'UTC' } },
  });
  expect(r.status).toBe(201);
});

afterAll(() => f?.close());

const WINDOW = 'startDateTime=2027-01-01T00:00:00Z&endDateTime=2027-02-01T00:00:00Z';
const COLLECTIONS: [string, string][] = [
  ['directory', '/users'],
  ['outlook events', '/me/events'],
  ['outlook calendarView', `/me/calendarView?${WINDOW}`],
];
const at = (path: string, query: string) => (query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path);

type Row = [what: string, query: string, prefer: string | undefined, code: string, message: string];

const REFUSED: Row[] = [
  ['$select=, (empty item)', '$select=,', undefined, 'BadRequest', 'An identifier was expected at position 0.'],
  ['$select with an empty middle item', '$select=id,,subject', undefined, 'BadRequest', 'An identifier was expected at position 3.'],
  ['$select starting with a comma', '$select=,id', undefined, 'BadRequest', 'An identifier was expected at position 0.'],
  ['$expand=, (empty item)', '$expand=,', undefined, 'BadRequest', 'An identifier was expected at position 0.'],
  ['$orderby with a trailing comma', '$orderby=id,', undefined, 'BadRequest', "Expression expected at position 3 in 'id,'."],
  ['repeated $top', '$top=1&$top=2', undefined, 'BadRequest', "Query option '$top' was specified more than once, but it must be specified at most once."],
  ['repeated $select, other casing', '$select=id&$SELECT=id', undefined, 'BadRequest', "Query option '$select' was specified more than once, but it must be specified at most once."],
  ['repeated $filter', `$filter=${encodeURIComponent("id eq 'x'")}&$filter=${encodeURIComponent("id eq 'y'")}`, undefined, 'BadRequest', "Query option '$filter' was specified more than once, but it must be specified at most once."],
  ['repeated $count, before its value is checked', '$count=maybe&$count=true', undefined, 'BadRequest', "Query option '$count' was specified more than once, but it must be specified at most once."],
  ['$top=-1', '$top=-1', undefined, 'BadRequest', "Invalid value '-1' for $top query option found. The $top query option requires a non-negative integer value."],
  ['$top=abc', '$top=abc', undefined, 'BadRequest', "Invalid value 'abc' for $top query option found. The $top query option requires a non-negative integer value."],
  ['$top= (empty)', '$top=', undefined, 'BadRequest', "Invalid value '' for $top query option found. The $top query option requires a non-negative integer value."],
  ['$top beyond Int64', '$top=99999999999999999999', undefined, 'BadRequest', "Invalid value '99999999999999999999' for $top query option found. The $top query option requires a non-negative integer value."],
  ['$skip=-1', '$skip=-1', undefined, 'BadRequest', "Invalid value '-1' for $skip query option found. The $skip query option requires a non-negative integer value."],
  ['$count=maybe', '$count=maybe', undefined, 'BadRequest', "'maybe' is not a valid count option."],
  ['$count=True (ODataLib compares case-sensitively)', '$count=True', undefined, 'BadRequest', "'True' is not a valid count option."],
  ['$count=FALSE', '$count=FALSE', undefined, 'BadRequest', "'FALSE' is not a valid count option."],
  ['Prefer odata.maxpagesize=-1', '', 'odata.maxpagesize=-1', 'BadRequest', "Invalid value '-1' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires a positive integer value."],
  ['Prefer odata.maxpagesize=0', '', 'odata.maxpagesize=0', 'BadRequest', "Invalid value '0' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires a positive integer value."],
  ['Prefer odata.maxpagesize=abc', '', 'odata.maxpagesize=abc', 'BadRequest', "Invalid value 'abc' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires an integer value."],
  ['Prefer odata.maxpagesize=1.5', '', 'odata.maxpagesize=1.5', 'BadRequest', "Invalid value '1.5' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires an integer value."],
  ['Prefer odata.maxpagesize beyond Int32, next to another preference', '', 'outlook.timezone="UTC", odata.maxpagesize=2147483648', 'BadRequest', "Invalid value '2147483648' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires an integer value."],
];

describe.each(COLLECTIONS)('malformed options on a %s collection (%s)', (_kind, path) => {
  it.each(REFUSED)('%s → 400', async (_what, query, prefer, code, message) => {
    const r = await f.call('GET', at(path, query), t, prefer ? { headers: { prefer } } : {});
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code, message });
  });
});

// What the Graph JS client, Kiota (msgraph-sdk) and hand-written apps send: each must still be 200.
const id = (path: string) => (path === '/users' ? 'displayName' : 'subject');
const ACCEPTED: [what: string, query: (path: string) => string, headers?: Record<string, string>][] = [
  ['$select=a,b', (p) => `$select=id,${id(p)}`],
  ['$select with a space after the comma', (p) => `$select=id,%20${id(p)}`],
  ['$select with one trailing comma (ODataLib accepts it)', (p) => `$select=id,${id(p)},`],
  ['$select= (empty: the default set)', () => '$select='],
  ['$top=1', () => '$top=1'],
  ['$filter with %20', (p) => `$filter=${encodeURIComponent(`startswith(${id(p)},'P')`)}`],
  ['$filter with +', (p) => `$filter=startswith(${id(p)},'P')`.replace(/ /g, '+')],
  ['$filter eq with + for spaces', (p) => `$filter=${id(p)}+eq+'Planning'`],
  ['$orderby=a desc', (p) => `$orderby=${id(p)}%20desc`],
  ['Prefer odata.maxpagesize=5', () => '', { prefer: 'odata.maxpagesize=5' }],
  ['Prefer odata.maxpagesize quoted, with other preferences', () => '', { prefer: 'outlook.timezone="UTC", odata.maxpagesize="5"' }],
];

describe.each(COLLECTIONS)('well-formed options on a %s collection (%s)', (_kind, path) => {
  it.each(ACCEPTED)('%s → 200', async (_what, query, headers) => {
    const r = await f.call('GET', at(path, query(path)), t, headers ? { headers } : {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Array.isArray(r.body.value)).toBe(true);
  });

  it('$count with white space around true is trimmed, as ODataLib does', async () => {
    const r = await f.call('GET', at(path, '$count=%20true%20'), t, { headers: { ConsistencyLevel: 'eventual' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body['@odata.count']).toBe(r.body.value.length);
  });

  it('$count=true answers with @odata.count (with ConsistencyLevel: eventual on the directory)', async () => {
    const r = await f.call('GET', at(path, '$count=true'), t, { headers: { ConsistencyLevel: 'eventual' } });
    expect(r.status).toBe(200);
    expect(r.body['@odata.count']).toBe(r.body.value.length);
  });
});

describe('paging links are not repeats', () => {
  it('following @odata.nextLink (it replaces $skiptoken, never adds a second) pages to the end', async () => {
    let url: string | undefined = '/v1.0/users?$top=2&$select=id';
    let pages = 0;
    while (url) {
      const r = await f.call('GET', url, t);
      expect(r.status).toBe(200);
      url = (r.body['@odata.nextLink'] as string | undefined)?.replace(/^https:\/\/[^/]+/, '');
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
  });

  it('a nextLink with $skiptoken sent twice is a repeat', async () => {
    const first = await f.call('GET', '/users?$top=2', t);
    const token = new URL(first.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
    const r = await f.call('GET', `/users?$top=2&$skiptoken=${token}&$skiptoken=${token}`, t);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("Query option '$skiptoken' was specified more than once, but it must be specified at most once.");
  });
});
