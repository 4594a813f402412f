import { html, hiddenFields, type Html } from '../../identity/pages/html.js';
import { accountChip, appTile, icon, notice, page } from '../../identity/pages/layout.js';

// The pages of the user OAuth flow (/o/oauth2/v2/auth): sign in, consent, and errors. They share
// the identity pages' shell and style; the words are our own, never Google's.

export interface FlowPageData {
  action: string;
  flow: string;
  workspace: string; // the Workspace domain, shown as the organisation line
  app: string;
}

export function renderSignIn(d: FlowPageData & { email?: string; error?: string }): string {
  return page({
    title: 'Sign in',
    tenantName: d.workspace,
    body: html`<h1 id="page-title">Sign in</h1>
<p>to continue to <strong>${d.app}</strong> with your ${d.workspace} Workspace account</p>
${d.error ? notice('error', d.error) : ''}
<form method="post" action="${d.action}">
${hiddenFields({ flow: d.flow, step: 'signin' })}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${d.email ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`,
  });
}

export interface ConsentScope {
  scope: string;
  words: string;
}

export function renderConsent(d: FlowPageData & { user: { email: string; name: string }; scopes: ConsentScope[] }): string {
  return page({
    title: 'Allow access?',
    tenantName: d.workspace,
    wide: true,
    body: html`${accountChip(d.user.email, d.user.name)}
<h1 id="page-title">Allow access?</h1>
<div class="app">${appTile(d.app)}<div><div class="name">${d.app}</div></div></div>
<p>If you allow it, <strong>${d.app}</strong> will be able to:</p>
<ul class="perms">${d.scopes.map(scopeItem)}</ul>
<form method="post" action="${d.action}">
${hiddenFields({ flow: d.flow, step: 'consent' })}
<p class="fine">Allow only if you trust ${d.app}. An admin of ${d.workspace} can see which apps you allowed.</p>
<div class="actions rev">
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button class="secondary" type="submit" name="decision" value="deny">Cancel</button>
</div>
</form>`,
  });
}

function scopeItem(s: ConsentScope): Html {
  return html`<li><details><summary>${icon('chevron')}<span class="what">${s.words}</span></summary><div class="detail">Scope: <code>${s.scope}</code></div></details></li>`;
}

export function renderFlowError(title: string, code: string, detail: string): string {
  return page({
    title,
    body: html`<h1 id="page-title">${title}</h1>${notice('error', html`<strong>${code}</strong>: ${detail}`)}
<p class="fine">The app sent a sign-in request tenantbox cannot accept. Check its client id and redirect URI against the tenant file's google.oauthClients.</p>`,
  });
}

/** Our own short description of a scope, from its name (Google's texts are not copied). */
export function scopeWords(scope: string): string {
  const name = scope.replace('https://www.googleapis.com/auth/', '');
  const known: Record<string, string> = {
    openid: 'Know who you are (your account id)',
    email: 'See your email address',
    profile: 'See your name and profile picture',
    'userinfo.email': 'See your email address',
    'userinfo.profile': 'See your name and profile picture',
    calendar: 'Read, change and delete every calendar you can reach, and share them',
    'calendar.readonly': 'Read every calendar you can reach',
    'calendar.events': 'Read, create, change and delete events on every calendar you can reach',
    'calendar.events.readonly': 'Read events on every calendar you can reach',
    'calendar.events.owned': 'Read, create, change and delete events on calendars you own',
    'calendar.events.owned.readonly': 'Read events on calendars you own',
    'calendar.events.freebusy': 'See when you are free or busy, without event details',
    'calendar.events.public.readonly': 'Read events on public calendars',
    'calendar.freebusy': 'Query free and busy times',
    'calendar.app.created': 'Manage calendars this app creates, and their events',
    'calendar.calendarlist': 'Add and remove calendars in your list',
    'calendar.calendarlist.readonly': 'See the calendars in your list',
    'calendar.calendars': 'Create and change calendars and their settings',
    'calendar.calendars.readonly': 'See calendar names and settings',
    'calendar.acls': 'See and change who your calendars are shared with',
    'calendar.acls.readonly': 'See who your calendars are shared with',
    'calendar.settings.readonly': 'See your calendar settings',
  };
  if (known[name]) return known[name]!;
  const words = name.replace(/^admin\.directory\./, 'directory ').replace(/\./g, ' ');
  return name.endsWith('.readonly') ? `Read ${words.replace(/ readonly$/, '')} data` : `Use ${words} data`;
}
