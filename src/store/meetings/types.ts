// Teams online meetings created through Graph (/me/onlineMeetings, /users/{id}/onlineMeetings).
// They are standalone: no calendar event refers to them (graph-docs application-post-onlinemeetings).

export interface OnlineMeetingRecord {
  tenantId: string;
  id: string;
  organizerId: string;
  /** User object ids of the attendees (they may read the meeting too). */
  attendeeIds: string[];
  joinWebUrl: string;
  joinMeetingId: string;
  /** createOrGet's key, unique per organizer. */
  externalId: string | null;
  createdMs: number;
  /** Graph's onlineMeeting resource (id included). */
  data: Record<string, unknown>;
}

export interface OnlineMeetingStore {
  get(tenantId: string, id: string): Promise<OnlineMeetingRecord | undefined>;
  put(meeting: OnlineMeetingRecord): Promise<void>;
  delete(tenantId: string, id: string): Promise<boolean>;
  listByOrganizer(tenantId: string, organizerId: string): Promise<OnlineMeetingRecord[]>;
  findByJoinWebUrl(tenantId: string, joinWebUrl: string): Promise<OnlineMeetingRecord | undefined>;
  findByExternalId(tenantId: string, organizerId: string, externalId: string): Promise<OnlineMeetingRecord | undefined>;
  /** Meetings created with since <= createdMs < until (the usage reports count them). */
  listCreated(tenantId: string, sinceMs: number, untilMs: number): Promise<OnlineMeetingRecord[]>;
}
