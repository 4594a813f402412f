import type { FastifyInstance } from 'fastify';
import type { Services } from '../shared/services.js';
import { mailboxRule } from './auth/mailbox-rule.js';
import { ResourceRuleRegistry } from './auth/resource-rules.js';
import { createGraphTokenVerifier, type GraphTokenVerifier } from './auth/token-verifier.js';
import { registerBatch } from './batch/batch-route.js';
import { calendarArea } from './calendar/index.js';
import { consentRequestsArea } from './consent-requests/index.js';
import { directoryArea } from './directory/index.js';
import { labelsArea } from './labels/index.js';
import { mailArea } from './mail/index.js';
import { meetingsArea } from './meetings/index.js';
import { registerGraphOidc } from './oidc/index.js';
import { placesArea } from './places/index.js';
import { reportsArea } from './reports/index.js';
import { subscriptionsArea } from './subscriptions/index.js';
import { teamsArea } from './teams/index.js';
import { composeGraphPipeline } from './pipeline/compose.js';
import type { GraphContext } from './pipeline/context.js';
import { OutlookThrottle } from './throttle/outlook-throttle.js';

// The Microsoft Graph surface: /v1.0 and /beta (the same routes; /beta only where identical).
// Each area (directory, calendar, places, mail, Teams, reports, subscriptions…) is one entry in
// GRAPH_AREAS: it registers its resource rules once and its routes inside the pipeline
// (src/graph/pipeline/compose.ts), so every one of its requests is authenticated, authorized from
// the catalog, policy-checked, throttled and audited the same way.

export interface GraphArea {
  name: string;
  /** Resource kinds this area guards (called once). */
  rules?(registry: ResourceRuleRegistry): void;
  /** Routes, relative to the version prefix (called once per prefix). */
  routes(app: FastifyInstance, ctx: GraphContext): void | Promise<void>;
}

/** Add new areas here. */
export const GRAPH_AREAS: GraphArea[] = [directoryArea, calendarArea, placesArea, meetingsArea, mailArea, labelsArea, reportsArea, teamsArea, subscriptionsArea, consentRequestsArea];

export interface RegisterGraphOptions {
  /** Tests inject a verifier; by default the identity platform's access-token verifier is used. */
  verifier?: GraphTokenVerifier;
  areas?: GraphArea[];
}

export async function registerGraph(app: FastifyInstance, s: Services, opts: RegisterGraphOptions = {}): Promise<void> {
  await createGraphSurface(app, s, opts);
}

/** registerGraph, returning the shared context (tests reach the throttle and rule registry through it). */
export async function createGraphSurface(app: FastifyInstance, s: Services, opts: RegisterGraphOptions = {}): Promise<GraphContext> {
  const areas = opts.areas ?? GRAPH_AREAS;
  const rules = new ResourceRuleRegistry();
  rules.register('mailbox', mailboxRule);
  for (const area of areas) area.rules?.(rules);
  const ctx: GraphContext & { batchMarker: string } = {
    s,
    verifier: opts.verifier ?? createGraphTokenVerifier(s),
    rules,
    throttle: new OutlookThrottle(s.clock),
    // Marks requests $batch dispatches to itself; unguessable, so a client cannot claim it.
    batchMarker: s.ids.token(24),
  };
  for (const prefix of ['/v1.0', '/beta']) {
    await app.register(
      async (scope) =>
        composeGraphPipeline(scope, ctx, async (r) => {
          registerBatch(r, ctx);
          for (const area of areas) await area.routes(r, ctx);
        }),
      { prefix },
    );
  }
  // /oidc/userinfo: Graph's, but outside the version prefixes (src/graph/oidc).
  await registerGraphOidc(app, ctx);
  return ctx;
}

// What areas build on: the permission check, resource rules and policy helpers, OData, errors.
export { authorize, type Authorization, type AuthorizeOptions } from './auth/authorize.js';
export { mailbox, mailboxRule, type MailboxResource } from './auth/mailbox-rule.js';
export type { ResourceRef, ResourceRule, RuleContext, RuleOutcome } from './auth/resource-rules.js';
export { checkApplicationAccessPolicies, evaluateApplicationAccessPolicies, isCoveredByApplicationAccessPolicies } from './auth/application-access-policy.js';
export { checkDelegatedMailboxAccess, calendarRoleOf, type CalendarRole, type MailboxFolder, type MailboxNeed } from './auth/delegated-mailbox-access.js';
export { checkTeamsApplicationAccessPolicy, evaluateTeamsApplicationAccessPolicy } from './auth/teams-access-policy.js';
export { queryCollection, entityResult, type CollectionSpec, type PropertySpec, type Resource } from './odata/collection.js';
export { readODataQuery, type ODataQuery } from './odata/query-options.js';
export { collectionContext, entityContext, metadataUrl, graphVersion, selfLink, encodeSkipToken, decodeSkipToken, fingerprint } from './odata/links.js';
export { GraphError, graphErrors, GRAPH_ERROR_DEFS, type Workload } from './errors.js';
export type { GraphContext, GraphRequestState } from './pipeline/context.js';
