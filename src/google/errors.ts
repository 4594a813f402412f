import { TenantboxError, type ErrorResponse, type RequestInfo } from '../shared/errors.js';

// The closed catalogue of Google refusals, in Google's two wire shapes:
// - APIs (Calendar, Directory): {"error":{"code","message","errors":[{"domain","reason","message"}],"status"}}
// - the OAuth token endpoint:   {"error","error_description"}
// Reasons and messages are Google's where they were observed (docs/google.md cites them); apps
// branch on `errors[0].reason`, so those are never invented casually. Handlers throw these; the
// error funnel in app.ts renders them.

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'FAILED_PRECONDITION',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
};

export class GoogleError extends TenantboxError {
  constructor(
    readonly status: number,
    readonly code: string, // errors[0].reason
    message: string,
    readonly domain = 'global',
    readonly extra: { location?: string; locationType?: string; details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  toResponse(_req: RequestInfo): ErrorResponse {
    const item: Record<string, string> = { message: this.code === 'insufficientPermissions' ? 'Insufficient Permission' : this.message, domain: this.domain, reason: this.code };
    if (this.extra.location) item.location = this.extra.location;
    if (this.extra.locationType) item.locationType = this.extra.locationType;
    const error: Record<string, unknown> = { code: this.status, message: this.message, errors: [item], status: STATUS_TEXT[this.status] ?? 'UNKNOWN' };
    if (this.extra.details) error.details = this.extra.details;
    return { status: this.status, headers: this.extra.headers, body: { error } };
  }
}

/** The token endpoint's (and tokeninfo's) OAuth-style errors. */
export class GoogleOAuthError extends TenantboxError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  toResponse(): ErrorResponse {
    return { status: this.status, body: { error: this.code, error_description: this.message } };
  }
}

const e = (status: number, reason: string, message: string, domain = 'global') => new GoogleError(status, reason, message, domain);

const invalidParameter = (name: string, message: string) => new GoogleError(400, 'invalidParameter', message, 'global', { location: name, locationType: 'parameter' });

export const googleErrors = {
  // Credentials (every API call).
  invalidCredentials: () =>
    new GoogleError(401, 'authError', 'Invalid Credentials', 'global', {
      location: 'Authorization',
      locationType: 'header',
      headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    }),
  // Scopes: the token holds none of the method's scopes.
  insufficientScopes: (service: string, method: string, scopes: readonly string[]) =>
    new GoogleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'global', {
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service, method } }],
      headers: { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scopes.join(' ')}"` },
    }),
  // Calendar access (ACL roles).
  notFound: () => e(404, 'notFound', 'Not Found'),
  deleted: () => e(410, 'deleted', 'Resource has been deleted'),
  requiredAccessLevel: (level: 'writer' | 'owner') => e(403, 'requiredAccessLevel', `You need to have ${level} access to this calendar.`, 'calendar'),
  forbiddenForNonOrganizer: () => e(403, 'forbiddenForNonOrganizer', 'Shared properties can only be changed by the organizer of the event.', 'calendar'),
  cannotChangeOwnAcl: () => e(403, 'cannotChangeOwnAcl', 'Cannot change your own access level.', 'calendar'),
  cannotDeletePrimaryCalendar: () => e(400, 'cannotDeletePrimaryCalendar', 'Cannot delete primary calendar.', 'calendar'),
  // Admin SDK.
  notAuthorized: () => e(403, 'forbidden', 'Not Authorized to access this resource/api'),
  resourceNotFound: (what: string) => e(404, 'notFound', `Resource Not Found: ${what}`),
  duplicate: (message = 'Entity already exists.') => e(409, 'duplicate', message),
  // Request shape.
  badRequest: (message = 'Bad Request') => e(400, 'badRequest', message),
  // Query parameters the API front end checks against the discovery document before the method
  // runs (type, minimum/maximum): reason invalidParameter, located at the parameter. The range
  // wording is Google's ("Invalid value '500'. Values must be within the range: [1, 200]",
  // Admin SDK Directory; the same front end answers YouTube's maxResults alike).
  invalidParameter,
  outOfRange: (name: string, raw: string, min: number, max: number) => invalidParameter(name, `Invalid value '${raw}'. Values must be within the range: [${min}, ${max}]`),
  // The wording is inferred from the front end's other type errors ("Invalid string value: 'x'.
  // Allowed values: [...]"); that a bad boolean is 400 invalidParameter is observed.
  invalidBoolean: (name: string, raw: string) => invalidParameter(name, `Invalid boolean value: '${raw}'.`),
  invalid: (message: string) => e(400, 'invalid', message),
  required: (message: string) => e(400, 'required', message),
  timeRangeEmpty: () => e(400, 'timeRangeEmpty', 'The specified time range is empty.', 'calendar'),
  invalidOrdering: () => e(400, 'badRequest', 'The requested ordering is not available for the particular query.'),
  fullSyncRequired: () => e(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'),
  eventIdExists: () => e(409, 'duplicate', 'The requested identifier already exists.'),
  notImplemented: (what: string) => e(501, 'notImplemented', `${what} is not emulated by tenantbox.`),
};

// Token endpoint errors. Descriptions are Google's (see docs/google.md for sources).
export const oauthErrors = {
  unauthorizedClient: () =>
    new GoogleOAuthError(
      401,
      'unauthorized_client',
      'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    ),
  invalidUser: () => new GoogleOAuthError(400, 'invalid_grant', 'Invalid email or User ID'),
  invalidSignature: () => new GoogleOAuthError(400, 'invalid_grant', 'Invalid JWT Signature.'),
  badTimes: () =>
    new GoogleOAuthError(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    ),
  badAudience: (aud: unknown) => new GoogleOAuthError(400, 'invalid_grant', `Invalid JWT: Failed audience check. The right audience is https://oauth2.googleapis.com/token (got ${JSON.stringify(aud)}).`),
  badAssertion: (why: string) => new GoogleOAuthError(400, 'invalid_grant', `Invalid JWT: ${why}`),
  clientNotFound: () => new GoogleOAuthError(401, 'invalid_client', 'The OAuth client was not found.'),
  clientUnauthorized: () => new GoogleOAuthError(401, 'invalid_client', 'Unauthorized'),
  invalidScope: () => new GoogleOAuthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.'),
  unsupportedGrant: (g: string | undefined) => new GoogleOAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${g ?? ''}`),
  invalidRequest: (why: string) => new GoogleOAuthError(400, 'invalid_request', why),
  badCode: () => new GoogleOAuthError(400, 'invalid_grant', 'Malformed auth code.'),
  codeUsed: () => new GoogleOAuthError(400, 'invalid_grant', 'Bad Request'),
  redirectMismatch: () => new GoogleOAuthError(400, 'redirect_uri_mismatch', 'Bad Request'),
  badVerifier: () => new GoogleOAuthError(400, 'invalid_grant', 'Invalid code verifier.'),
  refreshRevoked: () => new GoogleOAuthError(400, 'invalid_grant', 'Token has been expired or revoked.'),
  invalidToken: () => new GoogleOAuthError(400, 'invalid_token', 'Invalid Value'),
};
