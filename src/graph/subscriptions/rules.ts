import type { SubscriptionRecord } from '../../store/subscriptions/types.js';
import { mailbox, mailboxRule } from '../auth/mailbox-rule.js';
import { denial } from '../auth/authorize.js';
import type { ResourceRef, ResourceRule, RuleContext, RuleOutcome } from '../auth/resource-rules.js';
import { DIRECTORY_ROLES } from '../../tenant-file/directory-roles.js';
import { graphErrors } from '../errors.js';
import { subscriptionsStore } from './store-access.js';
import { parseEventsResource } from './resource-path.js';

// Permission to subscribe is permission to read the resource (subscription-post-subscriptions.md:
// "Creating a subscription requires read scope to the resource"), so the routes take the
// resource's read entry from the catalog (GET /users/{id}/events for events) and this rule:
// - leaves out what the subscription docs do not accept for events: their table lists
//   Calendars.Read as the least privileged permission, so Calendars.ReadBasic does not subscribe;
// - for a new or renewed subscription, runs the mailbox rules on the mailbox (it exists and has a
//   mailbox; app-only: Exchange application access policies; delegated: one's own mailbox, or a
//   shared one with a `.Shared` scope and sharing);
// - for an existing subscription, finds it among those the caller may see: app-only, those of the
//   calling app; delegated, those the app created for the signed-in user; with
//   Subscription.Read.All (delegated, documented for listing in subscription-list.md), those of any
//   app for the user, and for an administrator all of them. Others are 404, as if absent.

export interface SubscriptionResource extends ResourceRef {
  kind: 'subscription';
  op: 'create' | 'renew' | 'read' | 'delete' | 'list';
  /** create: the body's `resource`. */
  resource?: string;
  /** renew, read, delete: the subscription's id. */
  id?: string;
}

export const subscription = (op: SubscriptionResource['op'], more: { resource?: string; id?: string } = {}): SubscriptionResource => ({ kind: 'subscription', op, ...more });

/** Documented as not enough to subscribe (the docs' least privileged permission for events is Calendars.Read). */
const NOT_FOR_SUBSCRIPTIONS = /^calendars\.readbasic/i;
const DOCUMENTED_LEAST = 'Calendars.Read';
const SUBSCRIPTION_READ_ALL = 'Subscription.Read.All';
const GLOBAL_ADMIN = DIRECTORY_ROLES['Global Administrator']!.toLowerCase();

export const subscriptionRule: ResourceRule<SubscriptionResource> = {
  name: 'subscription',

  widen(accepted, ctx) {
    const extra = [...(mailboxRule.widen?.(accepted, { ...ctx, resource: mailbox('me') }) ?? [])];
    if (ctx.principal.scheme === 'delegated' && (ctx.resource.op === 'list' || ctx.resource.op === 'read')) extra.push(SUBSCRIPTION_READ_ALL);
    return extra;
  },

  async check(ctx) {
    const { principal, resource, accepted, match, req } = ctx;
    // Least privileged first, as the subscription docs rank them: Calendars.Read.
    const usableAccepted = accepted.filter((p) => !NOT_FOR_SUBSCRIPTIONS.test(p)).sort((a, b) => Number(b === DOCUMENTED_LEAST) - Number(a === DOCUMENTED_LEAST));
    const allowing = ctx.allowing.filter((p) => !NOT_FOR_SUBSCRIPTIONS.test(p));
    if (allowing.length === 0) {
      return {
        allow: false,
        missing: usableAccepted,
        error: denial('outlook', principal, match, usableAccepted, req.method),
      };
    }
    const readAll = allowing.some((p) => p.toLowerCase() === SUBSCRIPTION_READ_ALL.toLowerCase());

    if (resource.op === 'list') return { allow: true, permission: allowing[0] };
    if (resource.op === 'create') return checkMailbox(ctx, allowing, resource.resource ?? '');

    const sub = await subscriptionsStore(ctx.s).get(ctx.tenant.id, resource.id ?? '');
    if (!sub || sub.expirationMs <= ctx.s.clock.now() || !visible(sub, ctx, readAll && resource.op === 'read')) {
      return { allow: false, error: graphErrors.subscriptionNotFound(resource.id ?? '') };
    }
    if (resource.op === 'renew') {
      const outcome = await checkMailbox(ctx, allowing, sub.resource);
      return outcome.allow ? { ...outcome, target: sub } : outcome;
    }
    return { allow: true, permission: allowing[0], target: sub };
  },
};

/** Subscription ownership: the app that created it and, delegated, the user it was created for. */
export function visible(sub: SubscriptionRecord, ctx: Pick<RuleContext, 'principal'>, readAll: boolean): boolean {
  const { principal } = ctx;
  if (principal.scheme === 'application') return sub.applicationId.toLowerCase() === principal.appId.toLowerCase();
  const sameUser = sub.creatorId.toLowerCase() === principal.userId?.toLowerCase();
  if (readAll) return sameUser || isAdmin(principal.wids);
  return sameUser && sub.applicationId.toLowerCase() === principal.appId.toLowerCase();
}

export function isAdmin(wids: readonly string[]): boolean {
  return wids.some((w) => w.toLowerCase() === GLOBAL_ADMIN);
}

async function checkMailbox(ctx: RuleContext<SubscriptionResource>, allowing: readonly string[], resourceText: string): Promise<RuleOutcome> {
  if (resourceText.trim() === '') return { allow: false, error: graphErrors.subscriptionInvalidRequest("The property 'resource' is required.") };
  const parsed = parseEventsResource(resourceText);
  if (!parsed) return { allow: false, error: graphErrors.notImplemented(`change notifications for '${resourceText}' (tenantbox notifies on Outlook events: me/events, users/{id}/events, …/calendar/events, …/calendars/{id}/events)`) };
  if (parsed.mailbox.toLowerCase() === 'me' && ctx.principal.scheme === 'application') return { allow: false, error: graphErrors.meWithAppOnlyToken() };
  const rules = ctx.req.graph.ctx.rules.rulesFor('mailbox');
  let last: RuleOutcome = { allow: true };
  for (const rule of rules) {
    const outcome = await rule.check({ ...ctx, allowing, resource: mailbox(parsed.mailbox, { need: 'read', folder: 'calendar' }) });
    if (!outcome.allow) return outcome;
    last = { ...last, ...outcome };
  }
  return last;
}
