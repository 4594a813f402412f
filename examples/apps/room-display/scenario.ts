import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Archetype } from '../scenario-kit/archetype.js';
import type { AppRun } from '../scenario-kit/context.js';
import type { BrowseResult } from '../scenario-kit/person.js';

// The tablet's life: first start (device code, entered by someone signed in as the room; an
// instant reservation), a restart two hours later (the access token has expired: the refresh token
// gets a new one), the administrator revokes the room account's sessions (the access token the
// tablet holds still works until it expires), and two hours later the tablet is signed out.

export const roomDisplay: Archetype = {
  name: 'room-display',
  manifest: 'examples/manifests/room-display.yaml',
  entraApps: ['Room Display'],
  redirectUri: 'http://localhost:3000/auth',
  mode: 'direct',
  async scenario(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'room-display-'));
    const env = { ROOM_DISPLAY_CACHE: join(dir, 'token-cache.json') };
    try {
      const room = ctx.person('orion@contoso.test');
      let page: BrowseResult | undefined;
      const runs: Record<string, AppRun> = {};
      runs.firstStart = await ctx.run(['--reserve'], async (p) => {
        if (p.kind === 'device-code') page = await room.deviceLogin(p.url, p.code);
      }, env);
      if (page?.outcome !== 'device-signed-in') throw new Error(`the device login page did not sign the room in: ${JSON.stringify(page)}`);

      await ctx.admin('POST', '/clock', { advance: '2h' });
      runs.afterExpiry = await ctx.run([], undefined, env);

      await ctx.admin('POST', '/tenants/contoso.test/users/orion@contoso.test/revoke-sessions');
      runs.afterRevocation = await ctx.run([], undefined, env);

      await ctx.admin('POST', '/clock', { advance: '2h' });
      runs.revoked = await ctx.run([], undefined, env);
      return runs;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
