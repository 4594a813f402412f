import { html, hiddenFields, type Html } from './html.js';
import { accountChip, page } from './layout.js';

// The two-step sign-in of Entra: user name first (so a wrong name is told apart from a wrong
// password), then the password with the account shown above it. Errors appear under the field.
// In button rows the primary button comes first in the markup, so Enter submits it; CSS puts
// it on the right.

export interface SignInForm {
  /** Where the form posts. */
  action: string;
  /** Hidden fields that carry the flow (the authorize request, the device code) and the CSRF token. */
  hidden: Record<string, string | undefined>;
  tenantName?: string;
  appName?: string;
  /** Shown on the device flow instead of "to continue to <app>". */
  subtitle?: string;
}

export interface FieldError {
  /** AADSTS code, shown small under the sentence so a developer can look it up. */
  code: number;
  message: string;
}

export function renderUsernameStep(f: SignInForm, opts: { username?: string; error?: FieldError } = {}): string {
  return page({
    title: 'Sign in to your account',
    tenantName: f.tenantName,
    body: html`<h1 id="page-title">Sign in</h1>
${subtitle(f)}
<form method="post" action="${f.action}" novalidate>
${hiddenFields({ ...f.hidden, step: 'username' })}
<label for="loginfmt">Email or user name</label>
<input type="email" id="loginfmt" name="loginfmt" value="${opts.username ?? ''}" autocomplete="username" autofocus required
 ${opts.error ? html`aria-invalid="true" aria-describedby="loginfmt-error"` : ''}>
${opts.error ? fieldError('loginfmt-error', opts.error) : ''}
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>
<p class="fine" style="margin-top:22px">Use an account from this tenant's tenant file. Nothing is sent to Microsoft.</p>`,
  });
}

export function renderPasswordStep(f: SignInForm, opts: { username: string; displayName?: string; error?: FieldError }): string {
  return page({
    title: 'Enter password',
    tenantName: f.tenantName,
    body: html`${accountChip(opts.username, opts.displayName)}
<h1 id="page-title">Enter password</h1>
${subtitle(f)}
<form method="post" action="${f.action}" novalidate>
${hiddenFields({ ...f.hidden, step: 'password', loginfmt: opts.username })}
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" autofocus required
 ${opts.error ? html`aria-invalid="true" aria-describedby="passwd-error"` : ''}>
${opts.error ? fieldError('passwd-error', opts.error) : ''}
<div class="actions split">
<button class="primary" type="submit">Sign in</button>
<button class="link-button" type="submit" name="back" value="1" formnovalidate>Use another account</button>
</div>
</form>`,
  });
}

function subtitle(f: SignInForm): Html | string {
  if (f.subtitle) return html`<p class="muted">${f.subtitle}</p>`;
  if (f.appName) return html`<p class="muted">to continue to <strong>${f.appName}</strong></p>`;
  return '';
}

function fieldError(id: string, e: FieldError): Html {
  return html`<p class="field-error" id="${id}" role="alert">${e.message} <span class="small muted">(AADSTS${e.code})</span></p>`;
}
