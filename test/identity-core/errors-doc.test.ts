import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IDENTITY_ERROR_DEFS, identityErrors, IdentityError } from '../../src/identity/errors.js';

// fastify-style: the catalogue and docs/errors-identity.md cannot drift apart (style.md §7).

const doc = readFileSync(new URL('../../docs/errors-identity.md', import.meta.url), 'utf8');
const rows = [...doc.matchAll(/^\| `(\w+)` \| AADSTS(\d+) \| (\w+) \| (\d{3}) \|/gm)].map((m) => ({ name: m[1]!, code: Number(m[2]), error: m[3]!, status: Number(m[4]) }));

describe('identity error catalogue', () => {
  it('documents every error, and nothing else', () => {
    const fromDoc = rows.map((r) => `${r.name} AADSTS${r.code} ${r.error} ${r.status}`).sort();
    const fromCode = Object.entries(IDENTITY_ERROR_DEFS)
      .map(([name, d]) => `${name} AADSTS${d.aadsts} ${d.error} ${d.status}`)
      .sort();
    expect(fromDoc).toEqual(fromCode);
  });

  it('has one factory per definition, each producing its own code', () => {
    expect(Object.keys(identityErrors).sort()).toEqual(Object.keys(IDENTITY_ERROR_DEFS).sort());
    for (const [name, factory] of Object.entries(identityErrors)) {
      const err = (factory as (...a: unknown[]) => IdentityError)('x', 'y', 1, 2);
      expect(err).toBeInstanceOf(IdentityError);
      expect(err.errorName).toBe(name);
      expect(err.message).toMatch(new RegExp(`^AADSTS${IDENTITY_ERROR_DEFS[name as keyof typeof IDENTITY_ERROR_DEFS].aadsts}: \\S`));
    }
  });

  it("renders Entra's JSON envelope", () => {
    const now = new Date('2026-01-09T02:02:12.345Z');
    const body = identityErrors.consentRequired('app-1', 'Room display').toResponse({ requestId: 'trace-1', clientRequestId: 'corr-1', now }).body as Record<string, unknown>;
    expect(body).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^AADSTS65001: The user or administrator has not consented to use the application with ID 'app-1' named 'Room display'\..*\r\nTrace ID: trace-1\r\nCorrelation ID: corr-1\r\nTimestamp: 2026-01-09 02:02:12Z$/s),
      error_codes: [65001],
      timestamp: '2026-01-09 02:02:12Z',
      trace_id: 'trace-1',
      correlation_id: 'corr-1',
      error_uri: 'https://login.microsoftonline.com/error?code=65001',
      suberror: 'consent_required',
    });
  });

  it('answers 401 for invalid_client and 400 otherwise', () => {
    const info = { requestId: 'r', now: new Date() };
    expect(identityErrors.badClientSecret('a').toResponse(info).status).toBe(401);
    expect(identityErrors.codeReused().toResponse(info).status).toBe(400);
  });

  it('shows page errors as HTML to browsers and JSON to everyone else', () => {
    const err = identityErrors.redirectUriMismatch('https://evil.test/cb', 'app-1');
    const html = err.toResponse({ requestId: 'r', now: new Date(), accept: 'text/html,application/xhtml+xml' });
    expect(html.contentType).toMatch(/text\/html/);
    expect(String(html.body)).toContain('AADSTS50011');
    expect(String(html.body)).not.toContain('<script');
    const json = err.toResponse({ requestId: 'r', now: new Date(), accept: 'application/json' });
    expect((json.body as { error_codes: number[] }).error_codes).toEqual([50011]);
  });

  it('gives redirect parameters with the state echoed byte for byte', () => {
    const state = 'eyJpZCI6IjEifQ==.x y';
    const p = identityErrors.userDeclinedConsent().toRedirectParams({ requestId: 'r', now: new Date() }, state);
    expect(p.error).toBe('access_denied');
    expect(p.error_description).toMatch(/^AADSTS65004: /);
    expect(p.state).toBe(state);
  });
});
