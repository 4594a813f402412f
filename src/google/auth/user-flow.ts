import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formBody, sendPage } from '../../identity/pages/send.js';
import { hashSecret } from '../../shared/ids.js';
import type { GoogleOAuthClientRecord, GoogleTokenRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import { issueAccessToken, issueRefreshToken } from './access-tokens.js';
import { isScopeShaped } from './jwt-bearer.js';
import { verifyPassword } from '../../store/seed/password.js';
import { renderConsent, renderFlowError, renderSignIn, scopeWords } from './pages.js';

// The user OAuth flow for apps that act as a signed-in Workspace user:
//   GET /o/oauth2/v2/auth → sign-in page → consent page (skipped when the user granted these scopes
//   before, or the client id has domain-wide delegation for all of them, as Google does) → redirect
//   with ?code&scope&state → POST /token (authorization_code, then refresh_token).
// The flow's state between pages is a short-lived record named by an opaque `flow` id.

const FLOW_MS = 15 * 60_000;
const CODE_MS = 10 * 60_000;
export const AUTHORIZE_PATHS = ['/o/oauth2/v2/auth', '/o/oauth2/auth'];

interface FlowData {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  accessType: 'online' | 'offline';
  prompt?: string;
  loginHint?: string;
  user?: string;
}

export function registerUserFlow(app: FastifyInstance, g: GoogleContext): void {
  for (const path of AUTHORIZE_PATHS) {
    app.get(path, async (req, reply) => startFlow(g, req, reply, path));
    app.post(path, async (req, reply) => continueFlow(g, req, reply, path));
  }
}

async function startFlow(g: GoogleContext, req: FastifyRequest, reply: FastifyReply, action: string) {
  const q = req.query as Record<string, string | undefined>;
  const client = q.client_id ? await g.stores.directory.findOAuthClient(q.client_id) : undefined;
  if (!client) return sendPage(reply, renderFlowError('Access blocked: authorization error', 'Error 401: invalid_client', 'The OAuth client was not found.'), 401);
  if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
    return sendPage(reply, renderFlowError('Access blocked: this app’s request is invalid', 'Error 400: redirect_uri_mismatch', `The redirect URI ${q.redirect_uri ?? '(none)'} is not registered for ${client.name}.`), 400);
  }
  const back = (error: string, description: string) => redirect(reply, q.redirect_uri!, { error, error_description: description, state: q.state });
  if (q.response_type !== 'code') return back('unsupported_response_type', `tenantbox supports response_type=code (got ${q.response_type ?? 'none'})`);
  const scopes = (q.scope ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0) return back('invalid_request', 'Missing required parameter: scope');
  if (!scopes.every(isScopeShaped)) return back('invalid_scope', 'Some requested scopes were invalid.');
  if (q.code_challenge && q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) return back('invalid_request', 'Invalid code_challenge_method');

  const data: FlowData = { clientId: client.clientId, redirectUri: q.redirect_uri, scopes, accessType: q.access_type === 'offline' ? 'offline' : 'online' };
  for (const [k, v] of [
    ['state', q.state],
    ['codeChallenge', q.code_challenge],
    ['codeChallengeMethod', q.code_challenge ? (q.code_challenge_method ?? 'plain') : undefined],
    ['prompt', q.prompt],
    ['loginHint', q.login_hint],
  ] as const) {
    if (v !== undefined) (data as unknown as Record<string, string>)[k] = v;
  }
  const flow = g.ids.token(24);
  const now = g.clock.now();
  await g.stores.tokens.put({ hash: hashSecret(flow), kind: 'flow', tenantId: client.tenantId, clientId: client.clientId, subject: null, subjectKind: null, scopes, createdAt: now, expiresAt: now + FLOW_MS, consumedAt: null, data: data as unknown as Record<string, unknown> });
  const customer = await g.stores.directory.getCustomer(client.tenantId);
  return sendPage(reply, renderSignIn({ action, flow, workspace: customer?.domain ?? '', app: client.name, email: data.loginHint }));
}

async function continueFlow(g: GoogleContext, req: FastifyRequest, reply: FastifyReply, action: string) {
  const f = formBody(req);
  const rec = f.flow ? await g.stores.tokens.get(hashSecret(f.flow)) : undefined;
  if (!rec || rec.kind !== 'flow' || rec.expiresAt <= g.clock.now() || rec.consumedAt !== null) {
    return sendPage(reply, renderFlowError('This sign-in has expired', 'Error 400: invalid_request', 'Start again from the app.'), 400);
  }
  const data = rec.data as unknown as FlowData;
  const client = (await g.stores.directory.findOAuthClient(data.clientId))!;
  const customer = await g.stores.directory.getCustomer(client.tenantId);
  const base = { action, flow: f.flow!, workspace: customer?.domain ?? '', app: client.name };

  if (f.step === 'signin') {
    const email = (f.email ?? '').trim().toLowerCase();
    const user = email ? await g.stores.directory.getUser(client.tenantId, email) : undefined;
    if (!user || !verifyPassword(f.password ?? '', user.passwordHash)) {
      return sendPage(reply, renderSignIn({ ...base, email, error: 'Wrong email or password. Try again.' }));
    }
    if (user.suspended) return sendPage(reply, renderSignIn({ ...base, email, error: 'This account is suspended.' }));
    await g.stores.tokens.update(rec.hash, { data: { ...rec.data, user: user.primaryEmail } });
    const granted = (await g.stores.directory.getGrant(client.tenantId, client.clientId, user.primaryEmail))?.scopes ?? [];
    const dwd = (await g.stores.directory.getDwd(client.tenantId, client.clientId))?.scopes ?? [];
    const covered = data.scopes.every((s) => granted.includes(s) || dwd.includes(s));
    if (covered && data.prompt !== 'consent') return finish(g, reply, rec, { ...data, user: user.primaryEmail });
    return sendPage(reply, renderConsent({ ...base, user: { email: user.primaryEmail, name: user.fullName }, scopes: data.scopes.map((s) => ({ scope: s, words: scopeWords(s) })) }));
  }

  if (f.step === 'consent' && data.user) {
    if (f.decision !== 'allow') {
      await g.stores.tokens.consume(rec.hash, g.clock.now());
      return redirect(reply, data.redirectUri, { error: 'access_denied', state: data.state });
    }
    const prior = (await g.stores.directory.getGrant(client.tenantId, client.clientId, data.user))?.scopes ?? [];
    await g.stores.directory.putGrant({ tenantId: client.tenantId, clientId: client.clientId, userEmail: data.user, scopes: [...new Set([...prior, ...data.scopes])] });
    return finish(g, reply, rec, data);
  }
  return sendPage(reply, renderFlowError('Something went wrong', 'Error 400: invalid_request', 'The form was incomplete. Start again from the app.'), 400);
}

