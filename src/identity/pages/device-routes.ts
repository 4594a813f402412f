import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, TenantRecord } from '../../store/types.js';
import { appAccessError, evaluateRequest, pageItems, refusalError } from '../authorize/consent-check.js';
import { resolveAuthorizeScopes } from '../authorize/requested-scopes.js';
import { recordConsent } from '../consent/record.js';
import { identityErrors, IdentityError } from '../errors.js';
import type { DeviceCodeData, DeviceCodeRecord } from '../records.js';
import { renderConsentPage } from './consent-page.js';
import type { Csrf } from './csrf.js';
import { renderConfirmDevice, renderEnterCode } from './device-pages.js';
import { html } from './html.js';
import { renderApprovalRequired, renderErrorPage, renderNotice } from './message-pages.js';
import { formBody, requestInfoOf, sendPage, traceOf } from './send.js';
import { readSessions, type BrowserSession } from './session.js';
import { handleSignInStep } from './sign-in-flow.js';
import { renderUsernameStep, type SignInForm } from './sign-in-page.js';

// The device login page (Entra's microsoft.com/devicelogin). The `verification_uri` the device code
// endpoint returns must point here: `<origin>/devicelogin` (also served as
// /{tenant}/oauth2/v2.0/deviceauth). Steps: code → sign in → "are you trying to sign in to <app>?"
// → consent if needed → the device code is approved (or declined) for the token endpoint to redeem.

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

    if (body.step === 'username' || body.step === 'password') {
      const out = await handleSignInStep(s, req, reply, flow.form, { tenant: flow.tenant, clientId: flow.app.appId }, body);
      if (out.kind === 'page') return sendPage(reply, out.html);
      const blocked = await accessBlocked(s, out.session, flow);
      if (blocked) return sendPage(reply, renderErrorPage(blocked, { appName: flow.app.displayName, trace: traceOf(info) }), blocked.status);
      return sendPage(reply, renderConfirmDevice({ ...formWith(flow, out.session), tenantName: await tenantName(s, out.session), appName: flow.app.displayName, user: who(out.session) }));
    }

    const session = (await readSessions(s, req, reply)).find((x) => `${x.user.tenantId}:${x.user.id}` === body.account);
    if (!session) return sendPage(reply, renderUsernameStep(flow.form));
    if (body.decision === 'cancel') {
      await setStatus(s, flow.rec, { status: 'declined' });
      return sendPage(reply, renderNotice({ title: 'Sign-in cancelled', iconName: 'device', appName: flow.app.displayName, body: html`<p class="muted">You declined to sign in to ${flow.app.displayName} on your device. You can close this window.</p>` }));
    }
    const tenant = (await s.stores.directory.getTenant(session.user.tenantId))!;
    const blocked = await accessBlocked(s, session, flow);
    if (blocked) return sendPage(reply, renderErrorPage(blocked, { appName: flow.app.displayName, trace: traceOf(info) }), blocked.status);
    let groups;
    try {
      groups = await resolveAuthorizeScopes(s, flow.rec.data.scope, flow.app);
    } catch (e) {
      if (e instanceof IdentityError) return sendPage(reply, renderErrorPage(e, { appName: flow.app.displayName, trace: traceOf(info) }), e.status);
      throw e;
    }
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
    await setStatus(s, flow.rec, { status: 'approved', userId: session.user.id, tenantId: session.user.tenantId, authTime: session.record.data.authTime });
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

const who = (x: BrowserSession) => ({ upn: x.user.userPrincipalName, displayName: x.user.displayName });

/** Forms post back to the page the user is on (/devicelogin or /{tenant}/oauth2/v2.0/deviceauth). */
const actionOf = (req: FastifyRequest) => req.url.split('?')[0]!;
