import type { AppRoleAssignmentRecord, OAuth2PermissionGrantRecord } from '../../../store/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';

// oAuth2PermissionGrant (delegated consent) and appRoleAssignment (application consent, or a user
// or group assigned to an app role) as Graph returns them (graph-docs resources/
// oauth2permissiongrant.md, approleassignment.md). These are the same records the identity
// platform reads when it issues tokens: a grant written here takes effect on the next token.

export function toGraphDelegatedGrant(g: OAuth2PermissionGrantRecord): Resource {
  return { clientId: g.clientId, consentType: g.consentType, id: g.id, principalId: g.principalId, resourceId: g.resourceId, scope: g.scope };
}

export function toGraphAppRoleAssignment(a: AppRoleAssignmentRecord): Resource {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: a.createdDateTime,
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: a.resourceDisplayName,
    resourceId: a.resourceId,
  };
}

const eq = { filter: ['eq', 'in'] as const };

export const DELEGATED_GRANT_SPEC: CollectionSpec = {
  type: 'oAuth2PermissionGrant',
  resourceName: 'OAuth2PermissionGrant',
  entitySet: 'oauth2PermissionGrants',
  properties: { clientId: eq, consentType: eq, id: eq, principalId: eq, resourceId: eq, scope: {} },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: true,
};

export const APP_ROLE_ASSIGNMENT_SPEC: CollectionSpec = {
  type: 'appRoleAssignment',
  resourceName: 'AppRoleAssignment',
  entitySet: 'appRoleAssignments',
  properties: {
    id: {},
    deletedDateTime: {},
    appRoleId: {},
    createdDateTime: {},
    principalDisplayName: {},
    principalId: { filter: ['eq'] },
    principalType: {},
    resourceDisplayName: {},
    resourceId: { filter: ['eq'] },
  },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: true,
  search: false,
  directoryAdvancedQueries: true,
};
