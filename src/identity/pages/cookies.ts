import type { FastifyReply, FastifyRequest } from 'fastify';

// Cookie parsing and setting for the sign-in pages (no cookie plugin is installed; the pages set
// only two cookies). Every cookie is HttpOnly, Secure and SameSite=Lax: tenantbox is served over
// TLS only, and Lax keeps the session on top-level navigations from the app to /authorize while
// refusing it on cross-site subrequests.

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setCookie(reply: FastifyReply, name: string, value: string, opts: { maxAgeSeconds?: number } = {}): void {
  const attrs = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax'];
  if (opts.maxAgeSeconds !== undefined) attrs.push(`Max-Age=${opts.maxAgeSeconds}`);
  appendSetCookie(reply, attrs.join('; '));
}

export function clearCookie(reply: FastifyReply, name: string): void {
  appendSetCookie(reply, `${name}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  const name = cookie.slice(0, cookie.indexOf('='));
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), cookie]);
}
