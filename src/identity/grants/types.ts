import type { Services } from '../../shared/services.js';
import type { Authority } from '../authorize/authority.js';
import type { ClientAuthContext } from '../client-auth/authenticate-client.js';
import type { KeyRing } from '../keys/signing-keys.js';

// The plug-in shape every grant module exports (style.md §4, after oidc-provider's lib/actions/grants):
// the grant_type values it answers, the parameters it requires (checked before it runs, 900144), and
// a handler that returns the token response body or throws an IdentityError.

export interface TokenRequestContext {
  s: Services;
  keys: KeyRing;
  /** Form parameters, each a single string (duplicates were refused before). */
  params: Readonly<Record<string, string>>;
  authorization?: string;
  /** The browser `Origin` header (SPA redemption rules). */
  requestOrigin?: string;
  /** The origin the client used to reach us (issuers and endpoint URLs are built from it). */
  origin: string;
  authority: Authority;
  clientAuth: ClientAuthContext;
}

export interface GrantModule {
  grantTypes: readonly string[];
  parameters: readonly string[];
  handler(ctx: TokenRequestContext): Promise<Record<string, unknown>>;
}

export const credentialInput = (ctx: TokenRequestContext) => ({
  clientId: ctx.params.client_id,
  clientSecret: ctx.params.client_secret,
  clientAssertionType: ctx.params.client_assertion_type,
  clientAssertion: ctx.params.client_assertion,
  authorization: ctx.authorization,
});
