import { TenantboxError, type ErrorResponse, type RequestInfo } from '../shared/errors.js';

// The closed catalogue of answers the Graph surface refuses with, in Graph's wire shape:
//   {"error":{"code","message","innerError":{"date","request-id","client-request-id"},"details"?}}
// plus the request-id / client-request-id headers app.ts sets on every response. Codes and
// messages are Graph's, word for word where one was observed ([O] in docs/errors-graph.md), so
// apps that branch on `error.code` behave as they would against Microsoft. What tenantbox adds
// (which permission was missing) goes in `details`, never in `message`.
// Handlers throw these; only the error funnel in app.ts turns them into responses.

interface Def {
  status: number;
  code: string;
}

const d = (status: number, code: string): Def => ({ status, code });

/** Every refusal, by factory name. docs/errors-graph.md lists each code (checked by a test). */
export const GRAPH_ERROR_DEFS = {
  // Token (pipeline stage 1)
  tokenEmpty: d(401, 'InvalidAuthenticationToken'),
  tokenMalformed: d(401, 'InvalidAuthenticationToken'),
  tokenExpired: d(401, 'InvalidAuthenticationToken'),
  tokenNotYetValid: d(401, 'InvalidAuthenticationToken'),
  tokenSignatureInvalid: d(401, 'InvalidAuthenticationToken'),
  tokenAudienceInvalid: d(401, 'InvalidAuthenticationToken'),
  tokenIssuerInvalid: d(401, 'InvalidAuthenticationToken'),
  identityNotFound: d(401, 'Authorization_IdentityNotFound'),
  // /me with an app-only token (stage 2)
  meWithAppOnlyToken: d(400, 'Request_BadRequest'),
  // Permission check (stage 3), per workload
  directoryDenied: d(403, 'Authorization_RequestDenied'),
  outlookDenied: d(403, 'ErrorAccessDenied'),
  teamsDenied: d(403, 'Forbidden'),
  // Resource policies (stages 5 and 6)
  applicationAccessPolicyDenied: d(403, 'ErrorAccessDenied'),
  teamsApplicationAccessPolicyMissing: d(403, 'Forbidden'),
  // Not found (stage 4)
  directoryResourceNotFound: d(404, 'Request_ResourceNotFound'),
  mailboxNotEnabled: d(404, 'MailboxNotEnabledForRESTAPI'),
  itemNotFound: d(404, 'ErrorItemNotFound'),
  invalidUser: d(404, 'ErrorInvalidUser'),
  segmentNotFound: d(400, 'BadRequest'),
  // Throttling (stage 7)
  throttled: d(429, 'TooManyRequests'),
  // Request shape
  badRequest: d(400, 'BadRequest'),
  directoryBadRequest: d(400, 'Request_BadRequest'),
  emptyPayload: d(400, 'BadRequest'),
  missingContentType: d(400, 'BadRequest'),
  invalidProperty: d(400, 'Request_BadRequest'),
  requiredProperty: d(400, 'Request_BadRequest'),
  objectConflict: d(400, 'Request_BadRequest'),
  referenceExists: d(400, 'Request_BadRequest'),
  permissionGrantExists: d(409, 'Request_MultipleObjectsWithSameKeyValue'),
  appRoleAssignmentExists: d(400, 'Request_BadRequest'),
  invalidUpnDomain: d(400, 'Request_BadRequest'),
  // OData
  queryOptionNotSupported: d(400, 'BadRequest'),
  invalidFilter: d(400, 'BadRequest'),
  invalidQuery: d(400, 'BadRequest'),
  unknownProperty: d(400, 'BadRequest'),
  unsupportedQuery: d(400, 'Request_UnsupportedQuery'),
  unsupportedFilter: d(400, 'Request_UnsupportedQuery'),
  sortingNotSupported: d(400, 'Request_UnsupportedQuery'),
  advancedQueryRequired: d(400, 'Request_UnsupportedQuery'),
  searchNeedsConsistencyLevel: d(400, 'Request_UnsupportedQuery'),
  countNeedsConsistencyLevel: d(400, 'Request_UnsupportedQuery'),
  skipNotSupported: d(400, 'Request_BadRequest'),
  invalidPageSize: d(400, 'Request_BadRequest'),
  invalidSkipToken: d(400, 'Request_BadRequest'),
  invalidDeltaToken: d(400, 'Request_BadRequest'),
  // Malformed options refused by Graph's front end (ODataLib) before any workload: one dialect
  queryOptionRepeated: d(400, 'BadRequest'),
  invalidIntegerOption: d(400, 'BadRequest'),
  invalidMaxPageSize: d(400, 'BadRequest'),
  // $batch
  batchTooManyRequests: d(400, 'BadRequest'),
  batchInvalid: d(400, 'BadRequest'),
  batchDependencyFailed: d(424, 'FailedDependency'),
  // Calendar (Outlook) requests
  calendarTimeWindowRequired: d(400, 'ErrorInvalidParameter'),
  invalidParameter: d(400, 'ErrorInvalidParameter'),
  outlookInvalidRequest: d(400, 'ErrorInvalidRequest'),
  timeZoneNotSupported: d(400, 'TimeZoneNotSupportedException'),
  calendarSyncStateInvalid: d(400, 'ErrorInvalidSyncStateData'),
  calendarSyncStateNotFound: d(410, 'SyncStateNotFound'),
  // Workloads: online meetings, mail, reports (graph-workloads)
  onlineMeetingFilterRequired: d(400, 'InvalidArgument'),
  onlineMeetingAccessDenied: d(403, 'Forbidden'),
  mailInvalidRecipients: d(400, 'ErrorInvalidRecipients'),
  mailFolderExists: d(409, 'ErrorFolderExists'),
  mailDistinguishedFolder: d(400, 'ErrorDeleteDistinguishedFolder'),
  mailSentMessageUpdate: d(400, 'ErrorInvalidPropertyUpdateSentMessage'),
  mailNotDraft: d(400, 'ErrorInvalidOperation'),
  reportsDenied: d(403, 'S2SUnauthorized'),
  reportDownloadExpired: d(404, 'NotFound'),
  // The OIDC UserInfo endpoint (src/graph/oidc)
  userInfoDenied: d(403, 'Authorization_RequestDenied'),
  // Teams and change notifications (graph-teams)
  teamsForbidden: d(403, 'Forbidden'),
  teamsNotFound: d(404, 'NotFound'),
  teamsConflict: d(409, 'Conflict'),
  subscriptionValidationFailed: d(400, 'ValidationError'),
  subscriptionValidationMismatch: d(400, 'InvalidRequest'),
  subscriptionValidationTimedOut: d(400, 'InvalidRequest'),
  subscriptionExpirationTooFar: d(400, 'ExtensionError'),
  subscriptionInvalidRequest: d(400, 'InvalidRequest'),
  subscriptionNotFound: d(404, 'ResourceNotFound'),
  notificationUrlRefused: d(400, 'ValidationError'),
  // Sensitivity labels on Microsoft 365 groups (assignedLabels)
  appOnlyNotSupported: d(401, 'Unauthorized'),
  groupLabelInvalid: d(400, 'Request_BadRequest'),
  // Not emulated, and tenantbox's own faults
  notImplemented: d(501, 'NotImplemented'),
  routeWithoutAuthorization: d(500, 'generalException'),
} as const satisfies Record<string, Def>;

