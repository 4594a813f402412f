import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, TenantRecord } from '../../store/types.js';
import { appAccessError, evaluateRequest, pageItems, refusalError } from '../authorize/consent-check.js';
import { resolveAuthorizeScopes } from '../authorize/requested-scopes.js';
import { targetsOf } from '../conditional-access/enforce.js';
import { evaluateConditionalAccess } from '../conditional-access/evaluate.js';
import type { ScopeRequest } from '../consent/scopes.js';
import { recordConsent } from '../consent/record.js';
import { identityErrors, IdentityError } from '../errors.js';
import type { DeviceCodeData, DeviceCodeRecord } from '../records.js';
import { renderConsentPage } from './consent-page.js';
import type { Csrf } from './csrf.js';
import { renderConfirmDevice, renderEnterCode } from './device-pages.js';
import { html } from './html.js';
import { renderApprovalRequired, renderErrorPage, renderNotice } from './message-pages.js';
import { renderMfaPage } from './mfa-page.js';
import { formBody, requestInfoOf, sendPage, traceOf } from './send.js';
import { readSessions, type BrowserSession } from './session.js';
import { handleSignInStep } from './sign-in-flow.js';
import { renderUsernameStep, type SignInForm } from './sign-in-page.js';

// The device login page (Entra's microsoft.com/devicelogin). The `verification_uri` the device code
// endpoint returns must point here: `<origin>/devicelogin` (also served as
// /{tenant}/oauth2/v2.0/deviceauth). Steps: code → sign in → "are you trying to sign in to <app>?"
// → consent if needed → the device code is approved (or declined) for the token endpoint to redeem.
// Conditional Access runs right after the sign-in, as on Entra's device login: a block shows the
// AADSTS53003 page, an MFA requirement the same "Approve sign-in request" step as /authorize
// (50079 page without a method); the approval marks the browser session as MFA'd and the approved
// device code records it, so the poll's enforcement (grants/device-code.ts) is met and the tokens
// say `amr: ["pwd","mfa"]`. It is checked again when the code is approved, so no form skips it.

export const DEVICE_LOGIN_PATH = '/devicelogin';

interface DeviceFlow {
  rec: DeviceCodeRecord;
  app: ApplicationRecord;
  /** The tenant the code was asked for; undefined when it was asked on /common or /organizations. */
  tenant?: TenantRecord;
  form: SignInForm;
}

