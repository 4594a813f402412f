import { describe, expect, it } from 'vitest';
import { effectivePermissions, loadManifest, ManifestError, parseManifest } from '../../src/manifest/index.js';

const problems = (text: string) => {
  try {
    parseManifest(text, 'app.yaml');
  } catch (e) {
    if (e instanceof ManifestError) return e.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`);
    throw e;
  }
  return [];
};

const BASE = `app:
  name: T
  archetype: t
connections:
  - id: c
    kind: delegated-user
    title: C
    contexts:
      - id: basic
        title: Basic
        permissions:
          - name: User.Read
            type: Delegated
            justification: j
`;

describe('manifest loader', () => {
  it('reads the five example manifests with the seeds\' counts', () => {
    const count = (name: string) => {
      const m = loadManifest(new URL(`../../examples/manifests/${name}.yaml`, import.meta.url).pathname);
      return m.connections.map((c) => `${c.id}:${c.contexts.map((x) => x.permissions.length).join('+')}`).join(' ');
    };
    expect(count('room-display')).toBe('room-account:3');
    expect(count('workplace-booking')).toBe('platform:8 signed-in-user:8');
    expect(count('room-signage')).toBe('app:4 service-account:3 google:3');
    expect(count('mentoring')).toBe('signed-in-user:6+3 application:1');
    expect(count('teams-governance')).toBe('teams-client:7+5+1+0 service-account:16 application:12');
  });

  it('infers the resource and expands Google scopes', () => {
    const m = parseManifest(`${BASE}          - { name: offline_access, type: Delegated, justification: j }\n          - { name: full_access_as_app, type: Application, justification: j }\n`, 'a.yaml');
    expect(m.connections[0].contexts[0].permissions.map((p) => p.resource)).toEqual(['graph', 'openid', 'exchange']);
    const g = parseManifest(BASE.replace('delegated-user', 'google-dwd').replace('name: User.Read\n            type: Delegated', 'name: calendar\n            type: Google scope'), 'g.yaml');
    expect(g.connections[0].contexts[0].permissions[0]).toMatchObject({ name: 'https://www.googleapis.com/auth/calendar', resource: 'google', line: 12, column: 13 });
  });

  it('reports unknown fields, bad values and bad references with file:line:column', () => {
    expect(problems(BASE.replace('justification: j', 'justification: j\n            adminConsent: true'))).toEqual([
      "15:13 connections[0].contexts[0].permissions[0].adminConsent unknown field 'adminConsent' (did you mean 'adminConsentRequired'?); expected one of: name, type, resource, justification, adminConsentRequired",
    ]);
    expect(problems(BASE.replace('type: Delegated', 'type: delegated'))).toEqual([
      "13:19 connections[0].contexts[0].permissions[0].type expected one of: Delegated, Application, Google scope; got 'delegated' (did you mean 'Delegated'?)",
    ]);
    expect(problems(BASE.replace('        title: Basic', '        title: Basic\n        includes: [home]'))).toEqual(["11:20 connections[0].contexts[0].includes[0] unknown context 'home'; this connection has: basic"]);
    expect(problems(BASE.replace('  archetype: t', "  archetype: t\n  googleClientId: 100000000000000000123"))).toEqual([
      "4:19 app.googleClientId write the client id in quotes: YAML reads a 21-digit number inexactly (googleClientId: '123…')",
      '4:19 app.googleClientId expected a string, got number 100000000000000000000',
    ]);
    expect(problems('connections: []\n')).toEqual(["1:1  missing required field 'app' (the app's name, archetype, publisher…)", '1:14 connections must have at least 1 item']);
    expect(problems('app: [\n')[0]).toMatch(/^2:1  YAML syntax error/);
  });

  it('builds a context on the ones it includes (incremental consent)', () => {
    const m = loadManifest(new URL('../../examples/manifests/teams-governance.yaml', import.meta.url).pathname);
    const client = m.connections[0];
    expect(effectivePermissions(client, 'settings').map((p) => p.name)).toEqual(['openid', 'offline_access', 'email', 'profile', 'User.ReadBasic.All', 'Team.ReadBasic.All', 'Channel.ReadBasic.All']);
    expect(effectivePermissions(client, 'home')).toHaveLength(12);
  });
});
