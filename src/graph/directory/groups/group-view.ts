import type { FastifyRequest } from 'fastify';
import type { CollectionSpec, Resource } from '../../odata/collection.js';
import { toDirectoryObjects } from '../shapes/directory-object.js';
import { GROUP_SPEC } from '../shapes/group-shape.js';

// Groups with `$expand=members` (and owners), each member as a directoryObject.
export function groupSpecFor(req: FastifyRequest): CollectionSpec {
  const expandRelation = (relation: 'member' | 'owner') => ({
    async load(item: Resource, select: readonly string[] | undefined) {
      const refs = await req.graph.ctx.s.stores.directory.listMembers(req.graph.tenant!.id, String(item.id), relation);
      const objects = await toDirectoryObjects(req, refs);
      if (!select) return objects;
      return objects.map((o) => {
        const out: Resource = { '@odata.type': o['@odata.type'] };
        for (const k of select) out[k] = o[k] ?? null;
        return out;
      });
    },
  });
  return { ...GROUP_SPEC, expand: { members: expandRelation('member'), owners: expandRelation('owner') } };
}
