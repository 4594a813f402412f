import type { FastifyInstance } from 'fastify';
import type { Services } from '../shared/services.js';

// The landing page at tenantbox's own origin: what is running and where to point clients.
export async function registerPages(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/', async (req, reply) => {
    if (req.surface !== 'pages') return reply.callNotFound();
    const tenants = await s.stores.directory.listTenants();
    const rows = tenants
      .map((t) => `<tr><td>${esc(t.displayName)}</td><td><code>${esc(t.domain)}</code></td><td><code>${t.id}</code></td><td><a href="/${t.id}/v2.0/.well-known/openid-configuration">OpenID configuration</a></td></tr>`)
      .join('');
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tenantbox</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:56rem;color:#1b1b1b}code{background:#f3f3f3;padding:0 .3em;border-radius:3px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e5e5;padding:.4rem .6rem;text-align:left}h1{font-weight:600}</style></head>
<body><h1>tenantbox is running</h1><p>A Microsoft 365 / Google Workspace tenant on this machine. Version ${esc(s.run.version)}, data in <code>${esc(s.run.dataDir)}</code>.</p>
<table><tr><th>Tenant</th><th>Domain</th><th>Id</th><th></th></tr>${rows}</table>
<p>Graph: <code>${esc(s.run.url)}/v1.0</code> · Admin API: <code>${esc(s.run.url)}/_tenantbox/health</code> (needs the admin key)</p></body></html>`;
  });
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
