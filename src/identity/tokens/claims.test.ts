import { describe, expect, it } from 'vitest';
import { appAccessClaims, appAccessPayloadJson, type AppAccessInput } from './claims.js';

// The client-credentials payload is assembled from cached JSON fragments; it must be the very text
// JSON.stringify(appAccessClaims(...)) gives, apart from the per-token random values.

const base: AppAccessInput = {
  tenantId: '5eed0000-0000-4000-8000-0000000be4c1',
  client: { appId: '5eedbe00-0000-4000-8000-000000000001', displayName: 'Bench "Daemon" \\ ünï ☃' },
  clientSp: { id: 'a1b2c3d4-0000-4000-8000-000000000002' },
  appidacr: '1',
  resource: { appId: '00000003-0000-0000-c000-000000000000', audience: 'https://graph.microsoft.com', displayName: 'Microsoft Graph', isGraph: true },
  roles: ['Calendars.Read', 'User.Read.All'],
  iat: 1_700_000_000,
  exp: 1_700_003_599,
};

const RANDOM = ['aio', 'rh', 'uti'] as const;
const blank = (o: Record<string, unknown>) => ({ ...o, ...Object.fromEntries(RANDOM.map((k) => [k, 'x'])) });

describe('appAccessPayloadJson', () => {
  for (const [name, input] of [
    ['with roles', base],
    ['without roles', { ...base, roles: [] }],
    ['certificate client, own-app audience', { ...base, appidacr: '2' as const, resource: { ...base.resource, audience: 'api://weird"aud' }, roles: ['Jobs.Run'] }],
  ] as const) {
    it(`serializes exactly like JSON.stringify(appAccessClaims) ${name}`, () => {
      for (let i = 0; i < 3; i++) {
        const text = appAccessPayloadJson(input);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        // Canonical: re-serializing the parsed object gives the same text (key order, escaping).
        expect(JSON.stringify(parsed)).toBe(text);
        expect(JSON.stringify(blank(parsed))).toBe(JSON.stringify(blank(appAccessClaims(input))));
        const reference = appAccessClaims(input);
        for (const k of RANDOM) expect((parsed[k] as string).length).toBe((reference[k] as string).length);
        expect(parsed.rh).toMatch(/^1\.A[A-Za-z0-9_-]+\.$/);
      }
    });
  }

  it('draws fresh random values per token', () => {
    const a = JSON.parse(appAccessPayloadJson(base));
    const b = JSON.parse(appAccessPayloadJson(base));
    for (const k of RANDOM) expect(a[k]).not.toBe(b[k]);
  });
});
