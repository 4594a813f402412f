import { html, hiddenFields, type Html } from './html.js';
import { accountChip, appTile, icon, page } from './layout.js';
import type { PermissionKind, PermissionWords } from './permission-words.js';

// The consent prompt: each permission requested and not yet granted, in our own words, grouped by
// the API it belongs to, each marked when only an admin may grant it. An admin also sees
// "Consent on behalf of your organization"; on the admin consent endpoint the whole page is that.

export interface ConsentItem {
  resourceName: string;
  value: string;
  kind: PermissionKind;
  adminOnly: boolean;
  words: PermissionWords;
}

export interface ConsentPageData {
  action: string;
  hidden: Record<string, string | undefined>;
  tenantName: string;
  app: { name: string; verifiedPublisher: boolean; homeTenantName?: string };
  user: { upn: string; displayName: string };
  items: ConsentItem[];
  /** 'user': the authorize prompt; 'organization': the admin consent endpoint. */
  variant: 'user' | 'organization';
  /** The signed-in user may consent for everyone (an admin role that covers the request). */
  offerOrgConsent: boolean;
}

export function renderConsentPage(d: ConsentPageData): string {
  const org = d.variant === 'organization';
  const byResource = new Map<string, ConsentItem[]>();
  for (const it of d.items) byResource.set(it.resourceName, [...(byResource.get(it.resourceName) ?? []), it]);
  const showResourceNames = byResource.size > 1 || d.items.some((i) => i.resourceName !== 'Microsoft Graph');
  return page({
    title: org ? 'Permissions requested for your organization' : 'Permissions requested',
    tenantName: d.tenantName,
    wide: true,
    body: html`${accountChip(d.user.upn, d.user.displayName)}
<h1 id="page-title">${org ? 'Permissions requested for your organization' : 'Permissions requested'}</h1>
<div class="app">${appTile(d.app.name)}<div><div class="name">${d.app.name}</div>
<div class="publisher">${d.app.verifiedPublisher ? html`<span class="badge verified">Verified publisher</span>` : html`<span class="badge unverified">Unverified</span>`}
${d.app.homeTenantName ? html` · Registered in ${d.app.homeTenantName}` : ''}</div></div></div>
<p>${org ? html`If you accept, <strong>${d.app.name}</strong> will be able to do the following for everyone in <strong>${d.tenantName}</strong>:` : html`If you accept, <strong>${d.app.name}</strong> will be able to:`}</p>
${[...byResource.entries()].map(([resource, items]) => html`${showResourceNames ? html`<p class="resource">${resource}</p>` : ''}<ul class="perms">${items.map((i) => item(i, org))}</ul>`)}
<form method="post" action="${d.action}">
${hiddenFields({ ...d.hidden, step: 'consent' })}
${
  d.offerOrgConsent && !org
    ? html`<label class="check" for="org"><input type="checkbox" id="org" name="consent_org" value="1"><span>Consent on behalf of your organization<small>Everyone in ${d.tenantName} gets these permissions for this app and is not asked again.</small></span></label>`
    : ''
}
<p class="fine">${
      org
        ? html`Accept only if you trust ${d.app.name}. Users of ${d.tenantName} will not be asked about these permissions. An admin can remove the grant at any time.`
        : html`Accept only if you trust ${d.app.name}. You can take this access back at any time, and an admin of ${d.tenantName} can see and remove it.`
    }</p>
<div class="actions rev">
<button class="primary" type="submit" name="decision" value="accept">Accept</button>
<button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  });
}

function item(i: ConsentItem, org: boolean): Html {
  // An admin granting for everyone needs to tell app-only access from access on behalf of users;
  // a user needs to know what they cannot grant alone.
  const badge = org
    ? i.kind === 'application'
      ? html` <span class="badge admin">App-only access</span>`
      : html` <span class="badge unverified">For each signed-in user</span>`
    : i.adminOnly
      ? html` <span class="badge admin">Admin consent required</span>`
      : '';
  return html`<li><details><summary>${icon('chevron')}<span class="what">${i.words.title}${badge}</span></summary>
<div class="detail">${i.words.detail} ${i.kind === 'application' ? 'Application permission' : 'Delegated permission'}: <code>${i.value}</code></div></details></li>`;
}
