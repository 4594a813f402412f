import { TenantboxError, type ErrorResponse, type RequestInfo } from '../shared/errors.js';
import { renderErrorPage } from './error-page.js';

// The closed catalogue of refusals the identity platform emits, in Entra's wire shape:
//   {error, error_description: "AADSTSnnnnn: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
//    error_codes, timestamp, trace_id, correlation_id, error_uri, suberror?, claims?}
// Codes and messages follow MicrosoftDocs/entra-docs reference-error-codes.md and responses quoted in
// public issues (see docs/errors-identity.md, which a test keeps in step with IDENTITY_ERROR_DEFS).
// Handlers throw these; only the error funnel in app.ts turns them into responses.

export type OAuthErrorValue =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'interaction_required'
  | 'login_required'
  | 'consent_required'
  | 'access_denied'
  | 'authorization_pending'
  | 'authorization_declined'
  | 'bad_verification_code'
  | 'expired_token';

interface Def {
  aadsts: number;
  error: OAuthErrorValue;
  status: number;
  /** Entra shows these on its own error page instead of answering the client (no redirect). */
  page?: true;
}

const d = (aadsts: number, error: OAuthErrorValue, status = 400, page?: true): Def => (page ? { aadsts, error, status, page } : { aadsts, error, status });

/** Every refusal, by factory name. docs/errors-identity.md lists each one (checked by a test). */
export const IDENTITY_ERROR_DEFS = {
  // Request shape
  missingParameter: d(900144, 'invalid_request'),
  duplicateParameter: d(9000411, 'invalid_request'),
  malformedRequest: d(9002313, 'invalid_request'),
  methodNotAllowed: d(900561, 'invalid_request'),
  unsupportedGrantType: d(70003, 'unsupported_grant_type'),
  // Tenant
  tenantNotFound: d(90002, 'invalid_tenant'),
  grantNotSupportedOnCommon: d(9001023, 'invalid_request'),
  singleTenantAppOnCommon: d(50194, 'invalid_request'),
  // Client
  unknownApp: d(700016, 'unauthorized_client'),
  appDisabled: d(7000112, 'unauthorized_client'),
  noClientCredential: d(7000218, 'invalid_client', 401),
  publicClientSentCredential: d(700025, 'invalid_client', 401),
  badClientSecret: d(7000215, 'invalid_client', 401),
  expiredClientSecret: d(7000222, 'invalid_client', 401),
  assertionSignatureInvalid: d(700027, 'invalid_client', 401),
  assertionOutsideValidity: d(700024, 'invalid_client', 401),
  assertionMalformed: d(50027, 'invalid_client', 401),
  // Redirect URIs and browser rules
  redirectUriMismatch: d(50011, 'invalid_request', 400, true),
  noReplyAddress: d(900971, 'invalid_request', 400, true),
  codeRedirectUriMismatch: d(50011, 'invalid_grant'),
  crossOriginRedemptionNotSpa: d(9002326, 'invalid_request'),
  spaRedemptionNotCrossOrigin: d(9002327, 'invalid_request'),
  pkceRequired: d(9002325, 'invalid_request'),
  // Scopes and resources
  missingScope: d(70011, 'invalid_scope'),
  invalidScope: d(70011, 'invalid_scope'),
  defaultScopeMixed: d(70011, 'invalid_scope'),
  clientCredentialsScopeNotDefault: d(1002012, 'invalid_scope'),
  multipleResources: d(28000, 'invalid_scope'),
  multipleResourcesAppOnly: d(700022, 'invalid_scope'),
  resourceNotFound: d(500011, 'invalid_resource'),
  appNotAssignedToRole: d(501051, 'invalid_client', 401),
  // Consent
  consentRequired: d(65001, 'invalid_grant'),
  consentRequiredInteractive: d(65001, 'consent_required'),
  userDeclinedConsent: d(65004, 'access_denied'),
  adminConsentRequired: d(90094, 'access_denied', 400, true),
  consentBlockedByPolicy: d(90093, 'access_denied', 400, true),
  adminApprovalRequired: d(90095, 'access_denied', 400, true),
  userNotAssigned: d(50105, 'invalid_grant'),
  // Users
  userNotFound: d(50034, 'invalid_grant'),
  wrongPassword: d(50126, 'invalid_grant'),
  userDisabled: d(50057, 'invalid_grant'),
  userNotInTenant: d(50020, 'invalid_grant'),
  loginRequired: d(50058, 'login_required'),
  // Codes and refresh tokens
  invalidGrant: d(70000, 'invalid_grant'),
  codeReused: d(54005, 'invalid_grant'),
  codeExpired: d(70008, 'invalid_grant'),
  codeWrongTenant: d(700005, 'invalid_grant'),
  pkceMismatch: d(501481, 'invalid_grant'),
  refreshTokenRevoked: d(50173, 'invalid_grant'),
  refreshTokenExpired: d(700082, 'invalid_grant'),
  spaRefreshTokenExpired: d(700084, 'invalid_grant'),
  // Device code
  authorizationPending: d(70016, 'authorization_pending'),
  deviceCodeExpired: d(70019, 'expired_token'),
  authorizationDeclined: d(70000, 'authorization_declined'),
  badVerificationCode: d(70018, 'bad_verification_code'),
  deviceCodeAlreadyUsed: d(90120, 'invalid_grant'),
  // On-behalf-of
  oboAssertionInvalid: d(50013, 'invalid_grant'),
  oboAssertionExpired: d(500133, 'invalid_grant'),
  // Conditional Access (src/identity/conditional-access/)
  mfaRequired: d(50076, 'interaction_required'),
  mfaRegistrationRequired: d(50079, 'interaction_required'),
  blockedByConditionalAccess: d(53003, 'interaction_required'),
  mfaRegistrationRequiredPage: d(50079, 'interaction_required', 400, true),
  blockedByConditionalAccessPage: d(53003, 'access_denied', 400, true),
} as const satisfies Record<string, Def>;

