import { Gaxios } from 'gaxios';
import { google } from 'googleapis';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalog } from '../../src/catalog/index.js';
import { httpsGet } from '../harness/https-get.js';
import { signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { SCOPE, api, enc, keyFileOf, requestToken, tokenFor } from './helpers.js';

// What Google refuses, and how: token-endpoint errors in OAuth shape, API errors in Google's shape,
// each with the status and reason apps branch on.

let tb: GoogleTestbox;
let orion: string;
let anchor: string;
let lyra: string;
beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
  const rooms = await tb.stores.google!.directory.listResources(tb.seed.tenants[0]!.tenantId);
  [orion, lyra, anchor] = ['Orion', 'Lyra', 'Anchor'].map((n) => rooms.find((r) => r.resourceName === n)!.resourceEmail) as [string, string, string];
});
afterAll(async () => tb?.cleanup());

const DELEGATED = [SCOPE('calendar'), SCOPE('calendar.events'), SCOPE('admin.directory.resource.calendar.readonly')];

describe('token endpoint (JWT bearer)', () => {
  it('refuses a scope the client id is not delegated: 401 unauthorized_client, not saying which', async () => {
    const r = await requestToken(tb, keyFileOf(tb, 'room-signage'), { scopes: [SCOPE('calendar'), SCOPE('admin.directory.user.readonly')], sub: 'signage@contoso.test' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    });
  });

  it('surfaces unauthorized_client through unmodified google-auth-library', async () => {
    const transporter = new Gaxios();
    transporter.interceptors.request.add({
      resolved: async (o) => {
        o.url = new URL(String(o.url).replace('https://oauth2.googleapis.com/', `${tb.url}/`));
        return o;
      },
    });
    const jwt = new google.auth.JWT({ keyFile: keyFileOf(tb, 'room-signage'), scopes: [SCOPE('calendar.readonly')], subject: 'signage@contoso.test', transporter: transporter as any });
    const err = await jwt.authorize().then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeDefined();
    expect(String(err.message)).toContain('unauthorized_client');
    expect(err.response?.status ?? err.status).toBe(401);
  });

  it('refuses an unknown or suspended user: 400 invalid_grant', async () => {
    for (const sub of ['nobody@contoso.test', 'leaver@contoso.test']) {
      const r = await requestToken(tb, keyFileOf(tb, 'room-signage'), { scopes: DELEGATED, sub });
      expect(r.status, sub).toBe(400);
      expect(r.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    }
  });

  it('refuses a wrong signature, an unknown issuer, a bad audience and a long-lived assertion', async () => {
    const key = keyFileOf(tb, 'room-signage');
    const bad = await requestToken(tb, key, { scopes: DELEGATED, sub: 'signage@contoso.test', signWith: keyFileOf(tb, 'everything-bot') });
    expect(bad).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    const unknown = await requestToken(tb, key, { scopes: DELEGATED, iss: 'ghost@tenantbox-contoso.iam.gserviceaccount.com' });
    expect(unknown).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } });
    const aud = await requestToken(tb, key, { scopes: DELEGATED, aud: 'https://example.test/token' });
    expect(aud.body.error).toBe('invalid_grant');
    const now = Math.floor(Date.now() / 1000);
    const long = await requestToken(tb, key, { scopes: DELEGATED, iat: now, exp: now + 7200 });
    expect(long.body.error_description).toMatch(/^Invalid JWT: Token must be a short-lived token \(60 minutes\)/);
    const empty = await requestToken(tb, key, { scopes: [] });
    expect(empty.body).toEqual({ error: 'invalid_scope', error_description: 'Invalid OAuth scope or ID token audience provided.' });
  });

  it('accepts our own token URL as audience, and issues 3599 s tokens without a refresh token', async () => {
    const r = await requestToken(tb, keyFileOf(tb, 'room-signage'), { scopes: DELEGATED, sub: 'signage@contoso.test', aud: `${tb.url}/token` });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, token_type: 'Bearer' });
  });
});

