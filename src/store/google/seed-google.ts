import { createHash } from 'node:crypto';
import { getCatalog } from '../../catalog/index.js';
import { hashPassword } from '../seed/password.js';
import { saveEvent } from '../../google/calendar/booking.js';
import { buildEvent } from '../../google/calendar/event-model.js';
import type { GoogleContext } from '../../google/context.js';
import { createResourceCalendar } from '../../google/directory/resource-calendar.js';
import type { Clock } from '../../shared/clock.js';
import { hashSecret, type Ids } from '../../shared/ids.js';
import type { GoogleSpec, LoadedTenantFile, TenantSpec } from '../../tenant-file/types.js';
import type { Stores } from '../types.js';
import { ensureServiceAccountKey, keyFileJson, keyFilePath, writeKeyFile } from './key-file.js';
import type { CalendarRole, GoogleCalendarRecord, GoogleCustomerRecord, GoogleKeyRecord } from './types.js';

// Seeds the Google side of each tenant that has a `google:` section, after seedTenants has created
// the tenants (Google state hangs off the tenant's id). Ids come from the loader (derived from
// natural keys), so a reset gives the same ids; service-account keys are kept (see key-file.ts).
// Events go through the same booking code as events.insert: resources accept or decline seeded
// meetings by availability, in file order.

export interface GoogleSeedOptions {
  clock: Clock;
  ids: Ids;
  /** Key files are written to <dataDir>/google/<name>.json. */
  dataDir: string;
}

