import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import type { TenantRecord } from '../../store/types.js';
import type { ScopeRequest } from '../consent/scopes.js';
import { enabledWorkflow, pendingRequestOf, submitConsentRequest } from '../consent/admin-consent-workflow.js';
import { recordConsent } from '../consent/record.js';
import { targetsOf } from '../conditional-access/enforce.js';
import { claimsChallenge, evaluateConditionalAccess } from '../conditional-access/evaluate.js';
import { identityErrors, IdentityError } from '../errors.js';
import { renderAccountPicker } from '../pages/account-picker-page.js';
import { renderConsentPage } from '../pages/consent-page.js';
import { renderMfaPage } from '../pages/mfa-page.js';
import type { Csrf } from '../pages/csrf.js';
import { renderApprovalRequired, renderErrorPage, type ApprovalWorkflow } from '../pages/message-pages.js';
import { formBody, requestInfoOf, sendPage, traceOf } from '../pages/send.js';
import { readSessions, touchSession, type BrowserSession } from '../pages/session.js';
import { handleSignInStep, usernamePage } from '../pages/sign-in-flow.js';
import type { SignInForm } from '../pages/sign-in-page.js';
import { ClientRedirectError, parseAuthorizeRequest, type AuthorizeRequest } from './authorize-request.js';
import { appAccessError, evaluateRequest, pageItems, refusalError } from './consent-check.js';
import { issueAuthorizationCode } from './issue-code.js';
import { resolveAuthorizeScopes } from './requested-scopes.js';
import { redirectLocation, sendToClient } from './respond.js';

// The interactive part of /authorize: which account (session, picker or sign-in), then consent,
// then the code. The authorize parameters travel through every form as `ctx` and are validated
// again on each POST, so no server-side interaction state is needed and nothing can be skipped.

export interface Ctx {
  s: Services;
  csrf: Csrf;
  req: FastifyRequest;
  reply: FastifyReply;
  /** The `{tenant}` path segment as the client wrote it. */
  tenantSegment: string;
}

interface Flow extends Ctx {
  ar: AuthorizeRequest;
  groups: ScopeRequest[];
  form: SignInForm;
}

/** GET/POST /{tenant}/oauth2/v2.0/authorize. */
export async function beginAuthorize(c: Ctx, params: Record<string, string>): Promise<FastifyReply> {
  return guarded(c, params, async () => {
    const f = await prepare(c, params);
    const sessions = await sessionsFor(f);
    const hint = f.ar.loginHint?.toLowerCase();
    const hinted = hint ? sessions.find((x) => x.user.userPrincipalName === hint || x.user.mail === hint) : undefined;

    switch (f.ar.prompt) {
      case 'login':
        return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
      case 'none': {
        const chosen = hinted ?? (hint === undefined && sessions.length === 1 ? sessions[0] : undefined);
        if (!chosen) throw new ClientRedirectError(identityErrors.loginRequired(), f.ar.target, f.ar.state);
        return complete(f, chosen, false);
      }
      case 'select_account':
        return sessions.length ? picker(f, sessions) : sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
      default:
        if (hinted) return complete(f, hinted, true);
        if (hint === undefined && sessions.length === 1) return complete(f, sessions[0]!, true);
        if (hint === undefined && sessions.length > 1) return picker(f, sessions);
        return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
    }
  });
}