export function registerDeviceRoutes(app: FastifyInstance, s: Services, csrf: Csrf): void {
  const show = async (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, renderEnterCode({ action: actionOf(req), hidden: { csrf: csrf.issue(req, reply, 'device', '') } }));

  const post = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = formBody(req);
    const action = actionOf(req);
    const codeAgain = (error?: { code: number; message: string }, code?: string) =>
      sendPage(reply, renderEnterCode({ action, hidden: { csrf: csrf.issue(req, reply, 'device', '') }, code, error }));

    if (body.step === 'code') {
      if (!csrf.verify(req, 'device', '', body.csrf)) return codeAgain();
      const found = await findCode(s, body.otc ?? '');
      if ('error' in found) return codeAgain(found.error, body.otc);
      const flow = await flowFor(s, req, reply, csrf, found.rec, action);
      if (!flow) return codeAgain({ code: identityErrors.unknownApp('', '').aadsts, message: 'The app that asked for this code is no longer registered.' }, body.otc);
      return sendPage(reply, renderUsernameStep(flow.form));
    }

    const found = await findCode(s, body.uc ?? '');
    if ('error' in found) return codeAgain(found.error);
    if (!csrf.verify(req, 'device', found.rec.data.userCode, body.csrf)) return codeAgain();
    const flow = await flowFor(s, req, reply, csrf, found.rec, action);
    if (!flow) return codeAgain();
    const info = requestInfoOf(s, req);
    const errorPage = (e: IdentityError, tenantName?: string) => sendPage(reply, renderErrorPage(e, { tenantName, appName: flow.app.displayName, trace: traceOf(info) }), e.status);
    const confirmPage = async (session: BrowserSession) =>
      sendPage(reply, renderConfirmDevice({ ...formWith(flow, session), tenantName: await tenantName(s, session), appName: flow.app.displayName, user: who(session) }));

    /** The scopes of the device code request, as /authorize resolves them; a bad one is the error page. */
    const groupsOf = async (): Promise<ScopeRequest[] | FastifyReply> => {
      try {
        return await resolveAuthorizeScopes(s, flow.rec.data.scope, flow.app);
      } catch (e) {
        if (e instanceof IdentityError) return errorPage(e);
        throw e;
      }
    };

    /** Conditional Access for the code's client and resource: a page to show, or undefined to go on. */
    const caStep = async (session: BrowserSession, known?: ScopeRequest[]): Promise<FastifyReply | undefined> => {
      const groups = known ?? (await groupsOf());
      if (!Array.isArray(groups)) return groups;
      const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
      const targets = caTargets(flow, groups);
      const ca = await evaluateConditionalAccess(s, { tenant, user: session.user, targets, mfa: session.record.data.mfa === true });
      if (ca.kind === 'block') return errorPage(identityErrors.blockedByConditionalAccessPage(), tenant.displayName);
      if (ca.kind !== 'mfa') return undefined;
      if (!ca.registered) return errorPage(identityErrors.mfaRegistrationRequiredPage(targets[targets.length - 1]!.appId), tenant.displayName);
      return sendPage(reply, renderMfaPage({ ...formWith(flow, session), tenantName: tenant.displayName, appName: flow.app.displayName, upn: session.user.userPrincipalName, displayName: session.user.displayName }));
    };

    if (body.step === 'username' || body.step === 'password') {
      const out = await handleSignInStep(s, req, reply, flow.form, { tenant: flow.tenant, clientId: flow.app.appId }, body);
      if (out.kind === 'page') return sendPage(reply, out.html);
      const blocked = await accessBlocked(s, out.session, flow);
      if (blocked) return sendPage(reply, renderErrorPage(blocked, { appName: flow.app.displayName, trace: traceOf(info) }), blocked.status);
      return (await caStep(out.session)) ?? confirmPage(out.session);
    }

    const session = (await readSessions(s, req, reply)).find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
    if (!session) return sendPage(reply, renderUsernameStep(flow.form));
    if (body.step === 'mfa') {
      const blocked = await accessBlocked(s, session, flow);
      if (blocked) return sendPage(reply, renderErrorPage(blocked, { appName: flow.app.displayName, trace: traceOf(info) }), blocked.status);
      const groups = await groupsOf();
      if (!Array.isArray(groups)) return groups;
      const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
      const ca = await evaluateConditionalAccess(s, { tenant, user: session.user, targets: caTargets(flow, groups), mfa: session.record.data.mfa === true });
      // Only a sign-in that Conditional Access sent to the approve step is marked (the form is CSRF-bound to the code).
      if (ca.kind === 'mfa' && ca.registered) {
        session.record.data = { ...session.record.data, mfa: true };
        await s.stores.tokens.update(session.record.hash, { data: session.record.data });
      }
      return (await caStep(session, groups)) ?? confirmPage(session);
    }
    if (body.decision === 'cancel') {
      await setStatus(s, flow.rec, { status: 'declined' });
      return sendPage(reply, renderNotice({ title: 'Sign-in cancelled', iconName: 'device', appName: flow.app.displayName, body: html`<p class="muted">You declined to sign in to ${flow.app.displayName} on your device. You can close this window.</p>` }));
    }
    const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
    const blocked = await accessBlocked(s, session, flow);
    if (blocked) return sendPage(reply, renderErrorPage(blocked, { appName: flow.app.displayName, trace: traceOf(info) }), blocked.status);
    const groups = await groupsOf();
    if (!Array.isArray(groups)) return groups;
    const ca = await caStep(session, groups);
    if (ca) return ca;
    const evaluation = await evaluateRequest(s, { tenant, user: session.user, client: flow.app, groups });
    if (evaluation.toConsent.length > 0) {
      if (body.step === 'consent' && (evaluation.userMayConsent || evaluation.userIsAdminConsenter)) {
        const forOrg = body.consent_org === '1' && evaluation.userIsAdminConsenter;
        const items = forOrg ? evaluation.toConsent : evaluation.toConsent.filter((i) => i.kind === 'delegated');
        await recordConsent(s, { tenant, client: flow.app, user: session.user, forOrganization: forOrg, items });
      } else if (evaluation.refusal) {
        return sendPage(
          reply,
          renderApprovalRequired({
            error: refusalError(evaluation.refusal, flow.app, tenant),
            tenantName: tenant.displayName,
            app: { name: flow.app.displayName, appId: flow.app.appId, verifiedPublisher: flow.app.verifiedPublisher },
            user: who(session),
            trace: traceOf(info),
          }),
          400,
        );
      } else {
        return sendPage(
          reply,
          renderConsentPage({
            ...formWith(flow, session),
            tenantName: tenant.displayName,
            app: { name: flow.app.displayName, verifiedPublisher: flow.app.verifiedPublisher },
            user: who(session),
            items: pageItems(evaluation.toConsent),
            variant: 'user',
            offerOrgConsent: evaluation.userIsAdminConsenter,
          }),
        );
      }
    }
    await setStatus(s, flow.rec, { status: 'approved', userId: session.user.id, tenantId: session.user.tenantId, authTime: session.record.data.authTime, mfa: session.record.data.mfa === true });
    return sendPage(
      reply,
      renderNotice({
        title: "You're signed in",
        tenantName: tenant.displayName,
        iconName: 'done',
        appName: flow.app.displayName,
        body: html`<p>You have signed in to ${flow.app.displayName} on your device.</p><p class="muted">You can close this window and go back to the device.</p>`,
      }),
    );
  };

  for (const path of [DEVICE_LOGIN_PATH, '/:tenant/oauth2/v2.0/deviceauth']) {
    app.get(path, show);
    app.post(path, post);
  }

  function formWith(flow: DeviceFlow, session: BrowserSession) {
    return { action: flow.form.action, hidden: { ...flow.form.hidden, account: `${session.user.tenantId}:${session.user.id}` } };
  }
}

