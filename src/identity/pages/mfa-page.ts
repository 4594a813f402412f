import { html, hiddenFields } from './html.js';
import { accountChip, icon, page } from './layout.js';

// The emulated second factor: a Conditional Access policy asks for MFA and the session has none.
// Entra would prompt for an Authenticator approval, a code or a key; tenantbox has no device, so the
// user approves on the page itself (the wording is ours). Approving marks the session as MFA'd.

export function renderMfaPage(f: { action: string; hidden: Record<string, string | undefined>; tenantName?: string; appName: string; upn: string; displayName: string }): string {
  return page({
    title: 'Approve sign-in request',
    tenantName: f.tenantName,
    body: html`${accountChip(f.upn, f.displayName)}
<div class="big-icon">${icon('lock')}</div>
<h1 id="page-title">Approve sign-in request</h1>
<p>Your organization requires a second verification to sign in to <strong>${f.appName}</strong>.
tenantbox has no phone to send it to: approve it here to continue.</p>
<form method="post" action="${f.action}">
${hiddenFields({ ...f.hidden, step: 'mfa' })}
<div class="actions"><button class="primary" type="submit">Approve</button></div>
</form>`,
  });
}
