// Table shapes of the Google tables for kysely's query builder (see migration.ts).

export interface GoogleObjectsTable {
  tenant_id: string;
  kind: string;
  id: string;
  lookup: string | null;
  data: string;
}

export interface GoogleEventsTable {
  tenant_id: string;
  calendar_id: string;
  id: string;
  seq: number;
  status: string;
  start_ms: number;
  end_ms: number;
  recurring_event_id: string | null;
  ical_uid: string;
  data: string;
}

export interface GoogleTokensTable {
  hash: string;
  kind: string;
  tenant_id: string;
  expires_at: number;
  consumed_at: number | null;
  data: string;
}

export interface GoogleKeyMaterialTable {
  client_email: string;
  data: string;
}

export interface GoogleDB {
  google_objects: GoogleObjectsTable;
  google_events: GoogleEventsTable;
  google_tokens: GoogleTokensTable;
  google_key_material: GoogleKeyMaterialTable;
}
