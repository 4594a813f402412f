import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import type { ApplicationRecord } from '../../store/types.js';
import { resolveAuthority, resolveClientApp, type Authority } from '../authorize/authority.js';
import { ClientRedirectError } from '../authorize/authorize-request.js';
import { evaluateRequest, pageItems, refusalError } from '../authorize/consent-check.js';
import { matchRedirectUri } from '../authorize/redirect-uri.js';
import { resolveAuthorizeScopes } from '../authorize/requested-scopes.js';
import { redirectLocation, sendToClient, type ClientTarget } from '../authorize/respond.js';
import { grantAdminConsent } from '../consent/record.js';
import { adminConsentPower } from '../consent/policy.js';
import { identityErrors, IdentityError } from '../errors.js';
import { renderConsentPage } from './consent-page.js';
import type { Csrf } from './csrf.js';
import { renderApprovalRequired, renderErrorPage } from './message-pages.js';
import { formBody, requestInfoOf, sendPage, traceOf } from './send.js';
import { readSessions, type BrowserSession } from './session.js';
import { handleSignInStep, usernamePage } from './sign-in-flow.js';
import type { SignInForm } from './sign-in-page.js';

// The admin consent endpoint (entra-docs v2-admin-consent): an admin signs in, reviews every
// permission the app asks for (with `.default`: its static list, application permissions included)
// and grants them for the whole tenant. Success returns `admin_consent=True&tenant&scope&state` to
// the redirect URI; Cancel returns `error=access_denied` with AADSTS65004 (v1: `permission_denied`).

interface AdminConsentFlow {
  v2: boolean;
  params: Record<string, string>;
  authority: Authority;
  app: ApplicationRecord;
  target: ClientTarget;
  scope: string;
  form: SignInForm;
}

export function registerAdminConsentRoutes(app: FastifyInstance, s: Services, csrf: Csrf): void {
  for (const [path, v2] of [
    ['/:tenant/adminconsent', false],
    ['/:tenant/v2.0/adminconsent', true],
  ] as const) {
    const handler = async (req: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
      const isForm = req.method === 'POST';
      const body = isForm ? formBody(req) : {};
      const params = isForm ? Object.fromEntries(new URLSearchParams(body.ctx ?? '')) : single(req.query);
      const info = requestInfoOf(s, req, params['client-request-id']);
      try {
        const flow = await prepare(s, req, reply, csrf, req.params.tenant, params, v2);
        const sessions = await sessionsIn(s, req, reply, flow.authority);
        if (!isForm) {
          if (sessions.length === 1) return review(s, reply, flow, sessions[0]!, info);
          return sendPage(reply, usernamePage(flow.form, params.login_hint));
        }
        if (!csrf.verify(req, 'adminconsent', binding(body.ctx ?? ''), body.csrf)) return sendPage(reply, usernamePage(flow.form));
        if (body.step === 'username' || body.step === 'password') {
          const out = await handleSignInStep(s, req, reply, flow.form, { tenant: flow.authority.kind === 'tenant' ? flow.authority.tenant : undefined, clientId: flow.app.appId }, body);
          return out.kind === 'page' ? sendPage(reply, out.html) : review(s, reply, flow, out.session, info);
        }
        const session = sessions.find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
        if (!session) return sendPage(reply, usernamePage(flow.form));
        if (body.decision !== 'accept') throw declined(flow);
        const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
        await grantAdminConsent(s, { tenant, client: flow.app, admin: session.user, scopes: flow.scope });
        return sendToClient(reply, flow.target, {
          admin_consent: 'True',
          tenant: tenant.id,
          ...(flow.v2 ? { scope: flow.scope } : {}),
          ...(params.state !== undefined ? { state: params.state } : {}),
        });
      } catch (e) {
        if (e instanceof ClientRedirectError) {
          const p = e.error.toRedirectParams(info, e.state);
          return sendToClient(reply, e.target, v2 || p.error !== 'access_denied' ? p : { ...p, error: 'permission_denied' });
        }
        if (e instanceof IdentityError) return sendPage(reply, renderErrorPage(e, { trace: traceOf(info) }), e.status);
        throw e;
      }
    };
    app.get(path, handler);
    app.post(path, handler);
  }
}

