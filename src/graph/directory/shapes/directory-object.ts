import type { FastifyRequest } from 'fastify';
import type { MemberType } from '../../../store/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../../odata/collection.js';
import { canReadType } from '../rules.js';
import { GROUP_SPEC, toGraphGroup } from './group-shape.js';
import { USER_DEFAULT_SELECT, USER_SPEC, toGraphUser } from './user-shape.js';

// directoryObject collections (members, owners, memberOf, manager): users and groups side by side,
// each with its `@odata.type`. An object of a type the caller may not read comes back with only
// `@odata.type` and `id`, every other property null, status still 200 (semantics doc §1.2.5).

export async function toDirectoryObjects(req: FastifyRequest, refs: readonly { id: string; type: MemberType }[]): Promise<Resource[]> {
  const { s } = req.graph.ctx;
  const principal = req.graph.principal!;
  const tenantId = req.graph.tenant!.id;
  const readUsers = canReadType({ s }, principal, 'user');
  const readGroups = canReadType({ s }, principal, 'group');
  const out: Resource[] = [];
  for (const ref of refs) {
    if (ref.type === 'user') {
      const u = await s.stores.directory.getUser(tenantId, ref.id);
      if (!u) continue;
      out.push(readUsers ? { '@odata.type': '#microsoft.graph.user', ...toGraphUser(u) } : hidden('user', u.id));
    } else {
      const g = await s.stores.directory.getGroup(tenantId, ref.id);
      if (!g) continue;
      out.push(readGroups ? { '@odata.type': '#microsoft.graph.group', ...toGraphGroup(g) } : hidden('group', g.id));
    }
  }
  return out;
}

function hidden(type: 'user' | 'group', id: string): Resource {
  const keys = Object.keys(type === 'user' ? USER_SPEC.properties : GROUP_SPEC.properties);
  const out: Resource = { '@odata.type': `#microsoft.graph.${type}` };
  for (const k of keys) out[k] = null;
  out.id = id;
  return out;
}

// Filtering a directoryObject collection is an advanced query in the directory.
const properties: Record<string, PropertySpec> = {};
for (const [k, v] of [...Object.entries(USER_SPEC.properties), ...Object.entries(GROUP_SPEC.properties)]) {
  properties[k] = { advancedFilter: [...(v.filter ?? []), ...(v.advancedFilter ?? [])], orderby: v.orderby ? 'advanced' : undefined, search: v.search };
}

export const DIRECTORY_OBJECT_SPEC: CollectionSpec = {
  type: 'directoryObject',
  resourceName: 'DirectoryObject',
  entitySet: 'directoryObjects',
  properties,
  // Without $select each object keeps its own type's default properties.
  defaultSelect: (item) => (item['@odata.type'] === '#microsoft.graph.user' ? [...USER_DEFAULT_SELECT] : Object.keys(item).filter((k) => !k.startsWith('@'))),
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: true,
  search: true,
  directoryAdvancedQueries: true,
};
