import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { hashSecret } from '../../shared/ids.js';
import { resolveAuthority, resolveClientApp } from '../authorize/authority.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { DEVICE_CODE_INTERVAL_S, DEVICE_CODE_LIFETIME_MS, type DeviceCodeRecord } from '../records.js';
import { adoptClientRequestId, corsNoStore, formParams, preflight } from './form-params.js';

// POST /{tenant}/oauth2/v2.0/devicecode (entra-docs v2-oauth2-device-code): `client_id` + `scope` →
// {user_code, device_code, verification_uri, expires_in, interval, message}; no
// verification_uri_complete, as Entra. The device login page (identity-pages) approves the record.

/** Where the user types the code: Entra's microsoft.com/devicelogin, served by tenantbox at /devicelogin. */
export const DEVICE_LOGIN_PATH = '/devicelogin';
// Entra's user codes: 9 characters, letters and digits without look-alikes.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function registerDeviceCodeRoutes(app: FastifyInstance, s: Services): void {
  for (const path of ['/:tenant/oauth2/v2.0/devicecode', '/:tenant/oauth2/devicecode']) {
    app.post<{ Params: { tenant: string } }>(path, (req, reply) => deviceCodeEndpoint(s, req, reply));
    app.options(path, preflight);
  }
}

async function deviceCodeEndpoint(s: Services, req: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) {
  corsNoStore(reply);
  adoptClientRequestId(req, reply, {});
  const params = formParams(req.body);
  adoptClientRequestId(req, reply, params);
  if (!params.client_id) throw identityErrors.missingParameter('client_id');
  if (!params.scope) throw identityErrors.missingParameter('scope');
  const authority = await resolveAuthority(s, req.params.tenant);
  const app = await resolveClientApp(s, authority, params.client_id);
  await resolveScopeRequest(s, params.scope, app, { multipleResources: 'first' });

  const deviceCode = `DAQABIQEAAAD${s.ids.token(32)}${s.ids.token(32)}`;
  const userCode = await freshUserCode(s);
  const now = s.clock.now();
  const record: DeviceCodeRecord = {
    hash: hashSecret(deviceCode),
    kind: 'device_code',
    tenantId: authority.kind === 'tenant' ? authority.tenant.id : authority.segment,
    clientId: app.appId,
    userId: null,
    data: { userCode, scope: params.scope, status: 'pending', interval: DEVICE_CODE_INTERVAL_S },
    createdAt: now,
    expiresAt: now + DEVICE_CODE_LIFETIME_MS,
    consumedAt: null,
  };
  await s.stores.tokens.put(record);
  const verificationUri = `${req.origin}${DEVICE_LOGIN_PATH}`;
  return {
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_LIFETIME_MS / 1000,
    interval: DEVICE_CODE_INTERVAL_S,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  };
}

async function freshUserCode(s: Services): Promise<string> {
  for (;;) {
    let code = '';
    for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    const clash = await s.stores.tokens.findByUserCode(code);
    if (!clash || clash.expiresAt <= s.clock.now()) return code;
  }
}
