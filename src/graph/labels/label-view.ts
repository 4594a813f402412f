import type { Services } from '../../shared/services.js';
import type { SensitivityLabelRecord, SensitivityLabelStore } from '../../store/mail/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../odata/collection.js';

// microsoft.graph.security.sensitivityLabel as the beta informationProtection API returns it
// (graph-docs beta security-informationprotection-list-sensitivitylabels.md). Labels come from the
// tenant file; they apply to files and email, carry no protection, and every user sees them all.

export function labelStoreOf(s: Services): SensitivityLabelStore {
  const store = s.stores.sensitivityLabels;
  if (!store) {
    throw new Error('tenantbox: the label store is not wired: open-sqlite.ts must add `...createSqliteMailStores(main)` (src/store/mail/index.ts) to Stores');
  }
  return store;
}

const PROPERTIES = ['id', 'name', 'description', 'color', 'sensitivity', 'tooltip', 'isActive', 'isAppliable', 'contentFormats', 'hasProtection', 'parent'];
const str: PropertySpec = { filter: ['eq', 'ne', 'startswith', 'in'] };

export const LABEL_SPEC: CollectionSpec = {
  type: 'security.sensitivityLabel',
  resourceName: 'sensitivityLabel',
  entitySet: 'security/informationProtection/sensitivityLabels',
  properties: {
    ...Object.fromEntries(PROPERTIES.map((p) => [p, {}])),
    id: str,
    name: str,
    sensitivity: { filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: 'basic' },
    isActive: { filter: ['eq', 'ne'] },
    contentFormats: { filter: ['any'] },
  },
  defaultSelect: PROPERTIES,
  pageSize: 100,
  maxTop: 100,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
  defaultOrder: (a, b) => Number(a.sensitivity) - Number(b.sensitivity),
};

export function labelView(l: SensitivityLabelRecord, all: readonly SensitivityLabelRecord[]): Resource {
  const parent = l.parentId ? all.find((p) => p.id === l.parentId) : undefined;
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    color: l.color,
    sensitivity: l.sensitivity,
    tooltip: l.tooltip,
    isActive: l.isActive,
    // A parent label with sublabels cannot itself be applied.
    isAppliable: !all.some((c) => c.parentId === l.id),
    contentFormats: ['file', 'email'],
    hasProtection: false,
    parent: parent ? labelView(parent, []) : null,
  };
}
