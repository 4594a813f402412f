import type { Archetype } from '../scenario-kit/archetype.js';

// All three models in one run, in intercept mode: the app keeps Microsoft's and Google's host
// names and reaches tenantbox through HTTPS_PROXY. The service account signs in once (its grant
// was given when it was set up, so there is no consent page).

export const roomSignage: Archetype = {
  name: 'room-signage',
  manifest: 'examples/manifests/room-signage.yaml',
  entraApps: ['Room Signage', 'Room Signage Service Account'],
  googleServiceAccounts: ['room-signage'],
  audits: [
    { model: 'app', select: (o, ids) => o.appId === ids.app('Room Signage') },
    { model: 'service-account', select: (o, ids) => o.appId === ids.app('Room Signage Service Account') },
    { model: 'google', select: (o) => o.service === 'google' },
  ],
  mode: 'intercept',
  async scenario(ctx) {
    const svc = ctx.person('svc-signage@contoso.test');
    const run = await ctx.run([], async (p) => {
      if (p.kind !== 'sign-in') throw new Error(`unexpected prompt ${p.kind}`);
      const r = await svc.open(p.url);
      if (r.outcome !== 'returned-to-app') throw new Error(`the service account's sign-in did not return to the app: ${JSON.stringify(r)}`);
    });
    return { run };
  },
};