/** POST /{tenant}/login: the steps of the pages above (user name, password, account pick, consent). */
export async function continueAuthorize(c: Ctx): Promise<FastifyReply> {
  const body = formBody(c.req);
  const params = Object.fromEntries(new URLSearchParams(body.ctx ?? ''));
  return guarded(c, params, async () => {
    const f = await prepare(c, params);
    if (!c.csrf.verify(c.req, 'authorize', binding(body.ctx ?? ''), body.csrf)) {
      // A stale or forged form: start the interaction again rather than act on it.
      return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
    }
    switch (body.step) {
      case 'username':
      case 'password': {
        const out = await handleSignInStep(c.s, c.req, c.reply, f.form, { tenant: tenantOf(f), clientId: f.ar.app.appId }, body);
        return out.kind === 'page' ? sendPage(c.reply, out.html) : complete(f, out.session, true);
      }
      case 'pick': {
        const sessions = await sessionsFor(f);
        const chosen = sessions.find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
        return chosen ? complete(f, chosen, true) : sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
      }
      case 'request-approval': {
        const session = (await sessionsFor(f)).find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
        if (!session) return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
        return requestApproval(f, session, body.justification ?? '');
      }
      case 'mfa': {
        const session = (await sessionsFor(f)).find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
        if (!session) return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
        // Only a sign-in that Conditional Access sent here may be marked (the form is CSRF-bound to it).
        session.record.data = { ...session.record.data, mfa: true };
        await c.s.stores.tokens.update(session.record.hash, { data: session.record.data });
        return complete(f, session, true);
      }
      case 'consent': {
        const session = (await sessionsFor(f)).find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
        if (!session) return sendPage(c.reply, usernamePage(f.form, f.ar.loginHint));
        if (body.decision !== 'accept') throw new ClientRedirectError(identityErrors.userDeclinedConsent(), f.ar.target, f.ar.state);
        return complete(f, session, true, { accept: true, forOrganization: body.consent_org === '1' });
      }
      default:
        throw identityErrors.malformedRequest(`Unknown sign-in step '${body.step ?? ''}'.`);
    }
  });
}

/** The account is known: check the app may be used, ask for consent if needed, then send the code. */
async function complete(f: Flow, session: BrowserSession, interactive: boolean, consent?: { accept: true; forOrganization: boolean }): Promise<FastifyReply> {
  const { s, reply } = f;
  const user = session.user;
  await touchSession(s, session);
  const tenant = (await s.stores.directory.getTenant(user.tenantId))!;
  const info = requestInfoOf(s, f.req, f.ar.params['client-request-id']);

  const blocked = await appAccessError(s, tenant, f.ar.app, user);
  if (blocked) return sendPage(reply, renderErrorPage(blocked, { tenantName: tenant.displayName, appName: f.ar.app.displayName, trace: traceOf(info) }), blocked.status);

  // Conditional Access (src/identity/conditional-access/): block → 53003 page; MFA → the approve step.
  const mfa = session.record.data.mfa === true;
  const targets = f.groups.length ? f.groups.flatMap((g) => targetsOf(f.ar.app, g)) : [{ appId: f.ar.app.appId, displayName: f.ar.app.displayName }];
  const ca = await evaluateConditionalAccess(s, { tenant, user, targets, mfa });
  if (ca.kind === 'block') {
    const err = identityErrors.blockedByConditionalAccessPage();
    return sendPage(reply, renderErrorPage(err, { tenantName: tenant.displayName, appName: f.ar.app.displayName, trace: traceOf(info) }), err.status);
  }
  if (ca.kind === 'mfa') {
    const resource = targets[targets.length - 1]!.appId;
    if (!interactive) throw new ClientRedirectError(identityErrors.mfaRequired(resource, claimsChallenge(ca.policyIds)), f.ar.target, f.ar.state);
    if (!ca.registered) {
      const err = identityErrors.mfaRegistrationRequiredPage(resource);
      return sendPage(reply, renderErrorPage(err, { tenantName: tenant.displayName, appName: f.ar.app.displayName, trace: traceOf(info) }), err.status);
    }
    return sendPage(
      reply,
      renderMfaPage({ action: f.form.action, hidden: { ...f.form.hidden, account: `${user.tenantId}:${user.id}` }, tenantName: tenant.displayName, appName: f.ar.app.displayName, upn: user.userPrincipalName, displayName: user.displayName }),
    );
  }

  // After the consent form the prompt is answered: prompt=consent must not ask twice.
  const prompt = consent ? undefined : f.ar.prompt;
  const evaluation = await evaluateRequest(s, { tenant, user, client: f.ar.app, groups: f.groups, prompt });
  const pending = consent && f.ar.prompt === 'consent' ? (await evaluateRequest(s, { tenant, user, client: f.ar.app, groups: f.groups, prompt: 'consent' })).toConsent : evaluation.toConsent;

  if (pending.length > 0) {
    const forOrg = consent?.forOrganization === true && evaluation.userIsAdminConsenter;
    if (consent && (forOrg || evaluation.userMayConsent || evaluation.userIsAdminConsenter)) {
      // An admin who does not tick the box consents for themselves only; app roles need the box.
      const items = forOrg ? pending : pending.filter((i) => i.kind === 'delegated');
      await recordConsent(s, { tenant, client: f.ar.app, user, forOrganization: forOrg, items });
    } else {
      if (!interactive) throw new ClientRedirectError(identityErrors.consentRequiredInteractive(f.ar.app.appId, f.ar.app.displayName), f.ar.target, f.ar.state);
      if (evaluation.refusal) return refuse(f, session, tenant, evaluation.refusal);
      return consentPage(f, session, tenant, pending, evaluation.userIsAdminConsenter);
    }
  }

  const params = await issueAuthorizationCode(s, f.ar, user, session.record.data.authTime, mfa);
  return sendToClient(reply, f.ar.target, params);
}

