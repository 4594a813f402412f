import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { SCOPE, api, enc, requestToken, tokenFor } from './helpers.js';

// The demo tenant's Google side (examples/demo-tenant.yaml): the room-signage Google model as the
// vendor documents it, seeded as `tenantbox up` seeds it.

const DEMO = readFileSync(new URL('../../examples/demo-tenant.yaml', import.meta.url), 'utf8');
const SIGNAGE = [SCOPE('calendar'), SCOPE('calendar.events'), SCOPE('admin.directory.resource.calendar.readonly')];

let tb: GoogleTestbox;
let token: string;
beforeAll(async () => {
  tb = await startGoogleTenantbox(DEMO);
  token = await tokenFor(tb, 'room-signage', SIGNAGE, 'svc-signage@contoso.test');
});
afterAll(async () => tb?.cleanup());

describe('demo tenant, Google side', () => {
  it('delegates exactly the three documented scopes to the signage service account', async () => {
    const contoso = tb.seed.tenants.find((t) => t.domain === 'contoso.test')!;
    expect(contoso.customerId).toBe('C05eedc0c');
    const dwd = await tb.stores.google!.directory.listDwd(contoso.tenantId);
    expect(dwd.map((d) => d.scopes)).toEqual([SIGNAGE]);
    const more = await requestToken(tb, contoso.serviceAccounts[0]!.keyFile, { scopes: [...SIGNAGE, SCOPE('calendar.readonly')], sub: 'svc-signage@contoso.test' });
    expect(more.body.error).toBe('unauthorized_client');
  });

  it('lists the rooms of both buildings, and a clashing booking was declined', async () => {
    const rooms = (await api(tb, token, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars?query=buildingId%3Dharbour')).body.items;
    expect(rooms.map((r: any) => r.resourceName)).toEqual(['Anchor', 'Lantern', 'Quay', 'Wharf']);
    const buildings = (await api(tb, token, 'GET', '/admin/directory/v1/customer/C05eedc0c/resources/buildings')).body.buildings;
    expect(buildings.map((b: any) => [b.buildingId, b.floorNames])).toEqual([
      ['hq', ['1', '2', '3', '4']],
      ['harbour', ['0', '1', '2', '3']],
    ]);
    const orion = (await api(tb, token, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars/hq-orion')).body;
    expect(orion.generatedResourceName).toBe('HQ-2-Orion (8) [65" display, Video conference]');
    // Campaign sync clashes with Marketing weekly in Orion: the room declined it.
    const alex = await tokenFor(tb, 'room-signage', SIGNAGE, 'alex@contoso.test');
    const sync = (await api(tb, alex, 'GET', '/calendar/v3/calendars/primary/events?q=Campaign')).body.items[0];
    expect(sync.attendees.find((a: any) => a.resource)).toMatchObject({ displayName: 'Orion', responseStatus: 'declined' });
    const inOrion = (await api(tb, token, 'GET', `/calendar/v3/calendars/${enc(orion.resourceEmail)}/events?singleEvents=true&orderBy=startTime&maxResults=3`)).body.items;
    expect(inOrion.map((e: any) => e.summary)).toEqual(['Marketing weekly', 'Marketing weekly', 'Marketing weekly']);
  });

  it('keeps the boardroom to its ACL, leaves its bookings for approval, and shows the town hall publicly', async () => {
    const kiosk = await tokenFor(tb, 'room-signage', SIGNAGE, 'lobby-kiosk@contoso.test');
    const board = (await api(tb, token, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars/hq-cassiopeia')).body.resourceEmail;
    expect((await api(tb, kiosk, 'GET', `/calendar/v3/calendars/${enc(board)}/events`)).status).toBe(404);
    const lynne = await tokenFor(tb, 'room-signage', SIGNAGE, 'lynne@contoso.test');
    const boardEvents = await api(tb, lynne, 'GET', `/calendar/v3/calendars/${enc(board)}/events`);
    expect(boardEvents.body.accessRole).toBe('owner');
    const leadership = boardEvents.body.items.find((e: any) => e.summary === 'Leadership team');
    expect(leadership.attendees.find((a: any) => a.resource).responseStatus).toBe('needsAction');
    const anchor = (await api(tb, token, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars/harbour-anchor')).body.resourceEmail;
    const hall = await api(tb, kiosk, 'GET', `/calendar/v3/calendars/${enc(anchor)}/events`);
    expect(hall.body.accessRole).toBe('reader');
    expect(hall.body.items.map((e: any) => e.summary)).toEqual(['All-hands']);
    const wharf = (await api(tb, token, 'GET', '/admin/directory/v1/customer/my_customer/resources/calendars/harbour-wharf')).body.resourceEmail;
    const cleaning = (await api(tb, token, 'GET', `/calendar/v3/calendars/${enc(wharf)}/events`)).body.items[0];
    expect(cleaning).toMatchObject({ summary: 'Carpet cleaning', organizer: { email: wharf, displayName: expect.stringContaining('Wharf'), self: true } });
  });
});
