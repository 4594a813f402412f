import type { FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import type { ApplicationRecord } from '../../store/types.js';
import { identityErrors, type IdentityError } from '../errors.js';
import { resolveAuthority, resolveClientApp, type Authority } from './authority.js';
import { matchRedirectUri, type RedirectMatch } from './redirect-uri.js';
import type { ClientTarget, ResponseMode } from './respond.js';

// Parsing and validating an /authorize request, in Entra's order: what cannot be trusted to
// redirect (tenant, client, redirect URI) fails on our own error page; everything after the
// redirect URI is known fails back to the app in the response mode it asked for.

export type Prompt = 'login' | 'none' | 'consent' | 'select_account';

export interface AuthorizeRequest {
  /** The request's parameters as received (single values), carried through the sign-in forms. */
  params: Record<string, string>;
  authority: Authority;
  app: ApplicationRecord;
  redirect: RedirectMatch;
  target: ClientTarget;
  scope: string;
  state?: string;
  nonce?: string;
  prompt?: Prompt;
  loginHint?: string;
  domainHint?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  clientInfo: boolean;
}

/** An error for the app: sent to its redirect URI, never shown to the user. */
export class ClientRedirectError extends Error {
  constructor(
    readonly error: IdentityError,
    readonly target: ClientTarget,
    readonly state: string | undefined,
  ) {
    super(error.message);
  }
}

const PROMPTS = new Set<Prompt>(['login', 'none', 'consent', 'select_account']);
const MODES = new Set<ResponseMode>(['query', 'fragment', 'form_post']);
// RFC 7636 §4.2: 43-128 characters of [A-Z a-z 0-9 - . _ ~].
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

/** Query (GET) or form body (POST) as single-valued strings; a repeated parameter is refused. */
export function readParams(req: FastifyRequest): Record<string, string> {
  // Entra takes form posts only: a JSON body carries no parameters.
  const isForm = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const source = (req.method === 'POST' ? (isForm ? req.body : undefined) : req.query) as Record<string, unknown> | undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source ?? {})) {
    if (Array.isArray(v)) throw identityErrors.duplicateParameter(k);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export async function parseAuthorizeRequest(s: Services, tenantSegment: string, params: Record<string, string>): Promise<AuthorizeRequest> {
  // 1. What must hold before anything can be sent back to the app: errors on our page.
  const clientId = params.client_id;
  if (!clientId) throw identityErrors.missingParameter('client_id');
  const authority = await resolveAuthority(s, tenantSegment);
  const app = await resolveClientApp(s, authority, clientId);
  const redirect = pickRedirect(app, params.redirect_uri);

  // 2. From here on, errors go back to the redirect URI.
  const state = params.state;
  const modeParam = params.response_mode;
  const mode: ResponseMode = modeParam && MODES.has(modeParam as ResponseMode) ? (modeParam as ResponseMode) : 'query';
  const target: ClientTarget = { redirectUri: redirect.uri, mode };
  const fail = (e: IdentityError) => new ClientRedirectError(e, target, state);

  if (modeParam && !MODES.has(modeParam as ResponseMode)) {
    throw fail(identityErrors.malformedRequest(`The response_mode '${modeParam}' is not supported: use query, fragment or form_post.`));
  }
  const responseType = params.response_type;
  if (!responseType) throw fail(identityErrors.missingParameter('response_type'));
  const types = new Set(responseType.split(' ').filter(Boolean));
  if (!types.has('code') || types.size !== 1) {
    // The hybrid and implicit flows need the app's implicit-grant setting, which tenantbox's
    // app registrations do not have: Entra answers such apps with AADSTS700054.
    throw fail(identityErrors.malformedRequest(`response_type '${[...types].filter((t) => t !== 'code').join(' ') || responseType}' is not enabled for the application.`));
  }

  const scope = (params.scope ?? '').trim();
  if (!scope) throw fail(identityErrors.missingScope());

  const prompt = params.prompt as Prompt | undefined;
  if (prompt !== undefined && !PROMPTS.has(prompt)) {
    throw fail(identityErrors.malformedRequest(`Invalid value '${prompt}' for the 'prompt' parameter: use login, none, consent or select_account.`));
  }

  const codeChallenge = params.code_challenge;
  const method = params.code_challenge_method;
  let codeChallengeMethod: 'S256' | 'plain' | undefined;
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    throw fail(identityErrors.malformedRequest(`The code_challenge_method '${method}' is not supported: use S256 or plain.`));
  }
  if (codeChallenge !== undefined) {
    if (!PKCE_VALUE.test(codeChallenge)) throw fail(identityErrors.malformedRequest('Invalid size of Code_Challenge parameter.'));
    codeChallengeMethod = (method as 'S256' | 'plain' | undefined) ?? 'plain';
  } else if (method !== undefined) {
    throw fail(identityErrors.missingParameter('code_challenge'));
  } else if (redirect.platform !== 'web') {
    // Single-page apps and public clients cannot keep a secret: the code is bound to the browser/app by PKCE.
    throw fail(identityErrors.pkceRequired());
  }

  return {
    params,
    authority,
    app,
    redirect,
    target,
    scope,
    state,
    nonce: params.nonce,
    prompt,
    loginHint: params.login_hint?.trim() || undefined,
    domainHint: params.domain_hint,
    codeChallenge,
    codeChallengeMethod,
    clientInfo: params.client_info === '1',
  };
}

function pickRedirect(app: ApplicationRecord, requested: string | undefined): RedirectMatch {
  if (requested === undefined || requested === '') {
    // With one registered URI Entra uses it; with none or several the request cannot be answered.
    const all = (['web', 'spa', 'publicClient'] as const).flatMap((platform) => app.redirectUris[platform].map((uri) => ({ uri, platform })));
    if (all.length === 1) return all[0]!;
    throw identityErrors.noReplyAddress();
  }
  const match = matchRedirectUri(app, requested);
  if (!match) throw identityErrors.redirectUriMismatch(requested, app.appId);
  return match;
}
