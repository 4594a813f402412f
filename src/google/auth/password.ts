import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// Passwords of Google users (for the sign-in page of the user OAuth flow), stored as scrypt hashes.
// Small cost parameters: this is a local emulator, and seeding hashes every user's password.

const N = 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${N}$${salt.toString('base64url')}$${scryptSync(password, salt, 32, { N }).toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false;
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n) });
  return timingSafeEqual(expected, got);
}
