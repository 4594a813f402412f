import { adminErrors } from '../shared/errors.js';
import type { Services } from '../shared/services.js';
import type { TenantRecord } from '../store/types.js';

export async function resolveTenant(s: Services, idOrDomain: string): Promise<TenantRecord> {
  const t = await s.stores.directory.getTenant(idOrDomain);
  if (!t) {
    const known = (await s.stores.directory.listTenants()).map((x) => `${x.domain} (${x.id})`).join(', ');
    throw adminErrors.notFound(`Tenant "${idOrDomain}" (known: ${known || 'none'})`);
  }
  return t;
}