async function flowFor(s: Services, req: FastifyRequest, reply: FastifyReply, csrf: Csrf, rec: DeviceCodeRecord, action: string): Promise<DeviceFlow | undefined> {
  const app = await s.stores.apps.findApplicationByAppId(rec.clientId);
  if (!app) return undefined;
  const tenant = await s.stores.directory.getTenant(rec.tenantId);
  const form: SignInForm = {
    action,
    hidden: { uc: rec.data.userCode, csrf: csrf.issue(req, reply, 'device', rec.data.userCode) },
    tenantName: tenant?.displayName,
    subtitle: `to sign in to ${app.displayName} on your device`,
  };
  return { rec, app, tenant, form };
}

/** A code typed by a person: case, spaces and dashes do not matter. */
async function findCode(s: Services, typed: string): Promise<{ rec: DeviceCodeRecord } | { error: { code: number; message: string } }> {
  const cleaned = typed.trim();
  if (!cleaned) return { error: { code: identityErrors.badVerificationCode().aadsts, message: 'Enter the code shown on your device.' } };
  const candidates = [...new Set([cleaned, cleaned.toUpperCase(), cleaned.toUpperCase().replace(/[\s-]/g, '')])];
  for (const c of candidates) {
    const rec = await s.stores.tokens.findByUserCode(c);
    if (!rec || rec.kind !== 'device_code') continue;
    const d = rec as DeviceCodeRecord;
    if (rec.expiresAt <= s.clock.now()) return { error: { code: identityErrors.deviceCodeExpired().aadsts, message: 'That code has expired. Start again on your device to get a new one.' } };
    if (rec.consumedAt !== null || d.data.status !== 'pending') return { error: { code: identityErrors.deviceCodeAlreadyUsed().aadsts, message: 'That code was already used. Start again on your device to get a new one.' } };
    return { rec: d };
  }
  return { error: { code: identityErrors.badVerificationCode().aadsts, message: 'That code is not valid. Check it and try again.' } };
}

async function setStatus(s: Services, rec: DeviceCodeRecord, patch: Partial<DeviceCodeData>): Promise<void> {
  await s.stores.tokens.update(rec.hash, { data: { ...rec.data, ...patch } });
}

async function accessBlocked(s: Services, session: BrowserSession, flow: DeviceFlow): Promise<IdentityError | undefined> {
  const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
  if (flow.app.tenantId !== tenant.id && flow.app.signInAudience !== 'AzureADMultipleOrgs') return identityErrors.unknownApp(flow.app.appId, tenant.id);
  return appAccessError(s, tenant, flow.app, session.user);
}

async function tenantName(s: Services, session: BrowserSession): Promise<string> {
  return (await s.stores.directory.getTenant(session.user.tenantId))?.displayName ?? '';
}

/** The sign-in's apps, as /authorize computes them: the client, and each resource asked for. */
function caTargets(flow: DeviceFlow, groups: ScopeRequest[]) {
  return groups.length ? groups.flatMap((g) => targetsOf(flow.app, g)) : [{ appId: flow.app.appId, displayName: flow.app.displayName }];
}

const who = (x: BrowserSession) => ({ upn: x.user.userPrincipalName, displayName: x.user.displayName });

/** Forms post back to the page the user is on (/devicelogin or /{tenant}/oauth2/v2.0/deviceauth). */
const actionOf = (req: FastifyRequest) => req.url.split('?')[0]!;
