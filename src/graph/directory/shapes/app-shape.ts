import type { Catalog } from '../../../catalog/index.js';
import { GRAPH_APP_ID, type ApplicationRecord, type ServicePrincipalRecord } from '../../../store/types.js';
import type { CollectionSpec, PropertySpec, Resource } from '../../odata/collection.js';

// The Graph `application` and `servicePrincipal` resources (graph-docs resources/application.md,
// serviceprincipal.md). Microsoft Graph's own service principal publishes its app roles and
// delegated scopes from the permission catalog (ids, values, admin-consent type), so admin scripts
// that look up "the id of User.Read.All on Graph's SP" before assigning it work unchanged. Only
// names and ids are published: display names repeat the permission's value, and descriptions are
// left empty (the catalog keeps no description texts).

export function toGraphApplication(a: ApplicationRecord, publisherDomain: string | null): Resource {
  return {
    id: a.id,
    deletedDateTime: null,
    appId: a.appId,
    applicationTemplateId: null,
    createdDateTime: a.createdDateTime,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: a.displayName,
    groupMembershipClaims: null,
    identifierUris: [...a.identifierUris],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: a.isFallbackPublicClient,
    notes: null,
    publisherDomain,
    signInAudience: a.signInAudience,
    tags: [],
    tokenEncryptionKeyId: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [...a.api.knownClientApplications],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: a.api.oauth2PermissionScopes.map((s) => ({
        adminConsentDescription: null,
        adminConsentDisplayName: s.adminConsentDisplayName,
        id: s.id,
        isEnabled: s.isEnabled,
        type: s.type,
        userConsentDescription: null,
        userConsentDisplayName: s.userConsentDisplayName,
        value: s.value,
      })),
      preAuthorizedApplications: a.api.preAuthorizedApplications.map((p) => ({ appId: p.appId, delegatedPermissionIds: [...p.delegatedPermissionIds] })),
    },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: a.keyCredentials.map((k) => ({
      customKeyIdentifier: null,
      displayName: null,
      endDateTime: k.endDateTime,
      key: null,
      keyId: k.keyId,
      startDateTime: k.startDateTime,
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
    })),
    passwordCredentials: a.passwordCredentials.map((p) => ({
      customKeyIdentifier: null,
      displayName: p.displayName,
      endDateTime: p.endDateTime,
      hint: p.hint,
      keyId: p.keyId,
      secretText: null,
      startDateTime: null,
    })),
    publicClient: { redirectUris: [...a.redirectUris.publicClient] },
    requiredResourceAccess: a.requiredResourceAccess.map((r) => ({ resourceAppId: r.resourceAppId, resourceAccess: r.resourceAccess.map((x) => ({ ...x })) })),
    spa: { redirectUris: [...a.redirectUris.spa] },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [...a.redirectUris.web],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
  };
}

let graphPermissions: { appRoles: Resource[]; oauth2PermissionScopes: Resource[] } | undefined;

/** Graph's app roles and delegated scopes, from the catalog (built once). */
export function graphServicePrincipalPermissions(catalog: Catalog): { appRoles: Resource[]; oauth2PermissionScopes: Resource[] } {
  if (graphPermissions) return graphPermissions;
  const appRoles: Resource[] = [];
  const oauth2PermissionScopes: Resource[] = [];
  for (const p of catalog.allPermissions()) {
    if (p.authorizationType !== 'oAuth2' || p.oidc) continue;
    if (p.application?.id && !p.application.hidden) {
      appRoles.push({ allowedMemberTypes: ['Application'], description: null, displayName: p.name, id: p.application.id, isEnabled: !p.application.disabled, origin: 'Application', value: p.name });
    }
    if (p.delegated?.id && !p.delegated.hidden) {
      oauth2PermissionScopes.push({
        adminConsentDescription: null,
        adminConsentDisplayName: p.name,
        id: p.delegated.id,
        isEnabled: !p.delegated.disabled,
        type: p.delegated.requiresAdminConsent ? 'Admin' : 'User',
        userConsentDescription: null,
        userConsentDisplayName: p.name,
        value: p.name,
      });
    }
  }
  graphPermissions = { appRoles, oauth2PermissionScopes };
  return graphPermissions;
}

