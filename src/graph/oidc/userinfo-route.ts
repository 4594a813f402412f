import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { userInfoClaims } from './userinfo-claims.js';

// GET and POST /oidc/userinfo: the OIDC UserInfo endpoint, which Microsoft hosts on Graph
// (learn.microsoft.com/entra/identity-platform/userinfo, "Calling the UserInfo endpoint": "a standard
// OAuth bearer token API hosted by Microsoft Graph … as you would call any Microsoft Graph API by
// using the access token your application received when it requested access to Microsoft Graph";
// "The UserInfo API supports both GET and POST requests"; "returns a JSON response").
//
// By the time the handler runs, the Graph pipeline (src/graph/pipeline/compose.ts) has verified the
// token (signature, `aud` = Graph, `iss`, lifetime: 401 InvalidAuthenticationToken otherwise), found
// the tenant and the client's service principal, and will audit the request. What is left is the
// page's "Permissions" table: Delegated `openid` (required), `profile`, `email`; Application "Not
// applicable". The page gives no wire answer for either refusal; tenantbox answers both with
// Graph's 403 for insufficient privileges (`userInfoDenied`, [I] in docs/errors-graph.md).

const TEMPLATE = '/oidc/userinfo';

export function registerUserInfoRoute(app: FastifyInstance): void {
  app.get('/userinfo', userInfo);
  app.post('/userinfo', userInfo);
}

async function userInfo(req: FastifyRequest, reply: FastifyReply): Promise<Record<string, string>> {
  const g = req.graph;
  const principal = g.principal!;
  const tenant = g.tenant!;
  // The check below is this route's permission check (there is no catalog entry to authorize() against).
  g.authorized = true;
  g.template = TEMPLATE;

  if (principal.scheme !== 'delegated') {
    g.missing = ['openid'];
    throw graphErrors.userInfoDenied(
      {
        code: 'tenantbox.schemeNotSupported',
        message: `${req.method} ${TEMPLATE} returns claims about a signed-in user and does not support application permissions (Microsoft's permission table: Application "Not applicable"). Call it with a delegated token that holds openid.`,
      },
      ['openid'],
    );
  }
  if (!principal.grantedLower.has('openid')) {
    g.missing = ['openid'];
    const held = principal.granted.length ? principal.granted.join(', ') : 'none';
    throw graphErrors.userInfoDenied(
      {
        code: 'tenantbox.missingPermission',
        target: 'openid',
        message: `${req.method} ${TEMPLATE} needs the openid scope in the access token (profile adds the name claims and picture, email the email claim). The token's scopes (scp): ${held}.`,
      },
      ['openid'],
    );
  }
  g.permission = 'openid';

  // The token outlives changes to the directory: a user deleted since it was issued is not found.
  const user = await g.ctx.s.stores.directory.getUser(tenant.id, principal.userId!);
  if (!user) throw graphErrors.directoryResourceNotFound(principal.userId!);

  reply.type('application/json; charset=utf-8');
  return userInfoClaims({ user, clientAppId: principal.appId, scopes: principal.grantedLower, graphOrigin: req.origin });
}