export type GraphErrorName = keyof typeof GRAPH_ERROR_DEFS;

/** A `details[]` entry of Graph's error resource ({code, message, target}; Kiota maps it). */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** What the audit log records about a refusal (set by the pipeline before it throws). */
export interface DenialInfo {
  missing?: string[];
  policy?: string;
}

export class GraphError extends TenantboxError {
  readonly status: number;
  readonly code: string;
  constructor(
    readonly errorName: GraphErrorName,
    message: string,
    readonly extra: { details?: GraphErrorDetail[]; headers?: Record<string, string>; denial?: DenialInfo } = {},
  ) {
    super(message);
    const def: Def = GRAPH_ERROR_DEFS[errorName];
    this.status = def.status;
    this.code = def.code;
  }

  /** The `error` object: also what a $batch step carries as its body. */
  toJson(req: RequestInfo): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: graphInnerError(req),
        ...(this.extra.details?.length ? { details: this.extra.details } : {}),
      },
    };
  }

  toResponse(req: RequestInfo): ErrorResponse {
    return { status: this.status, headers: this.extra.headers, body: this.toJson(req) };
  }
}

/** innerError as Graph writes it: `date` without milliseconds or zone ("2021-05-20T07:32:32"). */
export function graphInnerError(req: RequestInfo): Record<string, string> {
  return {
    date: req.now.toISOString().replace(/\.\d{3}Z$/, ''),
    'request-id': req.requestId,
    'client-request-id': req.clientRequestId ?? req.requestId,
  };
}

