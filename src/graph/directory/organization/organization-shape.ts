import type { TenantRecord } from '../../../store/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';

// The Graph `organization` resource (graph-docs resources/organization.md): one per tenant, its
// id the tenant id, its verified domain the tenant's domain.
export function toGraphOrganization(t: TenantRecord): Resource {
  return {
    id: t.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: null,
    createdDateTime: t.createdDateTime,
    defaultUsageLocation: null,
    displayName: t.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: t.domain, type: 'Managed' }],
  };
}

export const ORGANIZATION_SPEC: CollectionSpec = {
  type: 'organization',
  resourceName: 'Organization',
  entitySet: 'organization',
  properties: Object.fromEntries(Object.keys(toGraphOrganization({ id: '', domain: '', displayName: '', userConsent: 'none', timeZone: 'UTC', throttling: { enabled: false, requestsPer10Minutes: 1, concurrentRequests: 1 }, createdDateTime: '' })).map((k) => [k, {}])),
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: true,
};