function consentPage(f: Flow, session: BrowserSession, tenant: TenantRecord, items: Parameters<typeof pageItems>[0], isAdmin: boolean): FastifyReply {
  return sendPage(
    f.reply,
    renderConsentPage({
      action: f.form.action,
      hidden: { ...f.form.hidden, account: `${session.user.tenantId}:${session.user.id}` },
      tenantName: tenant.displayName,
      app: { name: f.ar.app.displayName, verifiedPublisher: f.ar.app.verifiedPublisher },
      user: { upn: session.user.userPrincipalName, displayName: session.user.displayName },
      items: pageItems(items),
      variant: 'user',
      offerOrgConsent: isAdmin,
    }),
  );
}

/**
 * The user may not consent. With the admin consent workflow on, 90094/90093 become 90095: the
 * page offers a request form, or says the user's request is still waiting (configure-admin-consent-workflow).
 */
async function refuse(f: Flow, session: BrowserSession, tenant: TenantRecord, refusal: Parameters<typeof refusalError>[0], problem?: string): Promise<FastifyReply> {
  if (!(await enabledWorkflow(f.s, tenant.id))) return approvalPage(f, session, tenant, refusal);
  const pending = await pendingRequestOf(f.s, tenant.id, f.ar.app.appId, session.user.id);
  if (pending) return approvalPage(f, session, tenant, 'AADSTS90095', { state: 'pending', requestedAt: new Date(pending.createdMs) });
  const hidden = { ...f.form.hidden, account: `${session.user.tenantId}:${session.user.id}` };
  return approvalPage(f, session, tenant, 'AADSTS90095', { state: 'form', action: f.form.action, hidden, ...(problem ? { problem } : {}) });
}

/** POST of the "Request approval" form: store the request once, then say it was sent. */
async function requestApproval(f: Flow, session: BrowserSession, justification: string): Promise<FastifyReply> {
  const { s } = f;
  const user = session.user;
  const tenant = (await s.stores.directory.getTenant(user.tenantId))!;
  const evaluation = await evaluateRequest(s, { tenant, user, client: f.ar.app, groups: f.groups });
  // Approved meanwhile (or the policy changed): carry on with the sign-in as usual.
  if (!evaluation.refusal) return complete(f, session, true);
  const policy = await enabledWorkflow(s, tenant.id);
  if (!policy || (await pendingRequestOf(s, tenant.id, f.ar.app.appId, user.id))) return refuse(f, session, tenant, evaluation.refusal);
  const reason = justification.trim();
  if (!reason) return refuse(f, session, tenant, evaluation.refusal, 'Write a few words on why you need the app.');
  const request = await submitConsentRequest(
    s,
    {
      tenant,
      client: f.ar.app,
      user,
      consentType: f.groups.some((g) => g.kind === 'default') ? 'Static' : 'Dynamic',
      scopes: evaluation.toConsent.filter((i) => i.kind === 'delegated').map((i) => i.scope),
      reason: reason.slice(0, 1000),
    },
    policy,
  );
  return approvalPage(f, session, tenant, 'AADSTS90095', { state: 'sent', requestedAt: new Date(request.createdMs) }, 200);
}

