import { entraTimestamp, type IdentityError } from '../errors.js';
import { hiddenFields, html, type HtmlValue } from './html.js';
import { accountChip, appTile, icon, notice, page, troubleshooting } from './layout.js';

// Pages that end a flow with a message: the "approval required" page (the user may not consent),
// the error page (what Entra shows instead of redirecting: unknown app, redirect URI mismatch…),
// and plain notices (device sign-in done or cancelled).

export interface TraceInfo {
  requestId: string;
  correlationId: string;
  now: Date;
}

export interface ApprovalPageData {
  error: IdentityError; // 90094, 90093 or 90095
  tenantName: string;
  app: { name: string; appId: string; verifiedPublisher: boolean };
  user: { upn: string; displayName: string };
  /** Restarts the flow with prompt=login, for someone who has an admin account. */
  adminSignInHref?: string;
  /** Goes back to the app with access_denied (absent on the device flow). */
  returnHref?: string;
  trace: TraceInfo;
  /** 90095 only: the admin consent workflow's request form, or where the user's request stands. */
  workflow?: ApprovalWorkflow;
}

export type ApprovalWorkflow =
  | { state: 'form'; action: string; hidden: Record<string, string>; problem?: string }
  | { state: 'sent' | 'pending'; requestedAt: Date };

export function renderApprovalRequired(d: ApprovalPageData): string {
  const policy = d.error.aadsts === 90093;
  const title = d.error.aadsts === 90095 ? (d.workflow?.state === 'sent' ? 'Request sent' : 'Approval required') : 'Need admin approval';
  return page({
    title,
    tenantName: d.tenantName,
    body: html`${accountChip(d.user.upn, d.user.displayName)}
<div class="big-icon">${icon('lock')}</div>
<h1 id="page-title">${title}</h1>
<div class="app">${appTile(d.app.name)}<div><div class="name">${d.app.name}</div>
<div class="publisher">${d.app.verifiedPublisher ? html`<span class="badge verified">Verified publisher</span>` : html`<span class="badge unverified">Unverified</span>`}</div></div></div>
<p>${
      d.workflow
        ? workflowText(d)
        : policy
        ? html`The settings of <strong>${d.tenantName}</strong> do not let you grant this app what it asks for. An administrator can grant it for you, or for everyone.`
        : html`<strong>${d.app.name}</strong> asks for access that only an administrator of <strong>${d.tenantName}</strong> can grant. Ask an admin to review the app and grant it for the organization, then sign in again.`
    }</p>
${notice('warn', html`<strong>AADSTS${d.error.aadsts}</strong> · ${d.workflow ? 'An admin must approve this app; you can ask for it.' : policy ? 'User consent is blocked by the tenant policy.' : 'Admin consent is required.'}`)}
${d.workflow?.state === 'form' ? requestForm(d.workflow) : ''}
<div class="links">
${d.adminSignInHref ? html`<a href="${d.adminSignInHref}">Have an admin account? Sign in with it</a>` : ''}
${d.returnHref ? html`<a href="${d.returnHref}">Return to the app without granting access</a>` : ''}
</div>
${troubleshooting([
  ['Error', d.error.message],
  ['App name', d.app.name],
  ['App id', d.app.appId],
  ['Signed in as', d.user.upn],
  ['Request id', d.trace.requestId],
  ['Correlation id', d.trace.correlationId],
  ['Timestamp', entraTimestamp(d.trace.now)],
])}`,
  });
}

function workflowText(d: ApprovalPageData): HtmlValue {
  const w = d.workflow!;
  if (w.state === 'form') return html`<strong>${d.app.name}</strong> asks for access that an administrator of <strong>${d.tenantName}</strong> has to approve. Say why you need it and your request goes to the people who review such requests.`;
  const when = entraTimestamp(w.requestedAt);
  return w.state === 'sent'
    ? html`Your request for <strong>${d.app.name}</strong> went to the reviewers of <strong>${d.tenantName}</strong> (${when}). Once one of them approves it, sign in to the app again.`
    : html`You already asked for <strong>${d.app.name}</strong> on ${when}, and the request is still waiting for a reviewer of <strong>${d.tenantName}</strong>. There is nothing more to send; sign in again once it is approved.`;
}

function requestForm(w: Extract<ApprovalWorkflow, { state: 'form' }>): HtmlValue {
  return html`<form method="post" action="${w.action}">
${hiddenFields({ ...w.hidden, step: 'request-approval' })}
<label for="justification">Why do you need this app?</label>
<textarea id="justification" name="justification" rows="3" maxlength="1000" required style="width:100%;font:inherit;padding:8px 10px;border:1px solid #8a8f94;border-radius:6px"${w.problem ? html` aria-invalid="true"` : ''}></textarea>
${w.problem ? notice('error', w.problem) : ''}
<div class="actions rev"><button class="primary" type="submit">Request approval</button></div>
</form>`;
}

const ERROR_TITLES: Record<number, string> = {
  50011: 'The app sent you to an address it has not registered',
  900971: 'The app did not say where to return',
  700016: 'This app is not known here',
  50194: 'This app cannot be used from this address',
  90002: 'This tenant does not exist',
  53003: 'You cannot access this right now',
  50079: 'More information required',
};

export function renderErrorPage(err: IdentityError, d: { tenantName?: string; appName?: string; trace: TraceInfo }): string {
  const title = ERROR_TITLES[err.aadsts] ?? 'We could not sign you in';
  return page({
    title,
    tenantName: d.tenantName,
    body: html`<h1 id="page-title">${title}</h1>
${notice('error', html`<strong>AADSTS${err.aadsts}</strong> · ${err.message.replace(/^AADSTS\d+: /, '')}`)}
<p class="muted small">The app's developer can fix this in the app registration (the tenant file). Signing in again will not help until then.</p>
${troubleshooting([
  ['Error code', `AADSTS${err.aadsts}`],
  ['App name', d.appName],
  ['Request id', d.trace.requestId],
  ['Correlation id', d.trace.correlationId],
  ['Timestamp', entraTimestamp(d.trace.now)],
])}`,
  });
}

export function renderNotice(d: { title: string; tenantName?: string; iconName: 'done' | 'device' | 'lock'; body: HtmlValue; appName?: string }): string {
  return page({
    title: d.title,
    tenantName: d.tenantName,
    body: html`<div class="big-icon">${icon(d.iconName)}</div>
<h1 id="page-title" style="text-align:center">${d.title}</h1>
${d.appName ? html`<div class="app" style="justify-content:center">${appTile(d.appName)}<div class="name">${d.appName}</div></div>` : ''}
<div style="text-align:center">${d.body}</div>`,
  });
}