export type IdentityErrorName = keyof typeof IDENTITY_ERROR_DEFS;

export class IdentityError extends TenantboxError {
  readonly status: number;
  /** `AADSTS<n>` (the base class's vendor code). */
  readonly code: string;
  readonly aadsts: number;
  readonly error: OAuthErrorValue;
  /** Entra renders it on its own error page (authorize / consent), never redirecting to the app. */
  readonly page: boolean;
  constructor(
    readonly errorName: IdentityErrorName,
    /** The text after "AADSTSnnnnn: " (no trace lines). */
    readonly description: string,
    readonly extra: { suberror?: string; claims?: string } = {},
  ) {
    super(`AADSTS${IDENTITY_ERROR_DEFS[errorName].aadsts}: ${description}`);
    const def: Def = IDENTITY_ERROR_DEFS[errorName];
    this.status = def.status;
    this.aadsts = def.aadsts;
    this.code = `AADSTS${def.aadsts}`;
    this.error = def.error;
    this.page = def.page === true;
  }

  /** Entra's JSON body, with the trace lines appended to `error_description`. */
  toJson(req: RequestInfo): Record<string, unknown> {
    const ts = entraTimestamp(req.now);
    const correlationId = req.clientRequestId ?? req.requestId;
    return {
      error: this.error,
      error_description: `${this.message}\r\nTrace ID: ${req.requestId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${ts}`,
      error_codes: [this.aadsts],
      timestamp: ts,
      trace_id: req.requestId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
      ...(this.extra.suberror ? { suberror: this.extra.suberror } : {}),
      ...(this.extra.claims ? { claims: this.extra.claims } : {}),
    };
  }

