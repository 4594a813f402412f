import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from './cookies.js';

// Per-form CSRF tokens. A random browser id lives in an HttpOnly cookie; each form carries
// HMAC(key, browser id | form name | binding), where the binding ties the token to what the form
// acts on (the authorize request, the device code, the user). A page on another site can neither
// read the cookie nor compute the token, so a forged POST fails even if the browser sends the cookie.

const COOKIE = 'tenantbox_browser';

export interface Csrf {
  /** The token for a form; sets the browser-id cookie on first use. */
  issue(req: FastifyRequest, reply: FastifyReply, form: string, binding: string): string;
  verify(req: FastifyRequest, form: string, binding: string, token: unknown): boolean;
}

export function createCsrf(key: Buffer = randomBytes(32)): Csrf {
  const mac = (browser: string, form: string, binding: string) =>
    createHmac('sha256', key).update(`${browser}|${form}|${binding}`).digest('base64url');
  const seen = new WeakMap<FastifyRequest, string>();
  return {
    issue(req, reply, form, binding) {
      let browser = seen.get(req) ?? readCookie(req, COOKIE);
      if (!browser || !/^[A-Za-z0-9_-]{20,64}$/.test(browser)) {
        browser = randomBytes(18).toString('base64url');
        setCookie(reply, COOKIE, browser);
      }
      seen.set(req, browser);
      return mac(browser, form, binding);
    },
    verify(req, form, binding, token) {
      const browser = readCookie(req, COOKIE);
      if (!browser || typeof token !== 'string') return false;
      const want = Buffer.from(mac(browser, form, binding));
      const got = Buffer.from(token);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
