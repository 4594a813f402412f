import type { Services } from '../../shared/services.js';

// Owners of applications and service principals created through Graph. The store's records have no
// owners field, so they are kept in the meta store (persisted with the data dir), keyed by object.
// Owners decide who may change an app with delegated rights (a non-admin owner) or with the
// application permission Application.ReadWrite.OwnedBy (an app that created it).

const key = (tenantId: string, objectId: string) => `graph:owners:${tenantId}:${objectId.toLowerCase()}`;

export async function ownersOf(s: Services, tenantId: string, objectId: string): Promise<string[]> {
  const raw = await s.stores.meta.get(key(tenantId, objectId));
  return raw ? (JSON.parse(raw) as string[]) : [];
}

export async function addOwner(s: Services, tenantId: string, objectId: string, ownerId: string): Promise<void> {
  const owners = await ownersOf(s, tenantId, objectId);
  if (!owners.includes(ownerId.toLowerCase())) owners.push(ownerId.toLowerCase());
  await s.stores.meta.set(key(tenantId, objectId), JSON.stringify(owners));
}

export async function isOwner(s: Services, tenantId: string, objectId: string, candidateId: string | null): Promise<boolean> {
  return candidateId !== null && (await ownersOf(s, tenantId, objectId)).includes(candidateId.toLowerCase());
}
