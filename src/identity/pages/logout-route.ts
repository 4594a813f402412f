import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { sameRedirectUri } from '../authorize/redirect-uri.js';
import { html } from './html.js';
import { renderNotice } from './message-pages.js';
import { formBody, sendPage } from './send.js';
import { endSessions } from './session.js';

// The end_session_endpoint of discovery: signs every account of this browser out, then returns to
// `post_logout_redirect_uri` when an app registered it (never to an arbitrary address), or says so.

export function registerLogoutRoute(app: FastifyInstance, s: Services): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = req.method === 'POST' ? formBody(req) : ((req.query ?? {}) as Record<string, string>);
    await endSessions(s, req, reply);
    const target = typeof p.post_logout_redirect_uri === 'string' ? p.post_logout_redirect_uri : undefined;
    if (target && (await isRegistered(s, target, typeof p.client_id === 'string' ? p.client_id : undefined))) {
      const url = typeof p.state === 'string' ? `${target}${target.includes('?') ? '&' : '?'}${new URLSearchParams({ state: p.state })}` : target;
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    }
    return sendPage(reply, renderNotice({ title: 'You signed out', iconName: 'done', body: html`<p class="muted">Every account of this browser is signed out of tenantbox. You can close this window.</p>` }));
  };
  for (const path of ['/:tenant/oauth2/v2.0/logout', '/:tenant/oauth2/logout']) {
    app.get(path, handler);
    app.post(path, handler);
  }
}

async function isRegistered(s: Services, uri: string, clientId: string | undefined): Promise<boolean> {
  const apps = clientId ? [await s.stores.apps.findApplicationByAppId(clientId.toLowerCase())] : (await Promise.all((await s.stores.directory.listTenants()).map((t) => s.stores.apps.listApplications(t.id)))).flat();
  return apps.some((a) => a && [...a.redirectUris.web, ...a.redirectUris.spa, ...a.redirectUris.publicClient].some((r) => sameRedirectUri(r, uri)));
}
