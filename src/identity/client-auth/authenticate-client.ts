import { timingSafeEqual } from 'node:crypto';
import type { Services } from '../../shared/services.js';
import { hashSecret } from '../../shared/ids.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import type { Appidacr } from '../tokens/claims.js';
import { verifyClientAssertion, JWT_BEARER_ASSERTION_TYPE } from './client-assertion.js';

// Client authentication at the token endpoint: client_secret_post, client_secret_basic,
// private_key_jwt (certificate `client_assertion`), or none for public clients. Whether a flow may go
// without a credential is the grant's call (`requireCredential`); sending one as a public client is 700025.

export interface ClientCredentialInput {
  clientId?: string;
  clientSecret?: string;
  clientAssertionType?: string;
  clientAssertion?: string;
  /** `Authorization: Basic` header value, if any. */
  authorization?: string;
}

export interface AuthenticatedClient {
  app: ApplicationRecord;
  method: 'none' | 'secret' | 'certificate';
  appidacr: Appidacr;
}

export interface ClientAuthContext {
  s: Pick<Services, 'stores' | 'clock'>;
  /** The tenant the request addresses (for 700016's message), e.g. the path segment. */
  tenantLabel: string;
  /** URLs a client assertion's `aud` may name (the token endpoint as served, and its aliases). */
  acceptedAudiences: (aud: string) => boolean;
}

// A daemon sends the same Basic header on every token request: remember what it decoded to (and the
// secret's hash) for a bounded number of headers instead of decoding and hashing again each time.
interface BasicMemo {
  parsed: { id: string; secret: string } | undefined;
}
const basicMemo = new Map<string, BasicMemo>();
const secretHashMemo = new Map<string, Buffer>();
const MAX_MEMO = 256;

function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size >= MAX_MEMO) m.clear();
  m.set(k, v);
  return v;
}

function parseBasicMemo(authorization: string | undefined): { id: string; secret: string } | undefined {
  if (!authorization) return undefined;
  return (basicMemo.get(authorization) ?? remember(basicMemo, authorization, { parsed: parseBasic(authorization) })).parsed;
}

function secretHash(secret: string): Buffer {
  return secretHashMemo.get(secret) ?? remember(secretHashMemo, secret, Buffer.from(hashSecret(secret)));
}

export function parseBasic(authorization: string | undefined): { id: string; secret: string } | undefined {
  if (!authorization || !/^basic /i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  const dec = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  return { id: dec(decoded.slice(0, colon)), secret: dec(decoded.slice(colon + 1)) };
}

const short = (v: string) => (v.length > 80 ? `${v.slice(0, 80)}…` : v);

/**
 * Finds the client and checks the credential it sent, if any. `requireCredential` says whether this
 * flow needs one: true (client credentials, OBO, web-redirect codes), false (public-client flows).
 */
export async function authenticateClient(ctx: ClientAuthContext, input: ClientCredentialInput, requireCredential: (app: ApplicationRecord) => boolean): Promise<AuthenticatedClient> {
  const basic = parseBasicMemo(input.authorization);
  const secret = input.clientSecret ?? basic?.secret;
  const assertion = input.clientAssertion;
  let clientId = input.clientId ?? basic?.id;
  if (!clientId && assertion) clientId = peekAssertionIssuer(assertion);
  if (!clientId) throw identityErrors.missingParameter('client_id');
  const app = await ctx.s.stores.apps.findApplicationByAppId(clientId.toLowerCase());
  if (!app) throw identityErrors.unknownApp(short(clientId), ctx.tenantLabel);

  const hasCredential = secret !== undefined || assertion !== undefined;
  if (hasCredential && app.isFallbackPublicClient && app.passwordCredentials.length === 0 && app.keyCredentials.length === 0) {
    throw identityErrors.publicClientSentCredential();
  }
  if (assertion !== undefined) {
    if (input.clientAssertionType !== JWT_BEARER_ASSERTION_TYPE) {
      throw identityErrors.malformedRequest(`The client_assertion_type must be '${JWT_BEARER_ASSERTION_TYPE}'.`);
    }
    verifyClientAssertion(ctx, app, assertion);
    return { app, method: 'certificate', appidacr: '2' };
  }
  if (secret !== undefined) {
    checkSecret(ctx, app, secret);
    return { app, method: 'secret', appidacr: '1' };
  }
  if (requireCredential(app)) throw identityErrors.noClientCredential();
  return { app, method: 'none', appidacr: '0' };
}

function checkSecret(ctx: ClientAuthContext, app: ApplicationRecord, secret: string): void {
  const given = secretHash(secret);
  const match = app.passwordCredentials.find((p) => {
    const stored = Buffer.from(p.hash);
    return stored.length === given.length && timingSafeEqual(stored, given);
  });
  if (!match) throw identityErrors.badClientSecret(app.appId);
  if (match.endDateTime && Date.parse(match.endDateTime) <= ctx.s.clock.now()) throw identityErrors.expiredClientSecret(app.appId);
}

function peekAssertionIssuer(assertion: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload?.iss === 'string' ? payload.iss : typeof payload?.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client's service principal in the tenant: absent → 700016 (app not in this directory),
 * disabled → 7000112 (permission-semantics §1.7.6).
 */
export async function clientServicePrincipal(s: Pick<Services, 'stores'>, tenant: TenantRecord, app: ApplicationRecord): Promise<ServicePrincipalRecord> {
  const sp = await s.stores.apps.getServicePrincipal(tenant.id, app.appId);
  if (!sp) throw identityErrors.unknownApp(app.appId, tenant.id);
  if (!sp.accountEnabled) throw identityErrors.appDisabled(app.appId, app.displayName);
  return sp;
}
