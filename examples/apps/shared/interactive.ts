import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CryptoProvider, type AuthenticationResult, type ConfidentialClientApplication } from '@azure/msal-node';
import { promptLine } from './prompts.js';
import type { Target } from './target.js';

// The browser half of a web app's sign-in: a redirect URI on http://localhost (Entra ignores the
// port of localhost redirect URIs, so any free port matches the registered one), an authorize URL
// for a person to open, and the code redeemed with MSAL. Also the v2 admin consent endpoint.

export class AuthCodeError extends Error {
  override name = 'AuthCodeError';
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description.startsWith(code) ? description : `${code}: ${description}`);
  }
}

interface Callback {
  params: URLSearchParams;
}

/** Listens on localhost:0 for one request to `path`. */
async function callbackServer(path: string): Promise<{ redirectUri: string; next: Promise<Callback>; close: () => void }> {
  let resolve!: (c: Callback) => void;
  const next = new Promise<Callback>((r) => (resolve = r));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Signed in</title><p>Done. You can close this window and go back to the app.</p>');
    resolve({ params: url.searchParams });
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', r));
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://localhost:${port}${path}`, next, close: () => server.close() };
}

export interface InteractiveSignIn {
  cca: ConfidentialClientApplication;
  scopes: string[];
  /** Path of the registered redirect URI, e.g. /auth/callback. */
  redirectPath: string;
  /** Names the feature asking, in the printed prompt. */
  context: string;
  loginHint?: string;
  prompt?: 'login' | 'select_account' | 'consent';
}

/** Authorization code flow with PKCE; throws AuthCodeError when the authorize endpoint says no. */
export async function signInInteractive(o: InteractiveSignIn): Promise<AuthenticationResult> {
  const cb = await callbackServer(o.redirectPath);
  try {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const state = new CryptoProvider().createNewGuid();
    const url = await o.cca.getAuthCodeUrl({
      scopes: o.scopes,
      redirectUri: cb.redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state,
      ...(o.loginHint && { loginHint: o.loginHint }),
      ...(o.prompt && { prompt: o.prompt }),
    });
    console.log(promptLine({ kind: 'sign-in', context: o.context, url }));
    const { params } = await cb.next;
    if (params.get('state') !== state) throw new AuthCodeError('state_mismatch', 'the redirect does not answer this request');
    const error = params.get('error');
    if (error) throw new AuthCodeError(/AADSTS\d+/.exec(params.get('error_description') ?? '')?.[0] ?? error, params.get('error_description') ?? error);
    return await o.cca.acquireTokenByCode({ code: params.get('code')!, scopes: o.scopes, redirectUri: cb.redirectUri, codeVerifier: pkce.verifier });
  } finally {
    cb.close();
  }
}

/**
 * Asks an administrator to grant `scopes` (or `.default`) for the whole organization through the
 * v2 admin consent endpoint; resolves when the endpoint redirects back with admin_consent=True.
 */
export async function requestAdminConsent(t: Target, o: { clientId: string; scopes: string[]; redirectPath: string; context: string }): Promise<void> {
  const cb = await callbackServer(o.redirectPath);
  try {
    const state = new CryptoProvider().createNewGuid();
    const q = new URLSearchParams({ client_id: o.clientId, scope: o.scopes.join(' '), redirect_uri: cb.redirectUri, state });
    console.log(promptLine({ kind: 'admin-consent', context: o.context, url: `${t.loginOrigin}/${t.tenant}/v2.0/adminconsent?${q}` }));
    const { params } = await cb.next;
    const error = params.get('error');
    if (error) throw new AuthCodeError(/AADSTS\d+/.exec(params.get('error_description') ?? '')?.[0] ?? error, params.get('error_description') ?? error);
    if (params.get('admin_consent') !== 'True') throw new AuthCodeError('no_admin_consent', 'the admin consent endpoint did not confirm the grant');
  } finally {
    cb.close();
  }
}
