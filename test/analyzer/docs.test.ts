import { describe, expect, it } from 'vitest';
import { analyze, fromAuditRecords } from '../../src/analyzer/index.js';
import { buildDocModel, generateDocs } from '../../src/docs-gen/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { app, google, user } from './helpers.js';

const manifest = (name: string) => loadManifest(new URL(`../../examples/manifests/${name}.yaml`, import.meta.url).pathname);

describe('tenantbox docs', () => {
  it('writes one table per connection model and context, with admin consent from the catalog', () => {
    const md = generateDocs(manifest('teams-governance'), 'md');
    expect(md).toContain('# Teams governance: permissions reference');
    for (const h of ['### Basic scope', '### Home scope', '### Catalog scope', '### Settings scope', '### Service account scope', '### Application scope']) expect(md).toContain(h);
    expect(md).toContain('| Permission | Type | Origin | Justification | Admin consent required |');
    expect(md).toContain('| `Channel.ReadBasic.All` | Delegated | Microsoft Graph | Lists the channels of those teams, for the Home tab. | No |');
    // The vendor says "Yes" for InformationProtectionPolicy.Read in the catalog scope; Microsoft's data says no.
    expect(md).toContain('| `InformationProtectionPolicy.Read` | Delegated | Microsoft Graph | Lets a catalog manager pick a sensitivity label (among those visible to them) for a team template. | No ⚠ (published: Yes) |');
    expect(md).toContain('No permissions of its own.');
  });

  it('gives the admin consent URL and each delegated context its incremental consent URL', () => {
    const md = generateDocs(manifest('teams-governance'), 'md', { tenant: 'contoso.onmicrosoft.com' });
    expect(md).toContain(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=5eedaa00-0000-4000-8000-000000000006&scope=https://graph.microsoft.com/.default&redirect_uri=http%3A%2F%2Flocalhost%3A3004%2Fauth%2Fcallback',
    );
    const model = buildDocModel(manifest('teams-governance'));
    const catalog = model.connections[0].contexts.find((c) => c.id === 'catalog')!.consentUrl!;
    expect(catalog).toMatch(/^https:\/\/login\.microsoftonline\.com\/\{tenant\}\/oauth2\/v2\.0\/authorize\?client_id=5eedaa00-0000-4000-8000-000000000006&response_type=code&/);
    // The catalog context asks for the basic scope it builds on plus its own permission.
    expect(new URL(catalog).searchParams.get('scope')).toBe('openid offline_access email profile User.ReadBasic.All Team.ReadBasic.All Channel.ReadBasic.All InformationProtectionPolicy.Read');
    // Application contexts have no /authorize URL: they are granted through admin consent.
    expect(model.connections[2].contexts[0].consentUrl).toBeUndefined();
  });

  it('gives the application access policy commands with the app id and the group to create', () => {
    const md = generateDocs(manifest('room-signage'), 'md');
    expect(md).toContain('New-DistributionGroup -Name "signage-rooms" -Type Security -Members');
    expect(md).toContain('New-ApplicationAccessPolicy -AppId 5eedaa00-0000-4000-8000-000000000003 -PolicyScopeGroupId "signage-rooms" -AccessRight RestrictAccess');
    expect(md).toContain('mail-enabled security group');
    expect(md).toContain('Add-MailboxPermission -Identity <room1@contoso.com> -User <service-account@contoso.com> -AccessRights FullAccess');
    // Domain-wide delegation: the client id and the exact scope list, comma-separated.
    expect(md).toContain('Client ID: 100000000000000000003');
    expect(md).toContain(
      'OAuth scopes (comma-delimited): https://www.googleapis.com/auth/calendar,https://www.googleapis.com/auth/admin.directory.resource.calendar.readonly,https://www.googleapis.com/auth/calendar.events',
    );
  });

  it('gives the Teams meeting policy commands when online meetings are app-only', () => {
    const md = generateDocs(manifest('workplace-booking'), 'md');
    expect(md).toContain('New-CsApplicationAccessPolicy -Identity "workplace-booking-meetings" -AppIds "5eedaa00-0000-4000-8000-000000000002"');
    expect(md).toContain('Grant-CsApplicationAccessPolicy -PolicyName "workplace-booking-meetings"');
    expect(md).toContain('| `full_access_as_app` | Application | Exchange Online (EWS) |');
  });

  it('with an audit report, shows the endpoints that needed each permission or warns that none did', () => {
    const m = manifest('room-signage');
    const report = analyze({
      ...fromAuditRecords([
        app('GET', '/v1.0/places/microsoft.graph.room'),
        app('GET', '/v1.0/users/room1@contoso.test/calendarView'),
        app('POST', '/v1.0/users/room1@contoso.test/calendar/events', { status: 201 }),
        google('GET', '/calendar/v3/calendars/room1%40contoso.test/events'),
      ]),
      manifest: m,
    });
    const md = generateDocs(m, 'md', { audit: JSON.parse(JSON.stringify(report)) });
    expect(md).toContain('| Permission | Type | Origin | Justification | Admin consent required | Evidence |');
    expect(md).toMatch(/\| `Place\.Read\.All` \|.*\| needed by 1 observed endpoint: GET \/places\/microsoft\.graph\.room \|/);
    expect(md).toMatch(/\| `Calendars\.ReadWrite` \|.*\| needed by 2 observed endpoints: GET \/users\/\{id\}\/calendarview, POST \/users\/\{id\}\/calendar\/events \|/);
    expect(md).toMatch(/\| `User\.Read\.All` \|.*\| ⚠ nothing observed needed it \|/);
    expect(md).toMatch(/\| `offline_access` \|.*\| sign-in scope; no API call needs it \|/);
    expect(md).toMatch(/\| `calendar` \|.*\| ⚠ calendar is more than needed: calendar\.events\.readonly allows/);
  });

  it('writes a self-contained HTML page', () => {
    const html = generateDocs(manifest('workplace-booking'), 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<table>');
    expect(html).not.toMatch(/<script|<link|\bsrc=|@import|url\(/i);
    expect(html).toContain('New-ApplicationAccessPolicy -AppId 5eedaa00-0000-4000-8000-000000000002');
  });

  it('keeps the manifest delegated model for a mixed audit', () => {
    const report = analyze({ ...fromAuditRecords([user('GET', '/v1.0/me')]), manifest: manifest('room-display') });
    const md = generateDocs(manifest('room-display'), 'md', { audit: report });
    expect(md).toMatch(/\| `User\.Read` \|.*\| needed by 1 observed endpoint: GET \/me \|/);
    expect(md).toMatch(/\| `Calendars\.ReadWrite` \|.*\| ⚠ nothing observed needed it \|/);
  });
});
