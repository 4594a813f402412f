import type { ApplicationRecord, RequiredResourceAccess } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { bool, rejectUnknown, str, strArray, type Body } from '../request-body.js';

// The writable part of an application, shared by create and update. Credentials (addPassword,
// addKey) and exposed-API scopes are managed in the tenant file, not here.
export const APPLICATION_WRITABLE = ['displayName', 'signInAudience', 'isFallbackPublicClient', 'identifierUris', 'web', 'spa', 'publicClient', 'requiredResourceAccess'];

export function applyApplicationBody(a: ApplicationRecord, body: Body): ApplicationRecord {
  rejectUnknown(body, APPLICATION_WRITABLE, 'Application');
  const next: ApplicationRecord = { ...a, redirectUris: { ...a.redirectUris } };
  const name = str(body, 'displayName', 'Application');
  if (name !== undefined) next.displayName = name;
  const audience = str(body, 'signInAudience', 'Application');
  if (audience !== undefined) {
    if (audience !== 'AzureADMyOrg' && audience !== 'AzureADMultipleOrgs') throw graphErrors.notImplemented(`signInAudience '${audience}' (tenantbox models AzureADMyOrg and AzureADMultipleOrgs)`);
    next.signInAudience = audience;
  }
  const fallback = bool(body, 'isFallbackPublicClient', 'Application');
  if (fallback !== undefined) next.isFallbackPublicClient = fallback;
  const uris = strArray(body, 'identifierUris', 'Application');
  if (uris !== undefined) next.identifierUris = uris;
  for (const kind of ['web', 'spa', 'publicClient'] as const) {
    const v = body[kind];
    if (v === undefined) continue;
    const redirects = (v as { redirectUris?: unknown })?.redirectUris;
    if (typeof v !== 'object' || v === null || (redirects !== undefined && (!Array.isArray(redirects) || !redirects.every((x) => typeof x === 'string')))) {
      throw graphErrors.invalidProperty(kind, 'Application');
    }
    if (redirects !== undefined) next.redirectUris[kind] = redirects as string[];
  }
  const rra = body.requiredResourceAccess;
  if (rra !== undefined) {
    if (!Array.isArray(rra)) throw graphErrors.invalidProperty('requiredResourceAccess', 'Application');
    next.requiredResourceAccess = rra.map((r): RequiredResourceAccess => {
      const o = r as { resourceAppId?: unknown; resourceAccess?: unknown };
      if (typeof o?.resourceAppId !== 'string' || !Array.isArray(o.resourceAccess)) throw graphErrors.invalidProperty('requiredResourceAccess', 'Application');
      return {
        resourceAppId: o.resourceAppId,
        resourceAccess: o.resourceAccess.map((x) => {
          const ra = x as { id?: unknown; type?: unknown };
          if (typeof ra?.id !== 'string' || (ra.type !== 'Scope' && ra.type !== 'Role')) throw graphErrors.invalidProperty('requiredResourceAccess', 'Application');
          return { id: ra.id, type: ra.type };
        }),
      };
    });
  }
  return next;
}
