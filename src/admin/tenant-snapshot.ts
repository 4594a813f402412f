import { z } from 'zod';
import type { Services } from '../shared/services.js';
import type {
  ApplicationRecord, AppRoleAssignmentRecord, ApplicationAccessPolicyRecord, CalendarRecord, EventRecord, GroupRecord,
  MailboxPermissionRecord, OAuth2PermissionGrantRecord, ServicePrincipalRecord, TeamsAccessPolicyRecord, TenantRecord, UserRecord,
} from '../store/types.js';

// A tenant's whole state as one JSON document: what `GET /_tenantbox/tenants/{t}/export` returns and
// `POST /_tenantbox/tenants/import` takes back (upsert by id). Tokens and the audit log are run
// state, not tenant state, and are left out.

export const SNAPSHOT_FORMAT = 'tenantbox.tenant-snapshot/1';

export interface TenantSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  exportedAt: string;
  tenant: TenantRecord;
  users: UserRecord[];
  groups: (GroupRecord & { members: { id: string; type: 'user' | 'group' }[]; owners: { id: string; type: 'user' | 'group' }[] })[];
  applications: ApplicationRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  oauth2PermissionGrants: OAuth2PermissionGrantRecord[];
  appRoleAssignments: AppRoleAssignmentRecord[];
  mailboxPermissions: MailboxPermissionRecord[];
  applicationAccessPolicies: ApplicationAccessPolicyRecord[];
  teamsAccessPolicies: TeamsAccessPolicyRecord[];
  calendars: CalendarRecord[];
  events: EventRecord[];
}

export async function exportTenant(s: Services, tenant: TenantRecord): Promise<TenantSnapshot> {
  const st = s.stores;
  const t = tenant.id;
  const users = await st.directory.listUsers(t);
  const groups = await Promise.all(
    (await st.directory.listGroups(t)).map(async (g) => ({
      ...g,
      members: await st.directory.listMembers(t, g.id, 'member'),
      owners: await st.directory.listMembers(t, g.id, 'owner'),
    })),
  );
  const calendars = (await Promise.all(users.map((u) => st.events.listCalendars(t, u.id)))).flat();
  const events = (await Promise.all(calendars.map((c) => st.events.listEvents(t, c.id)))).flat();
  return {
    format: SNAPSHOT_FORMAT,
    exportedAt: s.clock.nowDate().toISOString(),
    tenant,
    users,
    groups,
    applications: await st.apps.listApplications(t),
    servicePrincipals: await st.apps.listServicePrincipals(t),
    oauth2PermissionGrants: await st.grants.listDelegatedGrants(t),
    appRoleAssignments: await st.grants.listAppRoleAssignments(t),
    mailboxPermissions: await st.policies.listMailboxPermissions(t),
    applicationAccessPolicies: await st.policies.listApplicationAccessPolicies(t),
    teamsAccessPolicies: await st.policies.listTeamsAccessPolicies(t),
    calendars,
    events,
  };
}

// Only the envelope is checked structurally; records are trusted to be what export produced.
const SnapshotEnvelope = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    tenant: z.object({ id: z.string().min(1), domain: z.string().min(1) }).passthrough(),
    users: z.array(z.object({ id: z.string() }).passthrough()),
    groups: z.array(z.object({ id: z.string(), members: z.array(z.any()), owners: z.array(z.any()) }).passthrough()),
    applications: z.array(z.any()),
    servicePrincipals: z.array(z.any()),
    oauth2PermissionGrants: z.array(z.any()),
    appRoleAssignments: z.array(z.any()),
    mailboxPermissions: z.array(z.any()),
    applicationAccessPolicies: z.array(z.any()),
    teamsAccessPolicies: z.array(z.any()),
    calendars: z.array(z.any()),
    events: z.array(z.any()),
  })
  .passthrough();

export function parseSnapshot(body: unknown): TenantSnapshot | string {
  const r = SnapshotEnvelope.safeParse(body);
  if (r.success) return r.data as unknown as TenantSnapshot;
  const first = r.error.issues[0]!;
  return `Not a tenantbox tenant snapshot (${SNAPSHOT_FORMAT}): ${first.path.join('.') || '(root)'}: ${first.message}. Export one with GET /_tenantbox/tenants/{tenant}/export.`;
}

export async function importTenant(s: Services, snap: TenantSnapshot): Promise<Record<string, number>> {
  const st = s.stores;
  return st.transaction(async () => {
    await st.directory.putTenant(snap.tenant);
    for (const u of snap.users) await st.directory.putUser(u);
    for (const { members, owners, ...g } of snap.groups) {
      await st.directory.putGroup(g);
      for (const m of members) await st.directory.addMember(g.tenantId, g.id, m.id, m.type, 'member');
      for (const m of owners) await st.directory.addMember(g.tenantId, g.id, m.id, m.type, 'owner');
    }
    for (const a of snap.applications) await st.apps.putApplication(a);
    for (const sp of snap.servicePrincipals) await st.apps.putServicePrincipal(sp);
    for (const g of snap.oauth2PermissionGrants) await st.grants.putDelegatedGrant(g);
    for (const a of snap.appRoleAssignments) await st.grants.putAppRoleAssignment(a);
    for (const p of snap.mailboxPermissions) await st.policies.putMailboxPermission(p);
    for (const p of snap.applicationAccessPolicies) await st.policies.putApplicationAccessPolicy(p);
    for (const p of snap.teamsAccessPolicies) await st.policies.putTeamsAccessPolicy(p);
    for (const c of snap.calendars) await st.events.putCalendar(c);
    await st.events.putEvents(snap.events);
    return {
      users: snap.users.length,
      groups: snap.groups.length,
      applications: snap.applications.length,
      servicePrincipals: snap.servicePrincipals.length,
      grants: snap.oauth2PermissionGrants.length + snap.appRoleAssignments.length,
      policies: snap.mailboxPermissions.length + snap.applicationAccessPolicies.length + snap.teamsAccessPolicies.length,
      events: snap.events.length,
    };
  });
}
