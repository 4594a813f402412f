import type { UserRecord } from '../../../store/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../../odata/collection.js';

// The Graph `user` resource (graph-docs resources/user.md) from a UserRecord. Room mailboxes are
// users too (Exchange room mailboxes have an Entra account). Properties tenantbox does not model
// are null or empty, as Graph returns them for an account that never set them.

/** v1.0's default property set (returned without $select). */
export const USER_DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** What User.ReadBasic.All may read of other users: display name, names, email, UPN (and id). */
export const USER_BASIC_PROPERTIES = new Set(['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);

export function toGraphUser(u: UserRecord): Resource {
  const nickname = u.userPrincipalName.split('@')[0]!;
  return {
    id: u.id,
    accountEnabled: u.accountEnabled,
    businessPhones: [],
    city: null,
    companyName: null,
    country: null,
    createdDateTime: u.createdDateTime,
    department: u.department,
    displayName: u.displayName,
    employeeId: null,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mailNickname: nickname,
    mobilePhone: null,
    officeLocation: u.officeLocation ?? (u.room ? [u.room.building, u.room.floor].filter((x) => x != null).join(' ') || null : null),
    otherMails: [],
    preferredLanguage: null,
    proxyAddresses: u.mail ? [`SMTP:${u.mail}`] : [],
    signInSessionsValidFromDateTime: u.signInSessionsValidFromDateTime ?? u.createdDateTime,
    surname: u.surname,
    usageLocation: null,
    userPrincipalName: u.userPrincipalName,
    userType: u.userType,
  };
}

/** Other properties read as null when only User.ReadBasic.All allowed the call. */
export function basicOnly(user: Resource): Resource {
  const out: Resource = {};
  for (const [k, v] of Object.entries(user)) out[k] = USER_BASIC_PROPERTIES.has(k) || k.startsWith('@') ? v : Array.isArray(v) ? [] : null;
  return out;
}

const text: PropertySpec = { filter: ['eq', 'in', 'startswith'], advancedFilter: ['ne', 'endswith'], search: true };
const plain: PropertySpec = { filter: ['eq', 'in'], advancedFilter: ['ne', 'startswith'] };
const adv: PropertySpec = { advancedFilter: ['eq', 'ne', 'in', 'startswith', 'endswith'], orderby: 'advanced' };
const multi: PropertySpec = { filter: ['any'], advancedFilter: ['all'] };

// Filter, order and search support as graph-docs user-list.md and aad-advanced-queries.md list it:
// eq/in/startsWith on the common text properties, `ne`, `endsWith` and `not` only as advanced
// queries; $orderby on displayName and userPrincipalName, others advanced.
export const USER_SPEC: CollectionSpec = {
  type: 'user',
  resourceName: 'User',
  entitySet: 'users',
  properties: {
    id: { filter: ['eq', 'in'], advancedFilter: ['ne'] },
    accountEnabled: { filter: ['eq'], advancedFilter: ['ne'] },
    businessPhones: multi,
    city: adv,
    companyName: adv,
    country: adv,
    createdDateTime: { advancedFilter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'], orderby: 'advanced' },
    department: { ...text, search: false },
    displayName: { ...text, orderby: 'basic' },
    employeeId: adv,
    givenName: { ...text, orderby: 'advanced' },
    jobTitle: { ...text, search: false },
    mail: { ...text, orderby: 'advanced' },
    mailNickname: text,
    mobilePhone: adv,
    officeLocation: adv,
    otherMails: multi,
    preferredLanguage: plain,
    proxyAddresses: multi,
    signInSessionsValidFromDateTime: {},
    surname: { ...text, orderby: 'advanced' },
    usageLocation: plain,
    userPrincipalName: { ...text, orderby: 'basic' },
    userType: plain,
  },
  defaultSelect: USER_DEFAULT_SELECT,
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: true,
  search: true,
  directoryAdvancedQueries: true,
};
