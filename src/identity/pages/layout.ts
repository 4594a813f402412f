import { html, raw, type Html, type HtmlValue } from './html.js';
import { STYLES } from './styles.js';

// The page shell every sign-in page shares: tenantbox's mark, the tenant's name (as a company
// branding line), one card, and a footer that says what this is. Our own branding, never Microsoft's.

export const LOGO = raw(`<svg width="30" height="30" viewBox="0 0 32 32" aria-hidden="true">
<path d="M16 2.5 28.5 9.5v13L16 29.5 3.5 22.5v-13z" fill="#0b6e6a"/>
<path d="M16 2.5 28.5 9.5 16 16.5 3.5 9.5z" fill="#3cb4a9"/>
<path d="M16 16.5v13l-12.5-7v-13z" fill="#11847d"/>
<path d="M9.8 6 22.2 13" stroke="#e6f3f2" stroke-width="1.6" opacity=".75"/>
</svg>`);

export interface PageOptions {
  title: string;
  /** The tenant's display name, shown like Entra's company branding; absent before we know the tenant. */
  tenantName?: string;
  wide?: boolean;
  body: HtmlValue;
  /** Extra markup after the card (e.g. the auto-submit script of form_post). */
  after?: HtmlValue;
}

export function page(opts: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<main>
<section class="card${opts.wide ? ' wide' : ''}" aria-labelledby="page-title">
<div class="brand">${LOGO}<span class="word">tenantbox</span>${opts.tenantName ? html`<span class="org" title="${opts.tenantName}">${opts.tenantName}</span>` : ''}</div>
${opts.body}
</section>
</main>
<footer><span>tenantbox · a Microsoft 365 tenant on this machine</span><span>No data leaves this computer</span></footer>
${opts.after}
</body>
</html>`.text;
}

export function initials(name: string): string {
  const words = name.replace(/[@.].*$/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length >= 2 ? words[0]![0]! + words[words.length - 1]![0]! : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** The "signed in as" pill shown above the password and consent steps. */
export function accountChip(upn: string, displayName?: string): Html {
  return html`<div class="chip" aria-label="Account"><span class="avatar" aria-hidden="true">${initials(displayName ?? upn)}</span><span>${upn}</span></div>`;
}

export function appTile(name: string): Html {
  return html`<span class="tile" aria-hidden="true">${initials(name)}</span>`;
}

const ICONS = {
  error: `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="9" fill="#b3261e"/><path d="M10 5.5v5.5" stroke="#fff" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="14.2" r="1.2" fill="#fff"/></svg>`,
  warn: `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="M10 1.8 19 17.5H1z" fill="#c98a00"/><path d="M10 7v5" stroke="#fff" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="14.6" r="1.1" fill="#fff"/></svg>`,
  lock: `<svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true"><circle cx="28" cy="28" r="27" fill="#fff4de"/><rect x="18" y="25" width="20" height="15" rx="3" fill="#c98a00"/><path d="M22 25v-4a6 6 0 0 1 12 0v4" fill="none" stroke="#c98a00" stroke-width="3"/><circle cx="28" cy="32" r="2.2" fill="#fff"/></svg>`,
  done: `<svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true"><circle cx="28" cy="28" r="27" fill="#e6f3f2"/><path d="m17 29 7 7 15-16" fill="none" stroke="#0b6e6a" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  device: `<svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true"><circle cx="28" cy="28" r="27" fill="#e6f3f2"/><rect x="15" y="17" width="26" height="18" rx="2.5" fill="none" stroke="#0b6e6a" stroke-width="3"/><path d="M22 40h12M28 35v5" stroke="#0b6e6a" stroke-width="3" stroke-linecap="round"/></svg>`,
  chevron: `<svg class="chev" viewBox="0 0 16 16" aria-hidden="true"><path d="m6 3 5 5-5 5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
} as const;

export function icon(name: keyof typeof ICONS): Html {
  return raw(ICONS[name]);
}

export function notice(kind: 'error' | 'warn', text: HtmlValue): Html {
  return html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${icon(kind)}<div>${text}</div></div>`;
}

/** The troubleshooting block Entra shows under errors: ids a developer can search logs for. */
export function troubleshooting(rows: [string, string | undefined][]): Html {
  return html`<details class="details"><summary>Troubleshooting details</summary><dl>${rows
    .filter(([, v]) => v)
    .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></details>`;
}
