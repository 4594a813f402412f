import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { verifyPassword } from '../../store/seed/password.js';
import type { TenantRecord, UserRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import { startSession, type BrowserSession } from './session.js';
import { renderPasswordStep, renderUsernameStep, type FieldError, type SignInForm } from './sign-in-page.js';

// The user-name and password steps, shared by /authorize, the device login and the admin consent
// endpoint. Entra's checks and codes: unknown account 50034 (or 50020 when it lives in another
// tenant), wrong password 50126, disabled account 50057. Each is shown under the field, not sent
// to the app: the user can simply try again.

export type SignInOutcome = { kind: 'page'; html: string } | { kind: 'signed-in'; session: BrowserSession };

export interface SignInScope {
  /** The tenant the sign-in is for; undefined on /common and /organizations (any tenant). */
  tenant?: TenantRecord;
  /** appId recorded on the session (the app that caused the sign-in). */
  clientId: string;
}

export async function handleSignInStep(
  s: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  form: SignInForm,
  scope: SignInScope,
  body: Record<string, string>,
): Promise<SignInOutcome> {
  const username = (body.loginfmt ?? '').trim();
  const page = (html: string): SignInOutcome => ({ kind: 'page', html });
  if (body.back === '1') return page(renderUsernameStep(form, { username }));

  if (!username) return page(renderUsernameStep(form, { error: { code: 900144, message: 'Enter your email or user name.' } }));
  const found = await findAccount(s, scope.tenant, username);
  if ('error' in found) return page(renderUsernameStep(form, { username, error: found.error }));
  const user = found.user;
  if (body.step !== 'password') return page(renderPasswordStep(form, { username: user.userPrincipalName, displayName: user.displayName }));

  const again = (error: FieldError) => page(renderPasswordStep(form, { username: user.userPrincipalName, displayName: user.displayName, error }));
  const password = body.passwd ?? '';
  if (!password) return again({ code: 900144, message: 'Enter the password of this account.' });
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    return again(fieldError(identityErrors.wrongPassword().aadsts, user.passwordHash ? 'That password is not right for this account. Try again.' : 'This account has no password in the tenant file, so it cannot sign in.'));
  }
  if (!user.accountEnabled) return again(fieldError(identityErrors.userDisabled().aadsts, 'This account is disabled. An admin of the tenant can enable it again.'));
  return { kind: 'signed-in', session: await startSession(s, req, reply, user, scope.clientId) };
}

/** The first step's page, with the user name pre-filled (login_hint). */
export function usernamePage(form: SignInForm, loginHint?: string): string {
  return renderUsernameStep(form, { username: loginHint });
}

async function findAccount(s: Services, tenant: TenantRecord | undefined, username: string): Promise<{ user: UserRecord } | { error: FieldError }> {
  const name = username.toLowerCase();
  const tenants = await s.stores.directory.listTenants();
  const lookIn = tenant ? [tenant, ...tenants.filter((t) => t.id !== tenant.id)] : tenants;
  for (const t of lookIn) {
    const user = await s.stores.directory.getUser(t.id, name);
    if (!user) continue;
    if (tenant && t.id !== tenant.id) {
      return { error: fieldError(identityErrors.userNotInTenant(tenant.id, '').aadsts, `This account belongs to ${t.displayName}, not to ${tenant.displayName}. Use an account of ${tenant.displayName}.`) };
    }
    return { user };
  }
  const where = tenant?.displayName ?? 'any tenant of this tenantbox';
  return { error: fieldError(identityErrors.userNotFound(where).aadsts, `We could not find an account with that user name in ${where}. Check it, or add the account to the tenant file.`) };
}

function fieldError(code: number, message: string): FieldError {
  return { code, message };
}
