import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JWT } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { signageYaml, startGoogleTenantbox } from './harness.js';
import { SCOPE, api, keyFileOf, tokenFor } from './helpers.js';

// Service-account key files: Google's exact JSON format, written once per service account into
// <dataDir>/google/<name>.json, and the same key across resets and restarts (apps keep working).

const FIELDS = ['type', 'project_id', 'private_key_id', 'private_key', 'client_email', 'client_id', 'auth_uri', 'token_uri', 'auth_provider_x509_cert_url', 'client_x509_cert_url', 'universe_domain'];

describe('service-account key files', () => {
  it('are written in Google’s format, and stay the same across reset, restart and a lost database', async () => {
    let tb = await startGoogleTenantbox(signageYaml());
    const dataDir = tb.dataDir;
    try {
      const file = keyFileOf(tb, 'room-signage');
      expect(file).toBe(join(dataDir, 'google', 'room-signage.json'));
      const text = readFileSync(file, 'utf8');
      const key = JSON.parse(text);
      expect(Object.keys(key)).toEqual(FIELDS);
      expect(key).toMatchObject({
        type: 'service_account',
        project_id: 'tenantbox-contoso',
        private_key_id: expect.stringMatching(/^[0-9a-f]{40}$/),
        private_key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/),
        client_email: 'room-signage@tenantbox-contoso.iam.gserviceaccount.com',
        client_id: expect.stringMatching(/^\d{21}$/),
        token_uri: 'https://oauth2.googleapis.com/token',
        client_x509_cert_url: 'https://www.googleapis.com/robot/v1/metadata/x509/room-signage%40tenantbox-contoso.iam.gserviceaccount.com',
        universe_domain: 'googleapis.com',
      });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // google-auth-library reads it as it reads a downloaded key.
      const jwt = new JWT();
      jwt.fromJSON(key);
      expect(jwt.email).toBe(key.client_email);

      const before = await tokenFor(tb, 'room-signage', [SCOPE('calendar')], 'signage@contoso.test');
      await tb.admin('POST', '/reset');
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect((await api(tb, before, 'GET', '/calendar/v3/users/me/calendarList')).status).toBe(401); // reset drops tokens
      expect(await tokenFor(tb, 'room-signage', [SCOPE('calendar')], 'signage@contoso.test')).toMatch(/^ya29\./);

      await tb.cleanup({ keepDataDir: true });
      tb = await startGoogleTenantbox(signageYaml(), { dataDir });
      expect(readFileSync(file, 'utf8')).toBe(text);

      // A data dir whose database is gone adopts the key file rather than breaking its users.
      await tb.cleanup({ keepDataDir: true });
      for (const f of ['tenantbox.db', 'tenantbox.db-wal', 'tenantbox.db-shm']) rmSync(join(dataDir, f), { force: true });
      tb = await startGoogleTenantbox(signageYaml(), { dataDir });
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(await tokenFor(tb, 'room-signage', [SCOPE('calendar')], 'signage@contoso.test')).toMatch(/^ya29\./);
    } finally {
      await tb.cleanup();
    }
  });
});
