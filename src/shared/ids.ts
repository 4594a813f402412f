import { randomBytes, randomUUID, createHash } from 'node:crypto';

// Id generation is injected so tests can be deterministic (`createSeededIds`).

export interface Ids {
  /** A GUID, as Entra and Graph use for object ids, app ids and request ids. */
  uuid(): string;
  /** An opaque random token (base64url) of the given byte length. */
  token(bytes?: number): string;
}

export const systemIds: Ids = {
  uuid: () => randomUUID(),
  token: (bytes = 32) => randomBytes(bytes).toString('base64url'),
};

/** Deterministic ids for tests: the same seed gives the same sequence. */
export function createSeededIds(seed: string): Ids {
  let n = 0;
  const next = (label: string) => createHash('sha256').update(`${seed}:${label}:${n++}`).digest();
  return {
    uuid() {
      const b = next('uuid');
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.subarray(0, 16).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    },
    token: (bytes = 32) => next('token').subarray(0, Math.min(bytes, 32)).toString('base64url'),
  };
}

/** sha256 in base64url: how refresh tokens, codes and secrets are stored. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);