async function review(s: Services, reply: FastifyReply, flow: AdminConsentFlow, session: BrowserSession, info: ReturnType<typeof requestInfoOf>): Promise<FastifyReply> {
  const user = session.user;
  const tenant = (await s.stores.directory.getTenant(user.tenantId))!;
  if (flow.app.tenantId !== tenant.id && flow.app.signInAudience !== 'AzureADMultipleOrgs') throw identityErrors.unknownApp(flow.app.appId, tenant.id);
  let groups;
  try {
    groups = await resolveAuthorizeScopes(s, flow.scope, flow.app);
  } catch (e) {
    if (e instanceof IdentityError) throw new ClientRedirectError(e, flow.target, flow.params.state);
    throw e;
  }
  const evaluation = await evaluateRequest(s, { tenant, user, client: flow.app, groups, prompt: 'consent' });
  if (adminConsentPower(user.roles) === 'none' || !evaluation.userIsAdminConsenter) {
    const err = refusalError('AADSTS90094', flow.app, tenant);
    return sendPage(
      reply,
      renderApprovalRequired({
        error: err,
        tenantName: tenant.displayName,
        app: { name: flow.app.displayName, appId: flow.app.appId, verifiedPublisher: flow.app.verifiedPublisher },
        user: { upn: user.userPrincipalName, displayName: user.displayName },
        returnHref: redirectLocation(flow.target, errorParams(flow, declinedError(), info)),
        trace: traceOf(info),
      }),
      err.status,
    );
  }
  return sendPage(
    reply,
    renderConsentPage({
      action: flow.form.action,
      hidden: { ...flow.form.hidden, account: `${user.tenantId}:${user.id}` },
      tenantName: tenant.displayName,
      app: { name: flow.app.displayName, verifiedPublisher: flow.app.verifiedPublisher, homeTenantName: (await s.stores.directory.getTenant(flow.app.tenantId))?.displayName },
      user: { upn: user.userPrincipalName, displayName: user.displayName },
      items: pageItems(evaluation.toConsent),
      variant: 'organization',
      offerOrgConsent: true,
    }),
  );
}

async function prepare(s: Services, req: FastifyRequest, reply: FastifyReply, csrf: Csrf, tenantSegment: string, params: Record<string, string>, v2: boolean): Promise<AdminConsentFlow> {
  if (!params.client_id) throw identityErrors.missingParameter('client_id');
  const authority = await resolveAuthority(s, tenantSegment);
  const app = await resolveClientApp(s, authority, params.client_id);
  let redirectUri = params.redirect_uri;
  if (!redirectUri) {
    const all = [...app.redirectUris.web, ...app.redirectUris.spa, ...app.redirectUris.publicClient];
    if (all.length !== 1) throw identityErrors.noReplyAddress();
    redirectUri = all[0]!;
  } else if (!matchRedirectUri(app, redirectUri)) {
    throw identityErrors.redirectUriMismatch(redirectUri, app.appId);
  }
  const target: ClientTarget = { redirectUri, mode: 'query' };
  // v1 has no scope parameter: it always means the app's static permissions.
  const scope = v2 ? (params.scope ?? '').trim() : '.default';
  if (!scope) throw new ClientRedirectError(identityErrors.missingScope(), target, params.state);
  const ctx = new URLSearchParams(params).toString();
  const form: SignInForm = {
    action: req.url.split('?')[0]!,
    hidden: { ctx, csrf: csrf.issue(req, reply, 'adminconsent', binding(ctx)) },
    tenantName: authority.kind === 'tenant' ? authority.tenant.displayName : undefined,
    subtitle: `as an administrator, to review ${app.displayName}`,
  };
  return { v2, params, authority, app, target, scope, form };
}

async function sessionsIn(s: Services, req: FastifyRequest, reply: FastifyReply, authority: Authority): Promise<BrowserSession[]> {
  const all = await readSessions(s, req, reply);
  return authority.kind === 'tenant' ? all.filter((x) => x.user.tenantId === authority.tenant.id) : all;
}

const declinedError = () => identityErrors.userDeclinedConsent();
const declined = (flow: AdminConsentFlow) => new ClientRedirectError(declinedError(), flow.target, flow.params.state);

function errorParams(flow: AdminConsentFlow, err: IdentityError, info: ReturnType<typeof requestInfoOf>): Record<string, string> {
  const p = err.toRedirectParams(info, flow.params.state);
  return flow.v2 ? p : { ...p, error: 'permission_denied' };
}

function single(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') out[k] = last;
  }
  return out;
}

const binding = (ctx: string) => createHash('sha256').update(ctx).digest('base64url');