export interface GoogleSeedSummary {
  tenants: {
    tenantId: string;
    domain: string;
    customerId: string;
    users: number;
    resources: number;
    events: number;
    serviceAccounts: { name: string; clientEmail: string; clientId: string; keyFile: string }[];
  }[];
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export async function seedGoogle(stores: Stores, file: LoadedTenantFile, opts: GoogleSeedOptions): Promise<GoogleSeedSummary> {
  const summary: GoogleSeedSummary = { tenants: [] };
  const withGoogle = file.tenants.filter((t) => t.google);
  if (withGoogle.length === 0) return summary;
  const google = stores.google;
  if (!google) throw new Error('seedGoogle: the Google stores are not wired (Stores.google); see src/store/google/index.ts');
  const g: GoogleContext = { stores: google, audit: stores.audit, clock: opts.clock, ids: opts.ids, catalog: getCatalog().google };
  for (const t of withGoogle) {
    const tenant = await stores.directory.getTenant(t.id ?? t.domain);
    if (!tenant) throw new Error(`seedGoogle: tenant ${t.domain} is not seeded yet; call seedTenants first`);
    summary.tenants.push(await google.transaction(() => seedOne(g, tenant.id, t, t.google!, opts)));
  }
  return summary;
}

type Keys = Map<string, Promise<GoogleKeyRecord>>;

async function seedOne(g: GoogleContext, tenantId: string, t: TenantSpec, spec: GoogleSpec, opts: GoogleSeedOptions): Promise<GoogleSeedSummary['tenants'][number]> {
  // Making an RSA key is the slowest step of a first start (≈100-300 ms each): begin now, on the
  // thread pool, and seed the rest meanwhile. If seeding fails, the keys are waited for before
  // the transaction ends, so none is stored after its rollback (or into the next transaction).
  const keys: Keys = new Map(
    spec.serviceAccounts.map((sa) => [sa.name, ensureServiceAccountKey(g.stores.keys, { clientEmail: sa.email }, keyFilePath(opts.dataDir, sa.name), opts.clock.nowDate())] as const),
  );
  // Observed at once: a key failing while seeding has not reached it yet must not crash the process.
  for (const k of keys.values()) k.catch(() => undefined);
  try {
    return await seedWith(g, tenantId, t, spec, opts, keys);
  } catch (e) {
    await Promise.allSettled(keys.values());
    throw e;
  }
}

async function seedWith(g: GoogleContext, tenantId: string, t: TenantSpec, spec: GoogleSpec, opts: GoogleSeedOptions, keys: Keys): Promise<GoogleSeedSummary['tenants'][number]> {
  const s = g.stores;
  const now = opts.clock.nowDate().toISOString();
  const customer: GoogleCustomerRecord = { tenantId, customerId: spec.customerId, domain: spec.domain, timeZone: t.timeZone, sharing: spec.sharing, creationTime: now };
  await s.directory.putCustomer(customer);

  const primary = async (email: string, role: CalendarRole) => {
    const cal: GoogleCalendarRecord = { tenantId, id: email, kind: 'primary', ownerEmail: email, summary: email, timeZone: t.timeZone, createdByClientId: null, etagSeq: 1 };
    await s.calendars.putCalendar(cal);
    await s.calendars.putAcl({ tenantId, calendarId: email, ruleId: `user:${email}`, scopeType: 'user', scopeValue: email, role: 'owner', etagSeq: 1 });
    if (role !== 'none') await s.calendars.putAcl({ tenantId, calendarId: email, ruleId: `domain:${spec.domain}`, scopeType: 'domain', scopeValue: spec.domain, role, etagSeq: 1 });
    await s.calendars.putCalendarListEntry({ tenantId, principal: email, calendarId: email, primary: true, selected: true, defaultReminders: [{ method: 'popup', minutes: 10 }], etagSeq: 1 });
  };

  const hashes = Promise.all(spec.users.map((u) => (u.password === undefined ? null : hashPassword(u.password))));
  hashes.catch(() => undefined);
  for (const [i, u] of spec.users.entries()) {
    await s.directory.putUser({
      tenantId,
      id: u.id,
      primaryEmail: u.email,
      givenName: u.givenName,
      familyName: u.familyName,
      fullName: u.fullName,
      isAdmin: u.admin,
      suspended: u.suspended,
      passwordHash: (await hashes)[i]!,
      creationTime: now,
    });
    await primary(u.email, spec.sharing.primaryCalendars);
  }
  for (const gr of spec.groups) {
    await s.directory.putGroup({ tenantId, id: gr.id, email: gr.email, name: gr.name, description: gr.description ?? '', members: gr.members, creationTime: now });
  }
  for (const b of spec.buildings) {
    await s.directory.putBuilding({ tenantId, buildingId: b.id, buildingName: b.name, description: b.description ?? '', floorNames: b.floors, ...(b.address ? { address: b.address } : {}) });
  }
  for (const r of spec.resources) {
    const rec = {
      tenantId,
      resourceId: r.id,
      resourceName: r.name,
      resourceEmail: r.email,
      resourceCategory: r.category,
      features: r.features,
      autoAccept: r.autoAccept,
      etagSeq: 1,
      ...(r.type ? { resourceType: r.type } : {}),
      ...(r.description ? { resourceDescription: r.description } : {}),
      ...(r.userVisibleDescription ? { userVisibleDescription: r.userVisibleDescription } : {}),
      ...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
      ...(r.building ? { buildingId: r.building } : {}),
      ...(r.floor ? { floorName: r.floor } : {}),
      ...(r.section ? { floorSection: r.section } : {}),
    };
    await s.directory.putResource(rec);
    await createResourceCalendar(g, customer, rec, t.timeZone);
  }

  const serviceAccounts: GoogleSeedSummary['tenants'][number]['serviceAccounts'] = [];
  for (const sa of spec.serviceAccounts) {
    const file = keyFilePath(opts.dataDir, sa.name);
    const record = { tenantId, name: sa.name, clientEmail: sa.email, clientId: sa.clientId, projectId: sa.projectId, displayName: sa.displayName, keyFile: file };
    const key = await keys.get(sa.name)!;
    writeKeyFile(file, keyFileJson(record, key));
    await s.directory.putServiceAccount(record);
    // A service account acting as itself has a calendar of its own (and nothing shared with it by default).
    await primary(sa.email, 'none');
    serviceAccounts.push({ name: sa.name, clientEmail: sa.email, clientId: sa.clientId, keyFile: file });
  }

  for (const c of spec.calendars) {
    await s.calendars.putCalendar({ tenantId, id: c.id, kind: 'secondary', ownerEmail: c.owner, summary: c.name, timeZone: c.timeZone, createdByClientId: null, etagSeq: 1, ...(c.description ? { description: c.description } : {}) });
    await s.calendars.putAcl({ tenantId, calendarId: c.id, ruleId: `user:${c.owner}`, scopeType: 'user', scopeValue: c.owner, role: 'owner', etagSeq: 1 });
    if (spec.sharing.primaryCalendars !== 'none') {
      await s.calendars.putAcl({ tenantId, calendarId: c.id, ruleId: `domain:${spec.domain}`, scopeType: 'domain', scopeValue: spec.domain, role: spec.sharing.primaryCalendars, etagSeq: 1 });
    }
    await s.calendars.putCalendarListEntry({ tenantId, principal: c.owner, calendarId: c.id, selected: true, defaultReminders: [], etagSeq: 1 });
  }

  for (const o of spec.oauthClients) {
    await s.directory.putOAuthClient({ tenantId, clientId: o.clientId, name: o.name, secretHash: hashSecret(o.secret), redirectUris: o.redirectUris });
  }
  for (const d of spec.domainWideDelegation) await s.directory.putDwd({ tenantId, clientId: d.clientId, scopes: d.scopes });

  for (const a of spec.acl) {
    const ruleId = a.scope.type === 'default' ? 'default' : `${a.scope.type}:${a.scope.value}`;
    await s.calendars.putAcl({ tenantId, calendarId: a.calendar, ruleId, scopeType: a.scope.type, ...('value' in a.scope ? { scopeValue: a.scope.value } : {}), role: a.role, etagSeq: 1 });
    if (a.scope.type === 'user' && a.role !== 'none' && spec.users.some((u) => 'value' in a.scope && u.email === a.scope.value)) {
      const principal = (a.scope as { value: string }).value;
      if (!(await s.calendars.getCalendarListEntry(tenantId, principal, a.calendar))) {
        await s.calendars.putCalendarListEntry({ tenantId, principal, calendarId: a.calendar, defaultReminders: [], etagSeq: 1 });
      }
    }
  }

  let events = 0;
  for (const [i, e] of spec.events.entries()) {
    const cal = (await s.calendars.getCalendar(tenantId, e.calendar))!;
    const organizer = e.organizer ? spec.users.find((u) => u.email === e.organizer) : undefined;
    const time = (v: string) => (e.allDay ? { date: v } : { dateTime: v, timeZone: e.timeZone });
    const input: Record<string, unknown> = { summary: e.summary, start: time(e.start), end: time(e.end), visibility: e.visibility, transparency: e.transparency };
    if (e.description !== undefined) input.description = e.description;
    if (e.location !== undefined) input.location = e.location;
    if (e.recurrence) input.recurrence = e.recurrence;
    if (e.attendees.length) input.attendees = e.attendees.map((a) => ({ email: a.email, ...(a.optional ? { optional: true } : {}) }));
    const id = e.id ?? seededEventId(spec.domain, i, e.summary);
    const built = buildEvent(cal, input, {}, { id, now, creator: e.organizer ?? cal.id });
    await saveEvent(g, cal, built, { actor: organizer ? { email: organizer.email, isAdmin: organizer.admin } : null });
    events++;
  }

  return { tenantId, domain: spec.domain, customerId: spec.customerId, users: spec.users.length, resources: spec.resources.length, events, serviceAccounts };
}

/** Stable event ids (26 base32hex characters), so a reset gives seeded events the same ids. */
function seededEventId(domain: string, index: number, summary: string): string {
  const h = createHash('sha256').update(`event:${domain}:${index}:${summary}`).digest();
  let out = '';
  for (let i = 0; i < 26; i++) out += BASE32HEX[h[i]! % 32];
  return out;
}
