// One place that loads @peculiar/x509 ready to use.
//
// @peculiar/x509 2.x registers its algorithms through tsyringe, which throws at import time unless a
// Reflect metadata polyfill is loaded first ("tsyringe requires a reflect polyfill"). We load
// `reflect-metadata` here and import x509 dynamically, so import order elsewhere can't break this.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

let loaded: Promise<typeof X509> | undefined;

export function loadX509(): Promise<typeof X509> {
  loaded ??= (async () => {
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return loaded;
}