  toResponse(req: RequestInfo): ErrorResponse {
    // Page errors reached by a browser get a readable page; API callers (MSAL, fetch) always get JSON.
    if (this.page && req.accept?.includes('text/html')) {
      return { status: this.status, body: renderErrorPage(this, req), contentType: 'text/html; charset=utf-8' };
    }
    return { status: this.status, body: this.toJson(req), headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  }

  /**
   * The query/fragment/form_post parameters for an authorize-style error sent back to the app's
   * redirect URI: `error`, `error_description` (with trace lines, as Entra sends), `error_uri`, `state`.
   */
  toRedirectParams(req: RequestInfo, state?: string): Record<string, string> {
    const j = this.toJson(req);
    return {
      error: this.error,
      error_description: String(j.error_description),
      error_uri: String(j.error_uri),
      ...(this.extra.suberror ? { suberror: this.extra.suberror } : {}),
      ...(state !== undefined ? { state } : {}),
    };
  }
}

/** "2016-01-09 02:02:12Z", as Entra writes timestamps in error bodies. */
export function entraTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

const mk = (name: IdentityErrorName, description: string, extra?: { suberror?: string; claims?: string }) => new IdentityError(name, description, extra);
// .NET's 7-digit ISO form, as in Entra's messages; never throws while an error is being built.
const iso7 = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z') : '0001-01-01T00:00:00.0000000Z');

/** The factories: `throw identityErrors.badClientSecret(appId)`. One per IDENTITY_ERROR_DEFS entry. */
export const identityErrors = {
  missingParameter: (param: string) =>
    mk('missingParameter', `The request body must contain the following parameter: '${param}'.`),
  duplicateParameter: (param: string) =>
    mk('duplicateParameter', `The request is not properly formatted. The parameter '${param}' is duplicated.`),
  malformedRequest: (detail: string) => mk('malformedRequest', `Invalid request. Request is malformed or invalid. ${detail}`.trim()),
  methodNotAllowed: (allowed: string, got: string) =>
    mk('methodNotAllowed', `The endpoint only accepts ${allowed} requests. Received a ${got} request.`),
  unsupportedGrantType: (grantType: string) =>
    mk('unsupportedGrantType', `The app requested an unsupported grant type '${grantType}'.`),

  tenantNotFound: (tenant: string) =>
    mk('tenantNotFound', `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  grantNotSupportedOnCommon: (tenant: string) =>
    mk('grantNotSupportedOnCommon', `The grant type isn't supported over the /${tenant} endpoint. Please use the /organizations or tenant-specific endpoint.`),
  singleTenantAppOnCommon: (appId: string, name: string) =>
    mk('singleTenantAppOnCommon', `Application '${appId}'(${name}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications. Use a tenant-specific endpoint or configure the application to be multi-tenant.`),

  unknownApp: (appId: string, tenant: string) =>
    mk('unknownApp', `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  appDisabled: (appId: string, name: string) => mk('appDisabled', `Application '${appId}'(${name}) is disabled.`),
  noClientCredential: () => mk('noClientCredential', "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  publicClientSentCredential: () => mk('publicClientSentCredential', "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."),
  badClientSecret: (appId: string) =>
    mk('badClientSecret', `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`),
  expiredClientSecret: (appId: string) =>
    mk('expiredClientSecret', `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`),
  assertionSignatureInvalid: (reason: string, thumbprint: string | undefined, appId: string) =>
    mk('assertionSignatureInvalid', `Client assertion failed signature validation. [Reason - ${reason}, Thumbprint of key used by client: '${thumbprint ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`),
  assertionOutsideValidity: (nowMs: number, nbfMs: number | undefined, expMs: number | undefined) =>
    mk('assertionOutsideValidity', `Client assertion is not within its valid time range. Current time: ${iso7(nowMs)}, assertion valid from ${iso7(nbfMs ?? 0)}, expiry time of assertion ${iso7(expMs ?? 0)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`),
  assertionMalformed: (detail: string) => mk('assertionMalformed', `JWT token is invalid or malformed. ${detail}`.trim()),

  redirectUriMismatch: (redirectUri: string, appId: string) =>
    mk('redirectUriMismatch', `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`),
  noReplyAddress: () => mk('noReplyAddress', 'No reply address provided.'),
  codeRedirectUriMismatch: (redirectUri: string, appId: string) =>
    mk('codeRedirectUriMismatch', `The redirect URI '${redirectUri}' specified in the request does not match the redirect URI the authorization code was issued for, for the application '${appId}'.`),
  crossOriginRedemptionNotSpa: (origin: string) =>
    mk('crossOriginRedemptionNotSpa', `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`),
  spaRedemptionNotCrossOrigin: () =>
    mk('spaRedemptionNotCrossOrigin', "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."),
  pkceRequired: () => mk('pkceRequired', 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.'),

  missingScope: () => mk('missingScope', "The provided request must include a 'scope' input parameter."),
  invalidScope: (scope: string) =>
    mk('invalidScope', `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`),
  defaultScopeMixed: (scope: string) =>
    mk('defaultScopeMixed', `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid. static scope limit exceeded: the '.default' scope cannot be combined with other scopes of the same resource.`),
  clientCredentialsScopeNotDefault: (scope: string) =>
    mk('clientCredentialsScopeNotDefault', `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  multipleResources: (scope: string) =>
    mk('multipleResources', `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`),
  multipleResourcesAppOnly: (scope: string) =>
    mk('multipleResourcesAppOnly', `The provided value for the input parameter scope '${scope}' is not valid because it contains more than one resource.`),
  resourceNotFound: (resource: string, tenant: string) =>
    mk('resourceNotFound', `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  appNotAssignedToRole: (appId: string, resourceAppId: string) =>
    mk('appNotAssignedToRole', `Application '${appId}' is not assigned to a role for the application '${resourceAppId}'.`),

  consentRequired: (appId: string, appName: string) =>
    mk('consentRequired', `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' }),
  consentRequiredInteractive: (appId: string, appName: string) =>
    mk('consentRequiredInteractive', `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`),
  userDeclinedConsent: () => mk('userDeclinedConsent', 'The user has denied access to the scope requested by the client application.'),
  adminConsentRequired: (appName: string) =>
    mk('adminConsentRequired', `${appName} needs permission to access resources in your organization that only an admin can grant. Ask an admin to grant permission to this app before you can use it.`),
  consentBlockedByPolicy: (appName: string, tenantName: string) =>
    mk('consentBlockedByPolicy', `An administrator of ${tenantName} set a policy that prevents you from granting ${appName} the permissions it's requesting. Contact an administrator of ${tenantName}, who can grant permissions to this app on your behalf.`),
  adminApprovalRequired: (appName: string) =>
    mk('adminApprovalRequired', `${appName} needs permission to access resources in your organization that only an admin can grant. Request approval from an admin to use this app.`),
  userNotAssigned: (appId: string, appName: string) =>
    mk('userNotAssigned', `The signed in user is not assigned to a role for the application '${appId}'(${appName}).`),

  userNotFound: (tenantName: string) =>
    mk('userNotFound', `The user account {EUII Hidden} does not exist in the '${tenantName}' directory. To sign into this application, the account must be added to the directory.`),
  wrongPassword: () => mk('wrongPassword', 'Error validating credentials due to invalid username or password.'),
  userDisabled: () => mk('userDisabled', 'The user account is disabled.'),
  userNotInTenant: (tenant: string, appId: string) =>
    mk('userNotInTenant', `User account '{EUII Hidden}' from identity provider 'live.com' does not exist in tenant '${tenant}' and cannot access the application '${appId}' in that tenant. The account needs to be added as an external user in the tenant first.`),
  loginRequired: () => mk('loginRequired', 'A silent sign-in request was sent but no user is signed in.'),

  invalidGrant: (detail = 'Provided grant is invalid or malformed.') => mk('invalidGrant', detail),
  codeReused: () => mk('codeReused', 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  codeExpired: () =>
    mk('codeExpired', 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'),
  codeWrongTenant: () =>
    mk('codeWrongTenant', 'Provided Authorization Code is intended to use against other tenant, thus rejected.'),
  pkceMismatch: () => mk('pkceMismatch', 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  refreshTokenRevoked: (issuedMs: number, validFromMs: number) =>
    mk('refreshTokenRevoked', `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${iso7(issuedMs)}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${iso7(validFromMs)}'.`),
  refreshTokenExpired: (issuedMs: number) =>
    mk('refreshTokenExpired', `The refresh token has expired due to inactivity. The token was issued on ${iso7(issuedMs)} and was inactive for 90.00:00:00.`),
  spaRefreshTokenExpired: (issuedMs: number) =>
    mk('spaRefreshTokenExpired', `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${iso7(issuedMs)}.`),

  authorizationPending: () => mk('authorizationPending', 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  deviceCodeExpired: () => mk('deviceCodeExpired', 'Verification code expired.'),
  authorizationDeclined: () => mk('authorizationDeclined', 'The end user denied the authorization request.'),
  badVerificationCode: () => mk('badVerificationCode', 'Invalid verification code entered.'),
  deviceCodeAlreadyUsed: () => mk('deviceCodeAlreadyUsed', 'The request was already authorized or declined.'),

  oboAssertionInvalid: (reason: string) => mk('oboAssertionInvalid', `Assertion failed signature validation. [Reason - ${reason}]`),
  oboAssertionExpired: (nowMs: number, expMs: number) =>
    mk('oboAssertionExpired', `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${iso7(nowMs)}, expiry time of assertion ${iso7(expMs)}.`),

  // Wire shape as Entra answers (issues quoted in docs/errors-identity.md): suberror basic_action and a
  // `claims` challenge naming the policies (`capolids`) for MFA; suberror message_only for a block.
  mfaRequired: (resource: string, claims: string) =>
    mk('mfaRequired', `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`, { suberror: 'basic_action', claims }),
  mfaRegistrationRequired: (resource: string, claims: string) =>
    mk('mfaRegistrationRequired', `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '${resource}'.`, { suberror: 'basic_action', claims }),
  blockedByConditionalAccess: () =>
    mk('blockedByConditionalAccess', 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.', { suberror: 'message_only' }),
  mfaRegistrationRequiredPage: (resource: string) =>
    mk('mfaRegistrationRequiredPage', `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '${resource}'.`),
  blockedByConditionalAccessPage: () =>
    mk('blockedByConditionalAccessPage', 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'),
} satisfies { [K in IdentityErrorName]: (...args: never[]) => IdentityError };