async function finish(g: GoogleContext, reply: FastifyReply, flow: GoogleTokenRecord, data: FlowData) {
  await g.stores.tokens.consume(flow.hash, g.clock.now());
  const code = `4/0${g.ids.token(32)}`;
  const now = g.clock.now();
  await g.stores.tokens.put({
    hash: hashSecret(code),
    kind: 'code',
    tenantId: flow.tenantId,
    clientId: data.clientId,
    subject: data.user!,
    subjectKind: 'user',
    scopes: data.scopes,
    createdAt: now,
    expiresAt: now + CODE_MS,
    consumedAt: null,
    data: { redirectUri: data.redirectUri, codeChallenge: data.codeChallenge, codeChallengeMethod: data.codeChallengeMethod, accessType: data.accessType },
  });
  return redirect(reply, data.redirectUri, { code, scope: data.scopes.join(' '), state: data.state });
}

function redirect(reply: FastifyReply, uri: string, params: Record<string, string | undefined>) {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.code(302).header('location', url.toString()).header('cache-control', 'no-store').send();
}

/** Client authentication on the token endpoint: client_secret_post or HTTP Basic. */
export async function authenticateClient(g: GoogleContext, req: FastifyRequest, body: Record<string, string>): Promise<GoogleOAuthClientRecord> {
  let id = body.client_id;
  let secret = body.client_secret;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [u, p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    id = decodeURIComponent(u ?? '');
    secret = decodeURIComponent(p ?? '');
  }
  const client = id ? await g.stores.directory.findOAuthClient(id) : undefined;
  if (!client) throw oauthErrors.clientNotFound();
  const given = Buffer.from(hashSecret(secret ?? ''));
  const want = Buffer.from(client.secretHash);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw oauthErrors.clientUnauthorized();
  return client;
}

export interface UserTokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  token_type: 'Bearer';
}

export async function authorizationCodeGrant(g: GoogleContext, client: GoogleOAuthClientRecord, body: Record<string, string>): Promise<UserTokenResponse> {
  if (!body.code) throw oauthErrors.invalidRequest('Missing required parameter: code');
  const rec = await g.stores.tokens.get(hashSecret(body.code));
  if (!rec || rec.kind !== 'code' || rec.clientId !== client.clientId) throw oauthErrors.badCode();
  if (rec.expiresAt <= g.clock.now() || !(await g.stores.tokens.consume(rec.hash, g.clock.now()))) throw oauthErrors.codeUsed();
  const d = rec.data as { redirectUri: string; codeChallenge?: string; codeChallengeMethod?: string; accessType: string };
  if (body.redirect_uri !== d.redirectUri) throw oauthErrors.redirectMismatch();
  if (d.codeChallenge) {
    const v = body.code_verifier ?? '';
    const derived = d.codeChallengeMethod === 'S256' ? createHash('sha256').update(v).digest('base64url') : v;
    if (!v || derived !== d.codeChallenge) throw oauthErrors.badVerifier();
  }
  const subject = { tenantId: rec.tenantId, clientId: client.clientId, subject: rec.subject!, subjectKind: 'user' as const, scopes: rec.scopes };
  const at = await issueAccessToken(g, subject, { accessType: d.accessType });
  const out: UserTokenResponse = { access_token: at.token, expires_in: at.expiresIn, scope: rec.scopes.join(' '), token_type: 'Bearer' };
  if (d.accessType === 'offline') out.refresh_token = await issueRefreshToken(g, subject);
  return out;
}

export async function refreshTokenGrant(g: GoogleContext, client: GoogleOAuthClientRecord, body: Record<string, string>): Promise<UserTokenResponse> {
  if (!body.refresh_token) throw oauthErrors.invalidRequest('Missing required parameter: refresh_token');
  const rec = await g.stores.tokens.get(hashSecret(body.refresh_token));
  if (!rec || rec.kind !== 'refresh' || rec.clientId !== client.clientId || rec.expiresAt <= g.clock.now() || rec.consumedAt !== null) throw oauthErrors.refreshRevoked();
  const user = rec.subject ? await g.stores.directory.getUser(rec.tenantId, rec.subject) : undefined;
  if (!user || user.suspended) throw oauthErrors.refreshRevoked();
  const at = await issueAccessToken(g, { tenantId: rec.tenantId, clientId: client.clientId, subject: user.primaryEmail, subjectKind: 'user', scopes: rec.scopes }, { accessType: 'offline' });
  return { access_token: at.token, expires_in: at.expiresIn, scope: rec.scopes.join(' '), token_type: 'Bearer' };
}
