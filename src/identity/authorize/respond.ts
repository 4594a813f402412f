import type { FastifyReply } from 'fastify';
import { html, hiddenFields, raw } from '../pages/html.js';
import { page } from '../pages/layout.js';
import { responseTarget } from './redirect-uri.js';

// Sends an authorize result (code or error) back to the app, in the response mode it asked for:
// `query` and `fragment` are 302 redirects; `form_post` is a page that POSTs the fields to the
// redirect URI by itself (with a button for browsers without script).

export type ResponseMode = 'query' | 'fragment' | 'form_post';

export interface ClientTarget {
  redirectUri: string;
  mode: ResponseMode;
}

export function sendToClient(reply: FastifyReply, target: ClientTarget, params: Record<string, string>): FastifyReply {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (target.mode === 'form_post') {
    return reply.code(200).type('text/html; charset=utf-8').send(formPostPage(target.redirectUri, params));
  }
  return reply.redirect(redirectLocation(target, params), 302);
}

export function redirectLocation(target: ClientTarget, params: Record<string, string>): string {
  const encoded = new URLSearchParams(params).toString();
  const base = responseTarget(target.redirectUri);
  if (target.mode === 'fragment') return `${base.replace(/#.*$/s, '')}#${encoded}`;
  return `${base}${base.includes('?') ? '&' : '?'}${encoded}`;
}

function formPostPage(action: string, params: Record<string, string>): string {
  return page({
    title: 'Returning to the app',
    body: html`<h1 id="page-title">Returning to the app…</h1>
<form method="post" action="${action}" id="form_post">${hiddenFields(params)}
<noscript><p>Scripts are turned off in this browser. Select Continue to return to the app.</p><div class="actions"><button class="primary" type="submit">Continue</button></div></noscript>
</form>`,
    after: raw('<script>document.getElementById("form_post").submit()</script>'),
  });
}
