import { html, hiddenFields } from './html.js';
import { initials, page } from './layout.js';

// prompt=select_account (or several signed-in accounts and no hint): the accounts this browser is
// signed in with, plus "Use another account".

export interface PickerAccount {
  /** Opaque value posted back (index into the browser's sessions). */
  value: string;
  upn: string;
  displayName: string;
}

export function renderAccountPicker(f: { action: string; hidden: Record<string, string | undefined>; tenantName?: string; appName: string; accounts: PickerAccount[] }): string {
  return page({
    title: 'Pick an account',
    tenantName: f.tenantName,
    body: html`<h1 id="page-title">Pick an account</h1>
<p class="muted">to continue to <strong>${f.appName}</strong></p>
<form method="post" action="${f.action}">
${hiddenFields({ ...f.hidden, step: 'pick' })}
<ul class="accounts">
${f.accounts.map(
  (a) => html`<li><button type="submit" name="account" value="${a.value}"><span class="avatar" aria-hidden="true">${initials(a.displayName)}</span>
<span class="who"><b>${a.displayName}</b><span>${a.upn}</span><span>Signed in</span></span></button></li>`,
)}
<li><button type="submit" name="account" value="other"><span class="avatar plus" aria-hidden="true">+</span><span class="who"><b>Use another account</b></span></button></li>
</ul>
</form>`,
  });
}
