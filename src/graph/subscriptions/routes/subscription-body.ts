import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../shared/services.js';
import { graphErrors } from '../../errors.js';
import { catalogReadPath, parseEventsResource } from '../resource-path.js';

// Request bodies of /subscriptions and what they may say. Limits [D subscription resource]: an
// Outlook event subscription lives at most 4230 minutes (Graph's own error says 4230, not 4320
// [O]); clientState is at most 255 characters.

export const MAX_EVENT_SUBSCRIPTION_MINUTES = 4230;
export const READ_EVENTS = { method: 'GET', path: '/users/{id}/events' } as const;
export const WHY =
  "Microsoft's data has no entry for /subscriptions; creating a subscription requires read permission of the resource (subscription-post-subscriptions.md)";

export type Body = Record<string, unknown>;

export function peek(req: FastifyRequest): Body {
  const b = req.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {};
}

/** The catalog entry whose permissions a subscription on `resource` needs: the resource's read operation. */
export function readEntryOf(s: Services, resource: string): { method: string; path: string; why: string } {
  if (!resource || parseEventsResource(resource)) return { ...READ_EVENTS, why: WHY };
  const path = catalogReadPath(resource);
  const known = s.catalog.lookup('GET', path, 'delegated') ?? s.catalog.lookup('GET', path, 'application');
  return known ? { method: 'GET', path, why: WHY } : { ...READ_EVENTS, why: WHY };
}

export function refuseNotEmulated(body: Body): void {
  if (body.includeResourceData === true) throw graphErrors.notImplemented('change notifications with resource data (includeResourceData, encryptionCertificate)');
  for (const p of ['encryptionCertificate', 'encryptionCertificateId', 'notificationQueryOptions', 'notificationUrlAppId']) {
    if (body[p] !== undefined && body[p] !== null && body[p] !== '') throw graphErrors.notImplemented(`the subscription property '${p}'`);
  }
}

export function changeTypes(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw graphErrors.subscriptionInvalidRequest("The property 'changeType' is required.");
  const parts = v.split(',').map((x) => x.trim());
  const allowed = ['created', 'updated', 'deleted'];
  for (const p of parts) {
    if (!allowed.includes(p)) throw graphErrors.subscriptionInvalidRequest(`Invalid changeType '${p}': use created, updated or deleted, comma-separated.`);
  }
  if (new Set(parts).size !== parts.length) throw graphErrors.subscriptionInvalidRequest(`The changeType '${v}' names a change type twice.`);
  return parts.join(',');
}

export function expiration(v: unknown, nowMs: number): { iso: string; ms: number } {
  if (typeof v !== 'string' || v.trim() === '') throw graphErrors.subscriptionInvalidRequest("The property 'expirationDateTime' is required.");
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw graphErrors.subscriptionInvalidRequest(`Invalid value for 'expirationDateTime': '${v}'.`);
  if (ms <= nowMs) throw graphErrors.subscriptionInvalidRequest('Subscription expiration must be in the future.');
  if (ms > nowMs + MAX_EVENT_SUBSCRIPTION_MINUTES * 60_000) throw graphErrors.subscriptionExpirationTooFar(MAX_EVENT_SUBSCRIPTION_MINUTES);
  return { iso: new Date(ms).toISOString(), ms };
}

export function clientState(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw graphErrors.subscriptionInvalidRequest("Invalid value for 'clientState'.");
  if (v.length > 255) throw graphErrors.subscriptionInvalidRequest('The clientState is longer than 255 characters.');
  return v;
}

export function latestTls(v: unknown): string {
  if (v === undefined || v === null) return 'v1_2';
  if (typeof v !== 'string' || !['v1_0', 'v1_1', 'v1_2', 'v1_3'].includes(v)) throw graphErrors.subscriptionInvalidRequest(`Invalid value for 'latestSupportedTlsVersion': '${String(v)}'.`);
  return v;
}
