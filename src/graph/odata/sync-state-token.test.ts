import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSyncStateToken, encodeSyncStateToken } from './sync-state-token.js';

describe('sync-state tokens', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUv';

  it('decode returns the id only under the binding it was issued with', () => {
    const t = encodeSyncStateToken(id, ['delta', 't1', 'users']);
    expect(decodeSyncStateToken(t, ['delta', 't1', 'users'])).toBe(id);
    expect(decodeSyncStateToken(t, ['skip', 't1', 'users'])).toBeUndefined();
    expect(decodeSyncStateToken(t, ['delta', 't2', 'users'])).toBeUndefined();
    expect(decodeSyncStateToken(`${id.slice(0, -1)}w.${t.split('.')[1]}`, ['delta', 't1', 'users'])).toBeUndefined();
    expect(decodeSyncStateToken('garbage', ['delta', 't1', 'users'])).toBeUndefined();
    expect(decodeSyncStateToken('latest', [])).toBeUndefined();
  });

  it('reads the calendar tokens issued before the shared helper (same check)', () => {
    const scope = ['delta', 'tenant', 'owner-id', 'calendar-id'];
    const old = `${id}.${createHash('sha256').update(`delta\u0001tenant\u0001owner-id\u0001calendar-id\u0001${id}`).digest('base64url').slice(0, 16)}`;
    expect(decodeSyncStateToken(old, scope)).toBe(id);
    expect(encodeSyncStateToken(id, scope)).toBe(old);
  });
});
