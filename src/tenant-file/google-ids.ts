import { createHash } from 'node:crypto';

// Ids of Google objects the tenant file leaves out, derived from their natural keys. Derived, not
// random: the same file gives the same ids on every machine, after every reset, with nothing to
// remember in the data dir. Each has the shape of the real thing, so apps that check formats
// accept them. Ids written in the file always win.

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Digits from a hash: `n` decimal digits, the first never 0. */
function digits(text: string, n: number): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += BigInt('0x' + hex(`${text}#${i}`).slice(0, 15)).toString().slice(1);
  return String(1 + (Number(out[0]) % 9)) + out.slice(1, n);
}

/** Workspace customer id, e.g. C03k7w1ab. */
export function googleCustomerId(domain: string): string {
  return 'C0' + BigInt('0x' + hex(`customer:${domain}`).slice(0, 12)).toString(36).slice(0, 7).padStart(7, '0');
}

/** A user's or group's numeric id (21 digits, like Google's). */
export function googleNumericId(kind: 'user' | 'group' | 'service-account', key: string): string {
  return digits(`${kind}:${key.toLowerCase()}`, 21);
}

/** A resource id, as the admin console generates them (digits). */
export function googleResourceId(domain: string, name: string): string {
  return digits(`resource:${domain}:${name}`, 11);
}

export function googleResourceEmail(domain: string, resourceId: string): string {
  return `c_188${hex(`resource-email:${domain}:${resourceId}`).slice(0, 27)}@resource.calendar.google.com`;
}

export function googleSecondaryCalendarId(domain: string, owner: string, name: string): string {
  return `c_${hex(`calendar:${domain}:${owner.toLowerCase()}:${name}`)}@group.calendar.google.com`;
}

export function googleOAuthClientId(domain: string, name: string): string {
  const h = hex(`oauth-client:${domain}:${name}`);
  const alnum = BigInt('0x' + h.slice(0, 40)).toString(36).padStart(32, '0').slice(0, 32);
  return `${digits(`oauth-project:${domain}`, 12)}-${alnum}.apps.googleusercontent.com`;
}

/** The default project id service accounts live in: tenantbox-<domain's first label>. */
export function googleProjectId(domain: string): string {
  const label = domain.split('.')[0]!.replace(/[^a-z0-9-]/g, '-').slice(0, 18);
  return `tenantbox-${label}`.replace(/-+$/, '');
}
