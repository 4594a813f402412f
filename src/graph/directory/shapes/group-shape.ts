import type { GroupRecord } from '../../../store/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../../odata/collection.js';

// The Graph `group` resource (graph-docs resources/group.md) from a GroupRecord. A room list is a
// distribution group in Exchange, so it lists here as a mail-enabled, non-security group.

export function toGraphGroup(g: GroupRecord): Resource {
  const unified = g.groupTypes.includes('Unified');
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: g.createdDateTime,
    creationOptions: [],
    description: g.description,
    displayName: g.displayName,
    expirationDateTime: null,
    groupTypes: [...g.groupTypes],
    isAssignableToRole: null,
    mail: g.mail,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname ?? (g.mail ? g.mail.split('@')[0] : null),
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: g.mail ? [`SMTP:${g.mail}`] : [],
    renewedDateTime: g.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: g.securityEnabled,
    securityIdentifier: null,
    theme: null,
    visibility: unified ? 'Public' : null,
  };
}

/** With `assignedLabels`, which Graph returns only on $select (group.md); [] when none is set. */
export function toGraphGroupWithLabels(g: GroupRecord): Resource {
  return { ...toGraphGroup(g), assignedLabels: (g.assignedLabels ?? []).map((l) => ({ labelId: l.labelId, displayName: l.displayName })) };
}

const text: PropertySpec = { filter: ['eq', 'in', 'startswith'], advancedFilter: ['ne', 'endswith'], search: true };
const bool: PropertySpec = { filter: ['eq'], advancedFilter: ['ne'] };
const multi: PropertySpec = { filter: ['any'], advancedFilter: ['all'] };

const GROUP_PROPERTIES: Record<string, PropertySpec> = {
  id: { filter: ['eq', 'in'], advancedFilter: ['ne'] },
  deletedDateTime: {},
  classification: { filter: ['eq', 'in', 'startswith'] },
  createdDateTime: { advancedFilter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'], orderby: 'advanced' },
  creationOptions: {},
  description: { filter: ['eq', 'in', 'startswith'], advancedFilter: ['ne'], search: true },
  displayName: { ...text, orderby: 'basic' },
  expirationDateTime: {},
  groupTypes: multi,
  isAssignableToRole: bool,
  mail: { ...text, orderby: 'advanced' },
  mailEnabled: bool,
  mailNickname: text,
  membershipRule: {},
  membershipRuleProcessingState: {},
  onPremisesSyncEnabled: bool,
  preferredDataLocation: {},
  preferredLanguage: {},
  proxyAddresses: multi,
  renewedDateTime: {},
  resourceBehaviorOptions: {},
  resourceProvisioningOptions: multi,
  securityEnabled: bool,
  securityIdentifier: {},
  theme: {},
  visibility: {},
  assignedLabels: {},
};

export const GROUP_SPEC: CollectionSpec = {
  type: 'group',
  resourceName: 'Group',
  entitySet: 'groups',
  properties: GROUP_PROPERTIES,
  // assignedLabels only on $select (group.md: "Returned only on $select.").
  defaultSelect: Object.keys(GROUP_PROPERTIES).filter((k) => k !== 'assignedLabels'),
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: true,
  search: true,
  directoryAdvancedQueries: true,
};
