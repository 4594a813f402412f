// Table shapes for kysely's query builder. One table per aggregate root (plus join tables).
// Indexed columns hold ids, the tenant id and the natural keys used for lookups (lower-cased);
// `data` holds the whole record as JSON, so an optional field added to a record type in
// ../types.ts needs no migration. Events are the exception: they are the million-row table, so
// their record fields are columns and `data` holds only the Graph body.
// Column names are snake_case and types portable (text/integer), so a PostgreSQL dialect can
// compile the same queries.

import type { Generated } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}

export interface StableIdsTable {
  scope: string;
  natural_key: string;
  id: string;
}

export interface TenantsTable {
  id: string;
  domain: string;
  data: string;
}

export interface UsersTable {
  tenant_id: string;
  id: string;
  kind: string;
  upn: string;
  mail: string | null;
  data: string;
}

export interface GroupsTable {
  tenant_id: string;
  id: string;
  mail: string | null;
  data: string;
}

export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  relation: string; // 'member' | 'owner'
  member_id: string;
  member_type: string; // 'user' | 'group'
}

export interface ApplicationsTable {
  tenant_id: string;
  id: string;
  app_id: string;
  data: string;
}

export interface AppIdentifierUrisTable {
  uri: string; // lower-case
  tenant_id: string;
  application_id: string;
}

export interface ServicePrincipalsTable {
  tenant_id: string;
  id: string;
  app_id: string;
  data: string;
}

export interface DelegatedGrantsTable {
  tenant_id: string;
  id: string;
  client_id: string;
  resource_id: string;
  principal_id: string | null;
  data: string;
}

export interface AppRoleAssignmentsTable {
  tenant_id: string;
  id: string;
  principal_id: string;
  resource_id: string;
  data: string;
}

export interface MailboxPermissionsTable {
  tenant_id: string;
  id: string;
  mailbox_id: string;
  grantee_id: string;
  data: string;
}

export interface PolicyTable {
  tenant_id: string;
  id: string;
  data: string;
}

export interface CalendarsTable {
  tenant_id: string;
  id: string;
  owner_id: string;
  is_default: number;
  data: string;
}

export interface EventsTable {
  tenant_id: string;
  id: string;
  calendar_id: string;
  owner_id: string;
  ical_uid: string;
  type: string;
  series_master_id: string | null;
  start_ms: number;
  end_ms: number;
  created: string;
  modified: string;
  change_key: string;
  show_as: string;
  sensitivity: string;
  subject: string;
  location: string;
  is_cancelled: number;
  data: string;
}

/** Per calendar: the longest (end - start) of its non-master events, and whether it ever held a series master. */
export interface CalendarSpansTable {
  tenant_id: string;
  calendar_id: string;
  max_span_ms: number;
  has_masters: number;
}

export interface SigningKeysTable {
  tenant_id: string;
  kid: string;
  data: string;
}

export interface TokenGrantsTable {
  hash: string;
  kind: string;
  tenant_id: string;
  client_id: string;
  user_id: string | null;
  user_code: string | null;
  data: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface DB {
  meta: MetaTable;
  stable_ids: StableIdsTable;
  tenants: TenantsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  applications: ApplicationsTable;
  app_identifier_uris: AppIdentifierUrisTable;
  service_principals: ServicePrincipalsTable;
  delegated_grants: DelegatedGrantsTable;
  app_role_assignments: AppRoleAssignmentsTable;
  mailbox_permissions: MailboxPermissionsTable;
  application_access_policies: PolicyTable;
  teams_access_policies: PolicyTable;
  calendars: CalendarsTable;
  events: EventsTable;
  calendar_spans: CalendarSpansTable;
  signing_keys: SigningKeysTable;
  token_grants: TokenGrantsTable;
}

export interface AuditTable {
  seq: Generated<number>;
  time: string; // canonical ISO 8601 (toISOString), so text comparison orders by time
  tenant_id: string | null;
  app_id: string | null;
  data: string;
}

/** The audit log lives in its own database file: see open-sqlite.ts for why. */
export interface AuditDB {
  audit: AuditTable;
}
