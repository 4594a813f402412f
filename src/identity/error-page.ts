import type { RequestInfo } from '../shared/errors.js';
import { entraTimestamp, type IdentityError } from './errors.js';

// The page Entra shows instead of redirecting (redirect URI mismatch, admin approval required):
// a readable message first, the troubleshooting details (code, request id, time) below, as Entra does.
// identity-pages may swap in their own layout; this one is enough to be read by a person.

export function renderErrorPage(err: IdentityError, req: RequestInfo): string {
  const title = PAGE_TITLES[err.aadsts] ?? "Sorry, but we're having trouble signing you in.";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>body{margin:0;background:#f2f2f2;font:15px/1.5 "Segoe UI",system-ui,sans-serif;color:#1b1b1b}
main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}.brand{font-weight:600;color:#737373;margin-bottom:1.5rem}
dl{font-size:.8rem;color:#605e5c;margin-top:2rem;border-top:1px solid #e1e1e1;padding-top:1rem}dt{font-weight:600}dd{margin:0 0 .5rem;word-break:break-all}</style></head>
<body><main><div class="brand">tenantbox</div><h1>${esc(title)}</h1><p>${esc(err.message)}</p>
<dl><dt>Error code</dt><dd>${err.code}</dd><dt>Request Id</dt><dd>${esc(req.requestId)}</dd>
<dt>Correlation Id</dt><dd>${esc(req.clientRequestId ?? req.requestId)}</dd><dt>Timestamp</dt><dd>${entraTimestamp(req.now)}</dd></dl></main></body></html>`;
}

const PAGE_TITLES: Record<number, string> = {
  90094: 'Need admin approval',
  90093: 'Need admin approval',
  90095: 'Approval required',
  50011: "Sorry, but we're having trouble signing you in.",
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
