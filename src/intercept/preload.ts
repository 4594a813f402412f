// Node 20's global fetch ignores HTTPS_PROXY (Node reads it only from 22.21 / 24 on, behind
// NODE_USE_ENV_PROXY), and fetch-based clients (msal-node 7, @microsoft/microsoft-graph-client,
// Kiota) offer no proxy option. Preloading this module, with no change to the app's code:
//
//   NODE_OPTIONS="--import <tenantbox>/dist/src/intercept/preload.js" HTTPS_PROXY=… NODE_EXTRA_CA_CERTS=… node app.js
//
// makes global fetch honour HTTPS_PROXY / NO_PROXY the way gaxios and @azure/identity already do.
// `tenantbox env` prints that NODE_OPTIONS line. It does nothing when no proxy variable is set.
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';

const env = process.env;
if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) {
  setGlobalDispatcher(new EnvHttpProxyAgent());
}
