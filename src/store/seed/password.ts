import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

// Password hashes for users and rooms. The tenant file holds the passwords in clear (this is a
// local emulator), so the hash only keeps them out of exports and the database file: scrypt at a
// low cost (N=1024, about 1 ms) keeps seeding a few hundred users fast.
// Format: scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>

const N = 1024;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * On libuv's thread pool: seeding hashes every password of the tenant file at once (Promise.all),
 * in parallel and off the event loop (the demo tenant's 38 took ≈90 ms one after another).
 */
export function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P }, (err, hash) => (err ? reject(err) : resolve(`scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`))),
  );
}

/** Constant-time check; false (never a throw) for a malformed or missing hash. */
export function verifyPassword(password: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x! > 0) || n! > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length === 0) return false;
  const actual = scryptSync(password, salt, expected.length, { N: n!, r: r!, p: p!, maxmem: 256 * n! * r! + 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}
