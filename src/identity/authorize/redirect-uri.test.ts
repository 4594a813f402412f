import { describe, expect, it } from 'vitest';
import { matchRedirectUri, responseTarget, sameRedirectUri } from './redirect-uri.js';
import { redirectLocation } from './respond.js';

const app = {
  redirectUris: {
    web: ['https://app.contoso.test/auth/callback', 'http://localhost/web'],
    spa: ['http://localhost:3000'],
    publicClient: ['http://127.0.0.1/native', 'https://login.microsoftonline.com/common/oauth2/nativeclient'],
  },
};

describe('redirect URI matching (entra-docs reply-url.md)', () => {
  it.each([
    ['https://app.contoso.test/auth/callback', 'web'],
    ['HTTPS://APP.CONTOSO.TEST/auth/callback', 'web'],
    ['http://localhost:5173/web', 'web'],
    ['http://localhost:61234', 'spa'],
    ['http://localhost:3000/', 'spa'],
    ['http://127.0.0.1:49152/native', 'publicClient'],
    ['https://login.microsoftonline.com/common/oauth2/nativeclient', 'publicClient'],
  ])('%s matches as %s', (uri, platform) => {
    expect(matchRedirectUri(app, uri)).toEqual({ uri, platform });
  });

  it.each([
    'https://app.contoso.test/Auth/callback', // paths are case-sensitive
    'https://app.contoso.test:8443/auth/callback', // ports matter outside loopback
    'https://app.contoso.test/auth/callback/extra',
    'http://app.contoso.test/auth/callback',
    'http://[::1]:3000', // IPv6 loopback is not supported by Entra
    'http://localhost.evil.test:3000',
    'not a uri',
  ])('%s does not match', (uri) => {
    expect(matchRedirectUri(app, uri)).toBeUndefined();
  });

  it('treats localhost and 127.0.0.1 as different hosts', () => {
    expect(sameRedirectUri('http://localhost/native', 'http://127.0.0.1:4000/native')).toBe(false);
  });

  it('answers URIs without a path at "/"', () => {
    expect(responseTarget('http://localhost:7071')).toBe('http://localhost:7071/');
    expect(responseTarget('https://contoso.com/abc')).toBe('https://contoso.com/abc');
  });
});

describe('response modes', () => {
  const params = { code: 'abc', state: 'eyJpZCI6IjEifQ==/+&x' };
  it('query appends to an existing query string and keeps state byte-exact', () => {
    const loc = redirectLocation({ redirectUri: 'https://app.test/cb?tenant=a', mode: 'query' }, params);
    expect(loc.startsWith('https://app.test/cb?tenant=a&code=abc&state=')).toBe(true);
    expect(new URL(loc).searchParams.get('state')).toBe(params.state);
  });
  it('fragment puts the parameters after #', () => {
    const loc = redirectLocation({ redirectUri: 'http://localhost:3000', mode: 'fragment' }, params);
    expect(loc.startsWith('http://localhost:3000/#code=abc')).toBe(true);
    expect(new URLSearchParams(new URL(loc).hash.slice(1)).get('state')).toBe(params.state);
  });
});
