import { describe, expect, it } from 'vitest';
import { PathTrie } from './path-trie.js';
import { callShape, compileTemplateSegment, splitGraphPath } from './segments.js';

describe('splitGraphPath', () => {
  it('keeps slashes inside function arguments and quotes', () => {
    expect(splitGraphPath("/me/drive/root/search(q='a/b')/x")).toEqual(['me', 'drive', 'root', "search(q='a/b')", 'x']);
  });

  it('treats an apostrophe outside parentheses as plain text', () => {
    expect(splitGraphPath("/users/o'brien@contoso.test/calendar")).toEqual(['users', "o'brien@contoso.test", 'calendar']);
  });

  it('keeps a drive item path between colons as one segment', () => {
    expect(splitGraphPath('/me/drive/root:/a/b/c.txt:/content')).toEqual(['me', 'drive', 'root:', 'a/b/c.txt:', 'content']);
    expect(splitGraphPath('/drives/d1/root:/a/b.txt')).toEqual(['drives', 'd1', 'root:', 'a/b.txt']);
  });
});

describe('segment patterns', () => {
  it('shapes a call by name and sorted argument names, ignoring values and order', () => {
    expect(callShape("reminderView(startDateTime='2024-01-01',endDateTime='2024-01-02')", true)).toBe(
      'reminderview(enddatetime,startdatetime)',
    );
    expect(callShape('reminderview(startdatetime={value},enddatetime={value})', true)).toBe('reminderview(enddatetime,startdatetime)');
    expect(callShape("workflows('abc')", true)).toBe('workflows(#)');
    expect(callShape('plain', true)).toBeUndefined();
  });

  it('classifies template segments', () => {
    expect(compileTemplateSegment('{id}', true)).toEqual({ kind: 'param' });
    expect(compileTemplateSegment('{+name}', false)).toEqual({ kind: 'rest' });
    expect(compileTemplateSegment('Users', true)).toEqual({ kind: 'literal', key: 'users' });
    expect(compileTemplateSegment('{deviceId}:issueCommand', false)).toEqual({ kind: 'regex', source: '^.+:issueCommand$' });
  });
});

describe('PathTrie', () => {
  const trie = new PathTrie<string>(true);
  for (const t of ['/a/{x}/c', '/a/b/c', '/a/b/d', '/p/{+rest}', '/p/{+parent}/q']) trie.insert(t.split('/').slice(1), t);
  const match = (p: string): string | undefined => trie.match(p.split('/').slice(1), () => true);

  it('prefers literals, backtracks to parameters, and matches literals case-insensitively', () => {
    expect(match('/A/B/C')).toBe('/a/b/c');
    expect(match('/a/zz/c')).toBe('/a/{x}/c');
    expect(match('/a/b/e')).toBeUndefined();
  });

  it('lets a rest parameter take the fewest segments that leave a match', () => {
    expect(match('/p/x/y/q')).toBe('/p/{+parent}/q');
    expect(match('/p/x/y/z')).toBe('/p/{+rest}');
  });

  it('reports an equivalent template on insert', () => {
    expect(trie.insert(['a', '{other}', 'C'], 'dup')).toBe('/a/{x}/c');
  });
});
