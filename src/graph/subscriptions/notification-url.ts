import { graphErrors } from '../errors.js';
import { LocalPostTimeout, postLocal } from './local-post.js';

// Where tenantbox may send notifications, and the validation handshake Graph makes before it
// creates a subscription (graph-docs change-notifications-delivery-webhooks.md, "notification
// endpoint validation"): POST {notificationUrl}?validationToken={token} with a text/plain body;
// the endpoint must answer 200 with exactly the (URL-decoded) token as text/plain within 10
// seconds. Graph's refusals [O]: ValidationError "… HTTP status code is 'Forbidden'. Notification
// endpoint must respond with 200 OK …", InvalidRequest "… Response must exactly match
// validationToken query parameter.", InvalidRequest "Subscription validation request timed out.".

export const VALIDATION_TIMEOUT_MS = 10_000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A notification URL tenantbox will call: http(s) on this machine only (no traffic leaves it). */
export function checkNotificationUrl(value: unknown, property: string): URL {
  if (typeof value !== 'string' || value.trim() === '') throw graphErrors.subscriptionInvalidRequest(`The property '${property}' is required.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw graphErrors.notificationUrlRefused(`The ${property} '${value}' is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw graphErrors.notificationUrlRefused(`The ${property} must be an https URL.`);
  if (!LOOPBACK.has(url.hostname.toLowerCase())) {
    throw graphErrors.notificationUrlRefused(
      `tenantbox delivers change notifications only on this machine: the ${property} must be on 127.0.0.1, ::1 or localhost (got '${url.hostname}').`,
    );
  }
  return url;
}

/** .NET's HttpStatusCode names, as Graph writes them in the validation error. */
const STATUS_NAMES: Record<number, string> = {
  201: 'Created', 202: 'Accepted', 204: 'NoContent', 301: 'Moved', 302: 'Redirect', 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'NotFound', 405: 'MethodNotAllowed', 408: 'RequestTimeout', 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway',
  503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

export function validationToken(requestId: string): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${requestId}`;
}

export async function validateEndpoint(url: URL, token: string, timeoutMs = VALIDATION_TIMEOUT_MS): Promise<void> {
  const target = new URL(url);
  target.searchParams.append('validationToken', token);
  let res;
  try {
    res = await postLocal(target, '', { 'content-type': 'text/plain; charset=utf-8', accept: 'text/plain' }, timeoutMs);
  } catch (e) {
    if (e instanceof LocalPostTimeout) throw graphErrors.subscriptionValidationTimedOut();
    throw graphErrors.subscriptionValidationFailed();
  }
  if (res.status !== 200) throw graphErrors.subscriptionValidationFailed(STATUS_NAMES[res.status] ?? String(res.status));
  if (res.text !== token) throw graphErrors.subscriptionValidationMismatch();
}
