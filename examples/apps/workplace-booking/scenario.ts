import type { Archetype } from '../scenario-kit/archetype.js';

// The platform's background jobs run as the application; then Megan signs in to the platform
// (the organization consented for everyone, so no consent page).

export const workplaceBooking: Archetype = {
  name: 'workplace-booking',
  manifest: 'examples/manifests/workplace-booking.yaml',
  entraApps: ['Workplace Booking'],
  redirectUri: 'http://localhost:3001/auth/callback',
  mode: 'direct',
  async scenario(ctx) {
    const megan = ctx.person('megan@contoso.test');
    const run = await ctx.run([], async (p) => {
      if (p.kind !== 'sign-in') throw new Error(`unexpected prompt ${p.kind}`);
      const r = await megan.open(p.url);
      if (r.outcome !== 'returned-to-app') throw new Error(`Megan's sign-in did not return to the app: ${JSON.stringify(r)}`);
    });
    return { run };
  },
};