function approvalPage(f: Flow, session: BrowserSession, tenant: TenantRecord, refusal: Parameters<typeof refusalError>[0], workflow?: ApprovalWorkflow, status?: number): FastifyReply {
  const err = refusalError(refusal, f.ar.app, tenant);
  const info = requestInfoOf(f.s, f.req, f.ar.params['client-request-id']);
  const again = new URLSearchParams({ ...f.ar.params, prompt: 'login' });
  again.delete('login_hint');
  return sendPage(
    f.reply,
    renderApprovalRequired({
      error: err,
      tenantName: tenant.displayName,
      app: { name: f.ar.app.displayName, appId: f.ar.app.appId, verifiedPublisher: f.ar.app.verifiedPublisher },
      user: { upn: session.user.userPrincipalName, displayName: session.user.displayName },
      adminSignInHref: `/${encodeURIComponent(f.tenantSegment)}/oauth2/v2.0/authorize?${again}`,
      // Entra's "return to the application without granting consent": the app learns the user declined.
      returnHref: f.ar.target.mode === 'form_post' ? undefined : redirectLocation(f.ar.target, identityErrors.userDeclinedConsent().toRedirectParams(info, f.ar.state)),
      trace: traceOf(info),
      ...(workflow ? { workflow } : {}),
    }),
    status ?? err.status,
  );
}

function picker(f: Flow, sessions: BrowserSession[]): FastifyReply {
  return sendPage(
    f.reply,
    renderAccountPicker({
      action: f.form.action,
      hidden: f.form.hidden,
      tenantName: f.ar.authority.kind === 'tenant' ? f.ar.authority.tenant.displayName : undefined,
      appName: f.ar.app.displayName,
      accounts: sessions.map((x) => ({ value: `${x.user.tenantId}:${x.user.id}`, upn: x.user.userPrincipalName, displayName: x.user.displayName })),
    }),
  );
}

async function prepare(c: Ctx, params: Record<string, string>): Promise<Flow> {
  const ar = await parseAuthorizeRequest(c.s, c.tenantSegment, params);
  let groups: ScopeRequest[];
  try {
    // Scopes are checked before anyone signs in, as Entra does: a bad scope never shows a page.
    groups = await resolveAuthorizeScopes(c.s, ar.scope, ar.app);
  } catch (e) {
    if (e instanceof IdentityError) throw new ClientRedirectError(e, ar.target, ar.state);
    throw e;
  }
  const ctx = new URLSearchParams(ar.params).toString();
  const form: SignInForm = {
    action: `/${encodeURIComponent(c.tenantSegment)}/login`,
    hidden: { ctx, csrf: c.csrf.issue(c.req, c.reply, 'authorize', binding(ctx)) },
    tenantName: ar.authority.kind === 'tenant' ? ar.authority.tenant.displayName : undefined,
    appName: ar.app.displayName,
  };
  return { ...c, ar, groups, form };
}

async function sessionsFor(f: Flow): Promise<BrowserSession[]> {
  const all = await readSessions(f.s, f.req, f.reply);
  return f.ar.authority.kind === 'tenant' ? all.filter((x) => x.user.tenantId === (f.ar.authority as { tenant: TenantRecord }).tenant.id) : all;
}

const tenantOf = (f: Flow): TenantRecord | undefined => (f.ar.authority.kind === 'tenant' ? f.ar.authority.tenant : undefined);

const binding = (ctx: string) => createHash('sha256').update(ctx).digest('base64url');

/** Errors for the app go back to it; errors Entra shows itself become our error page. */
async function guarded(c: Ctx, params: Record<string, string>, run: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await run();
  } catch (e) {
    const info = requestInfoOf(c.s, c.req, params['client-request-id']);
    if (e instanceof ClientRedirectError) return sendToClient(c.reply, e.target, e.error.toRedirectParams(info, e.state));
    if (e instanceof IdentityError) return sendPage(c.reply, renderErrorPage(e, { trace: traceOf(info) }), e.status);
    throw e;
  }
}
