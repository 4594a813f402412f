import { createHash } from 'node:crypto';

/** A stable GUID per (tenant id, policy name): a reset re-seeds the same ids, as claims challenges name them. */
export function policyId(tenantId: string, name: string): string {
  const h = createHash('sha256').update(`${tenantId}\n${name.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