const mk = (name: GraphErrorName, message: string, extra?: GraphError['extra']) => new GraphError(name, message, extra);

/** The factories: `throw graphErrors.directoryDenied(...)`. One per GRAPH_ERROR_DEFS entry. */
export const graphErrors = {
  tokenEmpty: () => mk('tokenEmpty', 'Access token is empty.'),
  tokenMalformed: () => mk('tokenMalformed', 'IDX14100: JWT is not well formed, there are no dots (.) or the token is not a JWS in compact serialization.'),
  tokenExpired: () => mk('tokenExpired', 'Lifetime validation failed, the token is expired.'),
  tokenNotYetValid: () => mk('tokenNotYetValid', 'Lifetime validation failed, the token is not yet valid.'),
  tokenSignatureInvalid: () => mk('tokenSignatureInvalid', 'Access token validation failure. Invalid signature.'),
  tokenAudienceInvalid: () => mk('tokenAudienceInvalid', 'Access token validation failure. Invalid audience.'),
  tokenIssuerInvalid: () => mk('tokenIssuerInvalid', 'Access token validation failure. Invalid issuer.'),
  identityNotFound: () => mk('identityNotFound', 'The identity of the calling application could not be established.'),

  meWithAppOnlyToken: () => mk('meWithAppOnlyToken', '/me request is only valid with delegated authentication flow.'),

  directoryDenied: (extra?: GraphError['extra']) => mk('directoryDenied', 'Insufficient privileges to complete the operation.', extra),
  outlookDenied: (extra?: GraphError['extra']) => mk('outlookDenied', 'Access is denied. Check credentials and try again.', extra),
  /** Teams names the missing permissions in its own message (observed wording). */
  teamsDenied: (scheme: 'delegated' | 'application', required: readonly string[], held: readonly string[], extra?: GraphError['extra']) =>
    mk(
      'teamsDenied',
      scheme === 'application'
        ? `Missing role permissions on the request. API requires one of '${required.join(', ')}'. Roles on the request '${held.join(', ')}'.`
        : `Missing scope permissions on the request. API requires one of '${required.join(', ')}'. Scopes on the request '${held.join(', ')}'.`,
      extra,
    ),

  applicationAccessPolicyDenied: (extra?: GraphError['extra']) => mk('applicationAccessPolicyDenied', 'Access to OData is disabled.', extra),
  teamsApplicationAccessPolicyMissing: (extra?: GraphError['extra']) =>
    mk('teamsApplicationAccessPolicyMissing', 'No application access policy found for this app', extra),

  directoryResourceNotFound: (id: string) =>
    mk('directoryResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  mailboxNotEnabled: () => mk('mailboxNotEnabled', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'),
  itemNotFound: () => mk('itemNotFound', 'The specified object was not found in the store.'),
  invalidUser: (idOrUpn: string) => mk('invalidUser', `The requested user '${idOrUpn}' is invalid.`),
  segmentNotFound: (segment: string) => mk('segmentNotFound', `Resource not found for the segment '${segment}'.`),

  throttled: (retryAfterSeconds: number, extra?: { details?: GraphErrorDetail[] }) =>
    mk('throttled', 'Please retry again later.', { ...extra, headers: { 'retry-after': String(retryAfterSeconds) } }),

  badRequest: (message: string) => mk('badRequest', message),
  directoryBadRequest: (message: string) => mk('directoryBadRequest', message),
  emptyPayload: () => mk('emptyPayload', 'Empty Payload. JSON content expected.'),
  missingContentType: () => mk('missingContentType', 'Write requests (excluding DELETE) must contain the Content-Type header declaration.'),
  invalidProperty: (property: string, resource: string) =>
    mk('invalidProperty', `Invalid value specified for property '${property}' of resource '${resource}'.`),
  requiredProperty: (property: string, resource: string) =>
    mk('requiredProperty', `A value is required for property '${property}' of resource '${resource}'.`),
  objectConflict: (property: string) => mk('objectConflict', `Another object with the same value for property ${property} already exists.`),
  referenceExists: (property: string) =>
    mk('referenceExists', `One or more added object references already exist for the following modified properties: '${property}'.`),
  permissionGrantExists: () => mk('permissionGrantExists', 'Permission entry already exists.'),
  appRoleAssignmentExists: () => mk('appRoleAssignmentExists', 'Permission being assigned already exists on the object'),
  invalidUpnDomain: () =>
    mk('invalidUpnDomain', 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.'),

  queryOptionNotSupported: (option: string) => mk('queryOptionNotSupported', `The query parameter '${option}' is not supported.`),
  invalidFilter: (detail: string) => mk('invalidFilter', `Invalid filter clause: ${detail}`),
  invalidQuery: (message: string) => mk('invalidQuery', message),
  unknownProperty: (property: string, type: string) =>
    mk('unknownProperty', `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`),
  unsupportedQuery: (message = 'Unsupported Query.') => mk('unsupportedQuery', message),
  unsupportedFilter: (property: string, resource: string) =>
    mk('unsupportedFilter', `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`),
  sortingNotSupported: () => mk('sortingNotSupported', 'Sorting not supported for current query.'),
  advancedQueryRequired: (what: string) =>
    mk(
      'advancedQueryRequired',
      `${what} is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    ),
  searchNeedsConsistencyLevel: () =>
    mk('searchNeedsConsistencyLevel', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"),
  countNeedsConsistencyLevel: (raw: boolean) =>
    mk(
      'countNeedsConsistencyLevel',
      `${raw ? 'Raw count (/$count)' : '$count'} is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    ),
  skipNotSupported: () => mk('skipNotSupported', "'$skip' is not supported by the service."),
  invalidPageSize: (value: string, max: number) =>
    mk('invalidPageSize', `Invalid page size specified: '${value}'. Must be between 1 and ${max} inclusive.`),
  invalidSkipToken: () => mk('invalidSkipToken', 'The $skiptoken is invalid or belongs to a different query; restart from the first page.'),
  invalidDeltaToken: () =>
    mk('invalidDeltaToken', 'The $deltatoken is invalid or has expired; start a new round of delta queries without a token.'),
  queryOptionRepeated: (option: string) =>
    mk('queryOptionRepeated', `Query option '${option}' was specified more than once, but it must be specified at most once.`),
  invalidIntegerOption: (option: string, value: string) =>
    mk('invalidIntegerOption', `Invalid value '${value}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`),
  invalidMaxPageSize: (value: string, needs: 'an integer' | 'a positive integer') =>
    mk('invalidMaxPageSize', `Invalid value '${value}' for odata.maxpagesize preference header found. The odata.maxpagesize preference header requires ${needs} value.`),

  batchTooManyRequests: () => mk('batchTooManyRequests', 'Number of requests inside batch exceeds the limit.'),
  batchInvalid: (detail: string) => mk('batchInvalid', `Invalid batch payload format. ${detail}`.trim()),
  batchDependencyFailed: () => mk('batchDependencyFailed', 'Dependency failed: a request this one depends on did not succeed.'),

  calendarTimeWindowRequired: () =>
    mk('calendarTimeWindowRequired', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.'),
  invalidParameter: (message: string) => mk('invalidParameter', message),
  outlookInvalidRequest: (message: string) => mk('outlookInvalidRequest', message),
  timeZoneNotSupported: (name: string) =>
    mk('timeZoneNotSupported', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`),
  /** calendarView delta: a $skiptoken/$deltatoken that is not one issued for this mailbox (garbage, altered, another mailbox's). */
  calendarSyncStateInvalid: () => mk('calendarSyncStateInvalid', 'Synchronization state data is corrupt or otherwise invalid.'),
  /** calendarView delta: a well-formed token whose sync state is gone (superseded generations, expired, reset). */
  calendarSyncStateNotFound: () => mk('calendarSyncStateNotFound', 'The sync state generation is not found; start a new round of delta queries without a token.'),

  onlineMeetingFilterRequired: () => mk('onlineMeetingFilterRequired', "Filter expression expected - /onlineMeetings?$filter={ParameterName} eq '{id}'."),
  onlineMeetingAccessDenied: (extra?: GraphError['extra']) =>
    mk('onlineMeetingAccessDenied', 'The signed-in user or the user in the path is neither the organizer nor an attendee of this online meeting.', extra),
  mailInvalidRecipients: () => mk('mailInvalidRecipients', 'At least one recipient is required, but none were found.'),
  mailFolderExists: () => mk('mailFolderExists', 'A folder with the specified name already exists.'),
  mailDistinguishedFolder: () => mk('mailDistinguishedFolder', 'Distinguished folders cannot be deleted.'),
  mailSentMessageUpdate: (property: string) =>
    mk('mailSentMessageUpdate', `The property '${property}' can't be updated because the item has already been sent.`),
  mailNotDraft: () => mk('mailNotDraft', 'Only a draft message (isDraft = true) can be sent.'),
  reportsDenied: (extra?: GraphError['extra']) => mk('reportsDenied', 'Invalid permission.', extra),
  reportDownloadExpired: () => mk('reportDownloadExpired', 'The report download URL is invalid or has expired; request the report again.'),
  /** /oidc/userinfo without `openid` in `scp`, or with an app-only token; `details` says which [I]. */
  userInfoDenied: (detail: GraphErrorDetail, missing: readonly string[]) =>
    mk('userInfoDenied', 'Insufficient privileges to complete the operation.', { details: [detail], denial: { missing: [...missing] } }),

  /** Teams refusals after the permission check: membership, the owner role, team settings, *Self / *NonOwnerRole reach [I]. */
  teamsForbidden: (message: string, extra?: GraphError['extra']) => mk('teamsForbidden', message, extra),
  teamsNotFound: (message: string) => mk('teamsNotFound', message),
  teamsConflict: (message: string) => mk('teamsConflict', message),
  subscriptionValidationFailed: (status?: string) =>
    mk(
      'subscriptionValidationFailed',
      `Subscription validation request failed.${status ? ` HTTP status code is '${status}'.` : ''} Notification endpoint must respond with 200 OK to validation request.`,
    ),
  subscriptionValidationMismatch: () =>
    mk('subscriptionValidationMismatch', 'Subscription validation request failed. Response must exactly match validationToken query parameter.'),
  subscriptionValidationTimedOut: () => mk('subscriptionValidationTimedOut', 'Subscription validation request timed out.'),
  subscriptionExpirationTooFar: (maxMinutes: number) =>
    mk('subscriptionExpirationTooFar', `Subscription expiration can only be ${maxMinutes} minutes in the future.`),
  subscriptionInvalidRequest: (message: string) => mk('subscriptionInvalidRequest', message),
  subscriptionNotFound: (id: string) => mk('subscriptionNotFound', `The object was not found: subscription '${id}'.`),
  notificationUrlRefused: (message: string) => mk('notificationUrlRefused', message),

  /** Setting assignedLabels with an app-only token (observed wording, msgraph-beta-sdk-dotnet#132). */
  appOnlyNotSupported: () => mk('appOnlyNotSupported', 'App-only token is not supported.'),
  groupLabelInvalid: (message: string) => mk('groupLabelInvalid', message),

  notImplemented: (what: string) => mk('notImplemented', `tenantbox does not emulate ${what} yet.`),
  routeWithoutAuthorization: (route: string) =>
    mk('routeWithoutAuthorization', `tenantbox bug: the route ${route} answered without its permission check (authorize()); the answer was withheld.`),
};

/** Which Microsoft service answers: decides the code of a permission denial (stage 3). */
export type Workload = 'directory' | 'outlook' | 'teams';
