import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashSecret } from '../../shared/ids.js';
import type { GoogleContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import { stateOf } from '../pipeline.js';
import { clientName } from './access-tokens.js';
import { jwtBearerGrant, type JwtBearerAudit } from './jwt-bearer.js';
import { authenticateClient, authorizationCodeGrant, refreshTokenGrant } from './user-flow.js';

// POST /token (oauth2.googleapis.com/token; the older /oauth2/v4/token and /o/oauth2/token too)
// and tokeninfo (oauth2.googleapis.com/tokeninfo, www.googleapis.com/oauth2/v3/tokeninfo).

export const TOKEN_PATHS = ['/token', '/oauth2/v4/token', '/o/oauth2/token'];
const TOKENINFO_PATHS = ['/tokeninfo', '/oauth2/v3/tokeninfo'];
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const NO_STORE = { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' };

export function registerTokenEndpoint(app: FastifyInstance, g: GoogleContext): void {
  for (const path of TOKEN_PATHS) {
    app.post(path, async (req, reply) => {
      const body = params(req);
      const st = stateOf(req);
      let out: object;
      switch (body.grant_type) {
        case JWT_BEARER: {
          const audit: JwtBearerAudit = {};
          try {
            out = await jwtBearerGrant(g, body.assertion, `${req.origin}${path}`, audit);
          } finally {
            Object.assign(st, { tenantId: audit.tenantId, clientId: audit.clientId, clientName: audit.clientName, subject: audit.subject, scheme: audit.scheme, granted: audit.scopes ?? [] });
          }
          break;
        }
        case 'authorization_code':
        case 'refresh_token': {
          const client = await authenticateClient(g, req, body);
          Object.assign(st, { tenantId: client.tenantId, clientId: client.clientId, clientName: client.name, scheme: 'delegated' });
          out = body.grant_type === 'authorization_code' ? await authorizationCodeGrant(g, client, body) : await refreshTokenGrant(g, client, body);
          break;
        }
        default:
          throw oauthErrors.unsupportedGrant(body.grant_type);
      }
      return reply.headers(NO_STORE).send(out);
    });
  }

  for (const path of TOKENINFO_PATHS) {
    const handler = async (req: FastifyRequest) => {
      // google-auth-library's getTokenInfo sends the token as a bearer header; curl users as a parameter.
      const auth = req.headers.authorization;
      const token = params(req).access_token ?? (auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '') : undefined);
      const rec = token ? await g.stores.tokens.get(hashSecret(token)) : undefined;
      const now = g.clock.now();
      if (!rec || rec.kind !== 'access' || rec.expiresAt <= now || !rec.subject) throw oauthErrors.invalidToken();
      Object.assign(stateOf(req), { tenantId: rec.tenantId, clientId: rec.clientId, clientName: await clientName(g, rec.clientId), subject: rec.subject });
      const user = rec.subjectKind === 'user' ? await g.stores.directory.getUser(rec.tenantId, rec.subject) : undefined;
      const sa = rec.subjectKind === 'serviceAccount' ? await g.stores.directory.findServiceAccount(rec.subject) : undefined;
      // tokeninfo v3 answers numbers as strings.
      return {
        azp: rec.clientId,
        aud: rec.clientId,
        sub: user?.id ?? sa?.clientId ?? rec.subject,
        scope: rec.scopes.join(' '),
        exp: String(Math.floor(rec.expiresAt / 1000)),
        expires_in: String(Math.max(0, Math.floor((rec.expiresAt - now) / 1000))),
        email: rec.subject,
        email_verified: 'true',
        access_type: rec.data.accessType === 'offline' ? 'offline' : 'online',
      };
    };
    app.get(path, handler);
    app.post(path, handler);
  }
}

/** Form or JSON body, and the query string (tokeninfo takes either). */
function params(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const src of [req.query, req.body]) {
    if (!src || typeof src !== 'object') continue;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