export function toGraphServicePrincipal(sp: ServicePrincipalRecord, app: ApplicationRecord | undefined, catalog: Catalog): Resource {
  const isGraph = sp.appId === GRAPH_APP_ID;
  const perms = isGraph
    ? graphServicePrincipalPermissions(catalog)
    : { appRoles: [] as Resource[], oauth2PermissionScopes: app ? (toGraphApplication(app, null).api as { oauth2PermissionScopes: Resource[] }).oauth2PermissionScopes : [] };
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: [],
    appDisplayName: sp.displayName,
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    createdDateTime: sp.createdDateTime,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: app ? [...app.redirectUris.web, ...app.redirectUris.spa, ...app.redirectUris.publicClient] : [],
    servicePrincipalNames: [...sp.servicePrincipalNames],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: app?.signInAudience ?? 'AzureADMultipleOrgs',
    tags: [],
    tokenEncryptionKeyId: null,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    samlSingleSignOnSettings: null,
    addIns: [],
    appRoles: perms.appRoles,
    keyCredentials: [],
    oauth2PermissionScopes: perms.oauth2PermissionScopes,
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

const text: PropertySpec = { filter: ['eq', 'in', 'startswith'], advancedFilter: ['ne', 'endswith'], search: true, orderby: 'basic' };
const id: PropertySpec = { filter: ['eq', 'in'], advancedFilter: ['ne'] };
const multi: PropertySpec = { filter: ['any'], advancedFilter: ['all'] };

function specOf(type: string, resourceName: string, entitySet: string, sample: Resource, props: Record<string, PropertySpec>): CollectionSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const k of Object.keys(sample)) properties[k] = props[k] ?? {};
  return { type, resourceName, entitySet, properties, pageSize: 100, maxTop: 999, skip: false, count: true, search: true, directoryAdvancedQueries: true };
}

const SAMPLE_APP: ApplicationRecord = {
  tenantId: '',
  id: '',
  appId: '',
  displayName: '',
  signInAudience: 'AzureADMyOrg',
  isFallbackPublicClient: false,
  redirectUris: { web: [], spa: [], publicClient: [] },
  passwordCredentials: [],
  keyCredentials: [],
  requiredResourceAccess: [],
  identifierUris: [],
  api: { oauth2PermissionScopes: [], knownClientApplications: [], preAuthorizedApplications: [] },
  verifiedPublisher: false,
  createdDateTime: '',
};

export const APPLICATION_SPEC = specOf('application', 'Application', 'applications', toGraphApplication(SAMPLE_APP, null), {
  id,
  appId: id,
  displayName: text,
  identifierUris: multi,
  signInAudience: { filter: ['eq', 'in'], advancedFilter: ['ne'] },
  publisherDomain: { filter: ['eq', 'in', 'startswith'] },
  tags: multi,
  createdDateTime: { advancedFilter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: 'advanced' },
});

export function servicePrincipalSpec(catalog: Catalog): CollectionSpec {
  const sample = toGraphServicePrincipal(
    { tenantId: '', id: '', appId: '', displayName: '', accountEnabled: true, appRoleAssignmentRequired: false, appOwnerOrganizationId: null, servicePrincipalType: 'Application', servicePrincipalNames: [], createdDateTime: '' },
    undefined,
    catalog,
  );
  return specOf('servicePrincipal', 'ServicePrincipal', 'servicePrincipals', sample, {
    id,
    appId: id,
    displayName: text,
    accountEnabled: { filter: ['eq'], advancedFilter: ['ne'] },
    appOwnerOrganizationId: id,
    servicePrincipalNames: multi,
    servicePrincipalType: { filter: ['eq', 'in'] },
    tags: multi,
    appRoleAssignmentRequired: { filter: ['eq'] },
  });
}
