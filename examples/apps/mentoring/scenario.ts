import type { Archetype } from '../scenario-kit/archetype.js';

// Megan (a mentor) signs in; the organization consented to the app, so there is no consent page.

export const mentoring: Archetype = {
  name: 'mentoring',
  manifest: 'examples/manifests/mentoring.yaml',
  entraApps: ['Mentoring'],
  redirectUri: 'http://localhost:3003/auth/callback',
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
