import { Agent, ProxyAgent, fetch, type Dispatcher } from 'undici';

// A person at a web browser, scripted: opens the URL an app printed, signs in on tenantbox's
// pages (device code, user name, password, account picker, "is it you?", consent) and follows the
// redirect back to the app. Plain HTTP with a cookie jar and a form reader, no real browser: the
// pages are server-rendered forms (src/identity/pages/). In intercept mode the URLs are
// login.microsoftonline.com's, reached through tenantbox's proxy as a browser with a proxy would.

export interface BrowserNet {
  /** tenantbox's CA certificate (PEM). */
  ca: string;
  /** tenantbox's proxy URL, for login.microsoftonline.com URLs (intercept mode). */
  proxyUrl: string;
}

export interface Choices {
  consent?: 'accept' | 'accept-for-organization' | 'cancel';
  /** On "Need admin approval": follow "Return to the app" (default) or stop there. */
  onApproval?: 'return' | 'stop';
  deviceCode?: string;
}

export type BrowseOutcome = 'returned-to-app' | 'device-signed-in' | 'device-cancelled' | 'approval-required' | 'error-page';

export interface BrowseResult {
  outcome: BrowseOutcome;
  /** Page titles in the order they were shown. */
  pages: string[];
  /** Permission names listed on a consent page, if one was shown. */
  consentAsked: string[];
  /** The AADSTS code shown on an approval or error page. */
  code?: string;
  appUrl?: string;
}

const INTERCEPTED = new Set(['login.microsoftonline.com']);

export class Person {
  private readonly cookies = new Map<string, string>();
  private readonly direct: Agent;
  private readonly proxied: ProxyAgent;

  constructor(
    readonly upn: string,
    readonly password: string,
    net: BrowserNet,
  ) {
    this.direct = new Agent({ connect: { ca: net.ca } });
    this.proxied = new ProxyAgent({ uri: net.proxyUrl, requestTls: { ca: net.ca } });
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxied.close()]);
  }

  /** Enters a device code at the verification URI and signs in. */
  deviceLogin(verificationUri: string, code: string, choices: Choices = {}): Promise<BrowseResult> {
    return this.open(verificationUri, { ...choices, deviceCode: code });
  }

  async open(start: string, choices: Choices = {}): Promise<BrowseResult> {
    const result: BrowseResult = { outcome: 'error-page', pages: [], consentAsked: [] };
    const origin = new URL(start);
    let req: { url: URL; method: 'GET' | 'POST'; form?: Record<string, string> } = { url: origin, method: 'GET' };
    for (let hop = 0; hop < 40; hop++) {
      if (!this.isIdentity(req.url, origin)) {
        // Back at the app's redirect URI: let the app's server receive it.
        await (await this.request(req.url, 'GET')).text();
        return { ...result, outcome: 'returned-to-app', appUrl: req.url.toString() };
      }
      const res = await this.request(req.url, req.method, req.form);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        req = { url: new URL(location, req.url), method: 'GET' };
        continue;
      }
      const body = await res.text();
      const title = decode(/<h1 id="page-title">([\s\S]*?)<\/h1>/.exec(body)?.[1] ?? /<title>([\s\S]*?)<\/title>/.exec(body)?.[1] ?? '').trim();
      result.pages.push(title);
      const form = readForm(body);
      const fieldError = /<p class="field-error"[^>]*>([\s\S]*?)<\/p>/.exec(body)?.[1];
      if (fieldError && result.pages.length > 1 && result.pages[result.pages.length - 2] === title) {
        throw new Error(`${this.upn}: "${title}" refused the input: ${strip(fieldError)}`);
      }
      if (!form) {
        const code = /AADSTS(\d+)/.exec(body)?.[0];
        if (/admin approval|Approval required/i.test(title)) {
          const back = /<a href="([^"]+)">Return to the app/.exec(body)?.[1];
          if ((choices.onApproval ?? 'return') === 'return' && back) {
            result.code = code;
            req = { url: new URL(decode(back), req.url), method: 'GET' };
            continue;
          }
          return { ...result, outcome: 'approval-required', code };
        }
        if (/signed in/i.test(title)) return { ...result, outcome: 'device-signed-in' };
        if (/cancelled/i.test(title)) return { ...result, outcome: 'device-cancelled' };
        return { ...result, outcome: 'error-page', code };
      }
      const fields: Record<string, string> = { ...form.hidden };
      switch (form.hidden.step) {
        case 'code':
          if (!choices.deviceCode) throw new Error('the device login page asks for a code, and none was given');
          fields.otc = choices.deviceCode;
          break;
        case 'username':
          fields.loginfmt = this.upn;
          break;
        case 'password':
          fields.passwd = this.password;
          break;
        case 'pick': {
          const mine = form.buttons.find((b) => b.name === 'account' && b.text.includes(this.upn));
          fields.account = mine?.value ?? 'other';
          break;
        }
        case 'confirm':
          fields.decision = 'continue';
          break;
        case 'consent': {
          result.consentAsked.push(...[...body.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => decode(m[1]!)));
          const c = choices.consent ?? 'accept';
          fields.decision = c === 'cancel' ? 'cancel' : 'accept';
          if (c === 'accept-for-organization') fields.consent_org = '1';
          break;
        }
        default:
          throw new Error(`${this.upn}: no idea what to do on "${title}" (form step ${form.hidden.step ?? 'none'})`);
      }
      req = { url: new URL(form.action, req.url), method: 'POST', form: fields };
    }
    throw new Error(`${this.upn}: sign-in went round in circles from ${start}`);
  }

  /** The identity platform's pages (tenantbox's origin or an intercepted login host). */
  private isIdentity(u: URL, from: URL): boolean {
    return u.protocol === 'https:' && (u.host === from.host || INTERCEPTED.has(u.hostname));
  }

  private async request(url: URL, method: 'GET' | 'POST', form?: Record<string, string>) {
    const dispatcher: Dispatcher | undefined = url.protocol === 'https:' ? (INTERCEPTED.has(url.hostname) ? this.proxied : this.direct) : undefined;
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie && url.protocol === 'https:') headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual', ...(dispatcher && { dispatcher }) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return res;
  }
}

interface Form {
  action: string;
  hidden: Record<string, string>;
  buttons: { name: string; value: string; text: string }[];
}

function readForm(body: string): Form | undefined {
  const m = /<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(body);
  if (!m) return undefined;
  const hidden: Record<string, string> = {};
  for (const h of m[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[decode(h[1]!)] = decode(h[2]!);
  const buttons = [...m[2]!.matchAll(/<button[^>]*name="([^"]+)" value="([^"]*)"[^>]*>([\s\S]*?)<\/button>/g)].map((b) => ({ name: b[1]!, value: decode(b[2]!), text: strip(b[3]!) }));
  return { action: decode(m[1]!), hidden, buttons };
}

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

function strip(s: string): string {
  return decode(s.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}
