import type { Archetype } from '../scenario-kit/archetype.js';
import type { BrowseResult, Person } from '../scenario-kit/person.js';

// Who does what when the app asks: Megan opens the tabs (basic, home, catalog); an admin page
// ("Need admin approval") sends her back, and Adele (Global Administrator) grants that tab's
// scopes for the organization; Isaiah (Teams Administrator) opens the settings tab and consents
// for himself; Adele also grants the service-account scope, and the service account signs in.
// Team provisioning takes ten seconds of emulated time: the clock is moved on when the app waits.

export const teamsGovernance: Archetype = {
  name: 'teams-governance',
  manifest: 'examples/manifests/teams-governance.yaml',
  entraApps: ['Teams Governance'],
  redirectUri: 'http://localhost:3004/auth/callback',
  audits: [
    { model: 'teams-client', select: (o, ids) => o.scheme === 'delegated' && o.userId?.toLowerCase() !== ids.user('svc-teamsgov@contoso.test') },
    { model: 'service-account', select: (o, ids) => o.scheme === 'delegated' && o.userId?.toLowerCase() === ids.user('svc-teamsgov@contoso.test') },
    { model: 'application', select: (o) => o.scheme === 'application' },
  ],
  mode: 'direct',
  async scenario(ctx) {
    const who: Record<string, Person> = {
      basic: ctx.person('megan@contoso.test'),
      home: ctx.person('megan@contoso.test'),
      catalog: ctx.person('megan@contoso.test'),
      settings: ctx.person('isaiah@contoso.test'),
      'service-account': ctx.person('svc-teamsgov@contoso.test'),
    };
    const admin = ctx.person('adele@contoso.test');
    const pages: Record<string, BrowseResult[]> = {};
    const run = await ctx.run([], async (p) => {
      if (p.kind === 'wait') {
        await ctx.admin('POST', '/clock', { advance: '15s' });
        return;
      }
      if (p.kind === 'device-code') throw new Error('unexpected device code');
      const person = p.kind === 'admin-consent' ? admin : who[p.context];
      if (!person) throw new Error(`nobody to answer ${p.kind} ${p.context}`);
      const r = await person.open(p.url, { consent: 'accept' });
      (pages[`${p.kind} ${p.context}`] ??= []).push(r);
      if (r.outcome !== 'returned-to-app') throw new Error(`${person.upn} on ${p.kind} ${p.context} did not get back to the app: ${JSON.stringify(r)}`);
    });
    return { run };
  },
};
