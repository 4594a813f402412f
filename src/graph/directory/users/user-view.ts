import type { FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import type { Authorization } from '../../auth/authorize.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';
import { toDirectoryObjects } from '../shapes/directory-object.js';
import { USER_SPEC, basicOnly, toGraphUser } from '../shapes/user-shape.js';

// How a caller sees users: the full resource, or only the basic profile when User.ReadBasic.All is
// all that allowed the call (other properties read as null), and `$expand=manager`.

/** True when the only permissions that allowed the call read the basic profile. */
export function basicProfileOnly(auth: Authorization): boolean {
  return auth.allowing.every((p) => /^user\.readbasic\.all$/i.test(p) || /^user\.(read|readwrite)$/i.test(p)) && auth.allowing.some((p) => /^user\.readbasic\.all$/i.test(p));
}

export function userView(auth: Authorization, u: UserRecord): Resource {
  const full = toGraphUser(u);
  const self = auth.principal.userId?.toLowerCase() === u.id.toLowerCase();
  return !self && basicProfileOnly(auth) ? basicOnly(full) : full;
}

export function userSpecFor(req: FastifyRequest): CollectionSpec {
  return {
    ...USER_SPEC,
    expand: {
      manager: {
        async load(item, select) {
          const u = await req.graph.ctx.s.stores.directory.getUser(req.graph.tenant!.id, String(item.id));
          if (!u?.managerId) return null;
          const [m] = await toDirectoryObjects(req, [{ id: u.managerId, type: 'user' }]);
          if (!m || !select) return m ?? null;
          const out: Resource = { '@odata.type': m['@odata.type'] };
          for (const k of select) out[k] = m[k] ?? null;
          return out;
        },
      },
    },
  };
}
