import { html, hiddenFields } from './html.js';
import { accountChip, appTile, icon, page } from './layout.js';
import type { FieldError } from './sign-in-page.js';

// The device code pages (Entra's microsoft.com/devicelogin): enter the code the device shows, sign
// in, confirm the app, consent if needed, then "you have signed in to <app> on your device".

export function renderEnterCode(f: { action: string; hidden: Record<string, string | undefined>; code?: string; error?: FieldError }): string {
  return page({
    title: 'Enter code',
    body: html`<div class="big-icon">${icon('device')}</div>
<h1 id="page-title">Enter code</h1>
<p class="muted">Type the code your device or app shows to let it sign in with your account.</p>
<form method="post" action="${f.action}" novalidate>
${hiddenFields({ ...f.hidden, step: 'code' })}
<label for="otc">Code</label>
<input type="text" class="code" id="otc" name="otc" value="${f.code ?? ''}" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" autofocus required
 ${f.error ? html`aria-invalid="true" aria-describedby="otc-error"` : ''}>
${f.error ? html`<p class="field-error" id="otc-error" role="alert">${f.error.message} <span class="small muted">(AADSTS${f.error.code})</span></p>` : ''}
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`,
  });
}

export function renderConfirmDevice(f: { action: string; hidden: Record<string, string | undefined>; tenantName: string; appName: string; user: { upn: string; displayName: string } }): string {
  return page({
    title: 'Continue signing in on your device',
    tenantName: f.tenantName,
    body: html`${accountChip(f.user.upn, f.user.displayName)}
<h1 id="page-title">Are you trying to sign in to ${f.appName}?</h1>
<div class="app">${appTile(f.appName)}<div class="name">${f.appName}</div></div>
<p class="muted">Continue only if you entered a code that a device or app of your own showed you. If someone sent you this code, cancel.</p>
<form method="post" action="${f.action}">
${hiddenFields({ ...f.hidden, step: 'confirm' })}
<div class="actions rev">
<button class="primary" type="submit" name="decision" value="continue">Continue</button>
<button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  });
}