describe('API refusals', () => {
  it('401 authError for a missing, unknown or expired token', async () => {
    const token = await tokenFor(tb, 'room-signage', DELEGATED, 'signage@contoso.test');
    expect((await api(tb, token, 'GET', '/calendar/v3/users/me/calendarList')).status).toBe(200);
    const none = await tb.fetch('/calendar/v3/users/me/calendarList');
    expect(none.status).toBe(401);
    expect((await api(tb, 'ya29.not-a-token', 'GET', '/calendar/v3/users/me/calendarList')).status).toBe(401);

    await tb.admin('POST', '/clock', { advance: '3600s' });
    const expired = await api(tb, token, 'GET', '/calendar/v3/users/me/calendarList');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: {
        code: 401,
        message: 'Invalid Credentials',
        errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
        status: 'UNAUTHENTICATED',
      },
    });
    // A fresh assertion (signed with the client's real clock) still gets a token after time travel.
    const fresh = await tokenFor(tb, 'room-signage', DELEGATED, 'signage@contoso.test');
    expect((await api(tb, fresh, 'GET', '/calendar/v3/users/me/calendarList')).status).toBe(200);
  });

  it('403 insufficientPermissions when the token holds none of the method scopes, and audits what was missing', async () => {
    const token = await tokenFor(tb, 'everything-bot', [SCOPE('calendar.events.readonly')], 'megan@contoso.test');
    const r = await api(tb, token, 'POST', '/calendar/v3/calendars/primary/events', { summary: 'x', start: { dateTime: '2030-01-01T10:00:00Z' }, end: { dateTime: '2030-01-01T11:00:00Z' } });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({
      code: 403,
      message: 'Request had insufficient authentication scopes.',
      errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
      status: 'PERMISSION_DENIED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service: 'calendar-json.googleapis.com', method: 'calendar.v3.Events.Insert' } }],
    });
    const audit = (await tb.stores.audit.query({})).filter((a) => a.status === 403 && a.path === '/calendar/v3/calendars/primary/events').pop()!;
    expect(audit.permission).toBeNull();
    expect(audit.missing).toEqual([...getCatalog().google.method('calendar.events.insert')!.scopes]);
    expect(audit.granted).toEqual([SCOPE('calendar.events.readonly')]);
  });

  it('404 notFound for a calendar the user has no ACL on; 403 requiredAccessLevel to write with free/busy only', async () => {
    const megan = await tokenFor(tb, 'room-signage', DELEGATED, 'megan@contoso.test');
    const hidden = await api(tb, megan, 'GET', `/calendar/v3/calendars/${enc(anchor)}/events`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toMatchObject({ code: 404, message: 'Not Found', errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }] });
    const insert = await api(tb, megan, 'POST', `/calendar/v3/calendars/${enc(lyra)}/events`, { summary: 'x', start: { dateTime: '2030-01-01T10:00:00Z' }, end: { dateTime: '2030-01-01T11:00:00Z' } });
    expect(insert.status).toBe(403);
    expect(insert.body.error.errors[0]).toEqual({ domain: 'calendar', reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });
    // Robin's group (facilities) is a writer of Anchor.
    const robin = await tokenFor(tb, 'room-signage', DELEGATED, 'robin@contoso.test');
    expect((await api(tb, robin, 'GET', `/calendar/v3/calendars/${enc(anchor)}/events`)).body.accessRole).toBe('writer');
    const audit = (await tb.stores.audit.query({})).filter((a) => a.status === 404).pop()!;
    expect(audit.policy).toBe('calendar-acl');
  });

  it('403 "Not Authorized to access this resource/api" on the Admin SDK for a non-admin', async () => {
    const megan = await tokenFor(tb, 'room-signage', DELEGATED, 'megan@contoso.test');
    const r = await api(tb, megan, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars');
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 403, message: 'Not Authorized to access this resource/api', errors: [{ domain: 'global', reason: 'forbidden', message: 'Not Authorized to access this resource/api' }] });
  });

  it('a service account acting as itself (no sub) sees no user data', async () => {
    const own = await tokenFor(tb, 'room-signage', DELEGATED);
    expect((await api(tb, own, 'GET', '/calendar/v3/calendars/primary/events')).status).toBe(200);
    expect((await api(tb, own, 'GET', '/calendar/v3/calendars/signage%40contoso.test/events')).status).toBe(404);
    expect((await api(tb, own, 'GET', `/calendar/v3/calendars/${enc(orion)}/events`)).status).toBe(404);
    expect((await api(tb, own, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars')).status).toBe(403);
  });

  it('answers a Google path on a Microsoft host as that host would (not Google)', async () => {
    const token = await tokenFor(tb, 'room-signage', DELEGATED, 'signage@contoso.test');
    const res = await httpsGet(`${tb.url}/calendar/v3/users/me/calendarList`, readFileSync(tb.caCertPath), { authorization: `Bearer ${token}`, host: 'graph.microsoft.com' });
    expect(res.status).not.toBe(200);
    expect(JSON.parse(res.body).error.errors).toBeUndefined(); // not Google's error shape
  });
});
