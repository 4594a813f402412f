import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GoogleTestbox } from './harness.js';

// Raw protocol helpers: a service-account assertion signed exactly as google-auth-library signs it
// (header {"alg":"RS256"} only, key found by iss), the token request, and API calls with a token.

export const SCOPE = (s: string) => `https://www.googleapis.com/auth/${s}`;

export interface AssertionOptions {
  scopes: string[];
  sub?: string;
  aud?: string;
  iat?: number;
  exp?: number;
  iss?: string;
  /** Sign with another key file's key (a bad signature). */
  signWith?: string;
}

export function keyFileOf(tb: GoogleTestbox, name: string): string {
  return tb.seed.tenants[0]!.serviceAccounts.find((s) => s.name === name)!.keyFile;
}

export function assertion(keyFile: string, o: AssertionOptions): string {
  const key = JSON.parse(readFileSync(keyFile, 'utf8'));
  const signer = o.signWith ? JSON.parse(readFileSync(o.signWith, 'utf8')) : key;
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims: Record<string, unknown> = {
    iss: o.iss ?? key.client_email,
    scope: o.scopes.join(' '),
    aud: o.aud ?? 'https://oauth2.googleapis.com/token',
    iat: o.iat ?? now,
    exp: o.exp ?? (o.iat ?? now) + 3600,
  };
  if (o.sub) claims.sub = o.sub;
  const unsigned = `${b64({ alg: 'RS256' })}.${b64(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(signer.private_key).toString('base64url')}`;
}

export async function requestToken(tb: GoogleTestbox, keyFile: string, o: AssertionOptions): Promise<{ status: number; body: any }> {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: assertion(keyFile, o) });
  const res = await tb.fetch('/token', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: res.status, body: await res.json() };
}

export async function tokenFor(tb: GoogleTestbox, sa: string, scopes: string[], sub?: string): Promise<string> {
  const r = await requestToken(tb, keyFileOf(tb, sa), { scopes, sub });
  if (r.status !== 200) throw new Error(`token for ${sa}/${sub}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

export async function api(tb: GoogleTestbox, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await tb.fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const enc = encodeURIComponent;
