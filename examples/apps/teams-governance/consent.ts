import type { AccountInfo, ConfidentialClientApplication } from '@azure/msal-node';
import { AuthCodeError, requestAdminConsent, signInInteractive } from '../shared/interactive.js';
import type { RunLog } from '../shared/run-log.js';
import type { Target } from '../shared/target.js';

// Incremental consent, feature by feature: each tab asks /authorize for its own scopes when it is
// first opened. Entra adds what the user grants to the same grant (scp then carries everything
// granted so far). When a scope needs an administrator, the user lands on "Need admin approval"
// and comes back with access_denied; the app then asks an administrator to grant that feature's
// scopes for the organization (v2 admin consent endpoint) and tries again.

export const CLIENT_ID = process.env.TEAMS_GOVERNANCE_CLIENT_ID ?? '5eedaa00-0000-4000-8000-000000000006';
export const SECRET = process.env.TEAMS_GOVERNANCE_SECRET ?? 'teamsgov-secret-1';
export const REDIRECT_PATH = '/auth/callback';

export interface Feature {
  context: string;
  scopes: string[];
  loginHint?: string;
}

/** Signs the feature's user in for its scopes; null when nobody could grant them. */
export async function authorizeFeature(t: Target, cca: ConfidentialClientApplication, log: RunLog, f: Feature): Promise<AccountInfo | null> {
  const attempt = () => signInInteractive({ cca, scopes: f.scopes, redirectPath: REDIRECT_PATH, context: f.context, loginHint: f.loginHint });
  try {
    const r = await attempt();
    log.note(f.context, 'authorize', 'ok', '', { summary: `${r.account?.username} granted ${f.scopes.length} scopes`, data: grantedScopes(r.accessToken) });
    return r.account;
  } catch (e) {
    if (!(e instanceof AuthCodeError) || !['AADSTS65004', 'AADSTS90094', 'access_denied'].includes(e.code)) throw e;
    log.note(f.context, 'authorize', 'refused', e.message.split('\n')[0]!, { code: e.code });
  }
  const granted = await log.step(
    f.context,
    'admin consent',
    async () => (await requestAdminConsent(t, { clientId: CLIENT_ID, scopes: f.scopes.map(graphScope), redirectPath: REDIRECT_PATH, context: f.context }), true),
    () => 'an administrator granted the scopes for the organization',
  );
  if (!granted) return null;
  const r = await log.step(f.context, 'authorize again', attempt, (x) => ({ summary: `${x.account?.username} signed in`, data: grantedScopes(x.accessToken) }));
  return r?.account ?? null;
}

/** Application permissions come only from an administrator's consent to the app's static list (.default). */
export async function adminConsentForApplication(t: Target, log: RunLog): Promise<boolean> {
  const ok = await log.step(
    'application',
    'admin consent (.default)',
    async () => (await requestAdminConsent(t, { clientId: CLIENT_ID, scopes: ['https://graph.microsoft.com/.default'], redirectPath: REDIRECT_PATH, context: 'application' }), true),
    () => 'an administrator granted the static permissions',
  );
  return ok === true;
}

/** The admin consent endpoint wants resource-qualified scopes (OpenID ones as they are). */
function graphScope(s: string): string {
  return ['openid', 'profile', 'email', 'offline_access'].includes(s) ? s : `https://graph.microsoft.com/${s}`;
}

// For the run's log only (what each authorize added); an app has no business reading Graph's tokens otherwise.
function grantedScopes(accessToken: string): string[] {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { scp?: string };
  return (claims.scp ?? '').split(' ').filter(Boolean).sort();
}
