import { createHash } from 'node:crypto';
import type { Services } from '../../shared/services.js';
import type { OnlineMeetingRecord } from '../../store/meetings/types.js';
import type { TenantRecord, UserRecord } from '../../store/types.js';
import type { Body } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import type { CollectionSpec, PropertySpec } from '../odata/collection.js';

// The onlineMeeting resource (graph-docs onlinemeeting.md, application-post-onlinemeetings.md):
// what a create or update body may set, and what tenantbox fills in (join URL, meeting id and
// passcode, chat thread). No audio conferencing (no dial-in licence) and no live events.

/** Properties a create or update may set, with their JSON type. */
const WRITABLE: Record<string, 'string' | 'boolean' | 'object' | 'datetime'> = {
  subject: 'string',
  startDateTime: 'datetime',
  endDateTime: 'datetime',
  participants: 'object',
  lobbyBypassSettings: 'object',
  allowedPresenters: 'string',
  isEntryExitAnnounced: 'boolean',
  allowMeetingChat: 'string',
  allowTeamworkReactions: 'boolean',
  allowAttendeeToEnableCamera: 'boolean',
  allowAttendeeToEnableMic: 'boolean',
  allowRecording: 'boolean',
  allowTranscription: 'boolean',
  recordAutomatically: 'boolean',
  joinMeetingIdSettings: 'object',
  chatRestrictions: 'object',
  watermarkProtection: 'object',
};
/** Accepted on create and ignored, as Graph generates them. */
const READ_ONLY = new Set(['id', 'creationDateTime', 'joinWebUrl', 'joinUrl', 'chatInfo', 'joinInformation', 'audioConferencing', 'videoTeleconferenceId', '@odata.type']);

const PROPERTIES = [
  'id',
  'creationDateTime',
  'startDateTime',
  'endDateTime',
  'joinWebUrl',
  'subject',
  'externalId',
  'isBroadcast',
  'broadcastSettings',
  'isEntryExitAnnounced',
  'allowedPresenters',
  'allowMeetingChat',
  'allowTeamworkReactions',
  'allowAttendeeToEnableCamera',
  'allowAttendeeToEnableMic',
  'allowRecording',
  'allowTranscription',
  'recordAutomatically',
  'videoTeleconferenceId',
  'audioConferencing',
  'chatInfo',
  'chatRestrictions',
  'joinInformation',
  'joinMeetingIdSettings',
  'lobbyBypassSettings',
  'participants',
  'watermarkProtection',
];

const none: PropertySpec = {};
export const MEETING_SPEC: CollectionSpec = {
  type: 'onlineMeeting',
  resourceName: 'onlineMeeting',
  entitySet: 'onlineMeetings',
  properties: {
    ...Object.fromEntries(PROPERTIES.map((p) => [p, none])),
    joinWebUrl: { filter: ['eq'] },
    'joinMeetingIdSettings/joinMeetingId': { filter: ['eq'] },
  },
  defaultSelect: PROPERTIES,
  pageSize: 100,
  maxTop: 100,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};

export function readMeetingBody(body: Body, mode: 'create' | 'update' | 'createOrGet'): Body {
  const out: Body = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'externalId' && mode === 'createOrGet') {
      if (typeof v !== 'string' || v === '') throw graphErrors.invalidProperty(k, 'onlineMeeting');
      out[k] = v;
      continue;
    }
    const type = WRITABLE[k];
    if (!type) {
      if (READ_ONLY.has(k) && mode !== 'update') continue;
      throw graphErrors.badRequest(
        `The property '${k}' does not exist on type 'microsoft.graph.onlineMeeting'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    const ok =
      v === null ||
      (type === 'string' && typeof v === 'string') ||
      (type === 'boolean' && typeof v === 'boolean') ||
      (type === 'object' && typeof v === 'object' && !Array.isArray(v)) ||
      (type === 'datetime' && typeof v === 'string' && !Number.isNaN(Date.parse(v)));
    if (!ok) throw graphErrors.invalidProperty(k, 'onlineMeeting');
    out[k] = type === 'datetime' && typeof v === 'string' ? new Date(v).toISOString().replace(/\.000Z$/, 'Z') : v;
  }
  return out;
}

interface IdentityRef {
  upn?: unknown;
  role?: unknown;
  identity?: { user?: { id?: unknown; displayName?: unknown } };
}

function identity(tenant: TenantRecord, u: UserRecord | undefined, fallback: IdentityRef, role: string): Record<string, unknown> {
  const id = u?.id ?? (typeof fallback.identity?.user?.id === 'string' ? fallback.identity.user.id : null);
  return {
    upn: u?.userPrincipalName ?? (typeof fallback.upn === 'string' ? fallback.upn : null),
    role,
    identity: { user: { id, displayName: null, tenantId: u ? tenant.id : null, identityProvider: 'AAD' } },
  };
}

/** Resolves `participants.attendees` against the directory (by object id or upn). */
export async function resolveParticipants(
  s: Services,
  tenant: TenantRecord,
  organizer: UserRecord,
  participants: unknown,
): Promise<{ participants: Record<string, unknown>; attendeeIds: string[] }> {
  const given = (participants ?? {}) as { attendees?: unknown };
  if (given.attendees !== undefined && !Array.isArray(given.attendees)) throw graphErrors.invalidProperty('attendees', 'meetingParticipants');
  const attendees: Record<string, unknown>[] = [];
  const attendeeIds: string[] = [];
  for (const a of (given.attendees ?? []) as IdentityRef[]) {
    if (!a || typeof a !== 'object') throw graphErrors.invalidProperty('attendees', 'meetingParticipants');
    const key = typeof a.identity?.user?.id === 'string' ? a.identity.user.id : typeof a.upn === 'string' ? a.upn : undefined;
    const u = key ? await s.stores.directory.getUser(tenant.id, key) : undefined;
    if (u) attendeeIds.push(u.id);
    attendees.push(identity(tenant, u, a, typeof a.role === 'string' ? a.role : 'attendee'));
  }
  return { participants: { organizer: identity(tenant, organizer, {}, 'presenter'), attendees }, attendeeIds };
}

/** A new meeting of `organizer` from a validated create body. */
export async function buildMeeting(s: Services, tenant: TenantRecord, organizer: UserRecord, body: Body): Promise<OnlineMeetingRecord> {
  const now = s.clock.nowDate();
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = Buffer.from(`1*${organizer.id}*0**19:meeting_${s.ids.token(24)}@thread.v2`).toString('base64url');
  const thread = `19:meeting_${createHash('sha256').update(id).digest('base64url').slice(0, 40)}@thread.v2`;
  const context = encodeURIComponent(JSON.stringify({ Tid: tenant.id, Oid: organizer.id }));
  const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${context}`;
  const joinMeetingId = String(BigInt(`0x${createHash('sha256').update(`${id}:join`).digest('hex').slice(0, 12)}`) % 10n ** 12n).padStart(12, '1');
  const settings = (body.joinMeetingIdSettings ?? {}) as { isPasscodeRequired?: unknown };
  const passcodeRequired = settings.isPasscodeRequired === true;
  const { participants, attendeeIds } = await resolveParticipants(s, tenant, organizer, body.participants);
  const start = typeof body.startDateTime === 'string' ? body.startDateTime : iso(now);
  const end = typeof body.endDateTime === 'string' ? body.endDateTime : iso(new Date(Date.parse(start) + 3_600_000));
  const data: Record<string, unknown> = {
    id,
    creationDateTime: iso(now),
    startDateTime: start,
    endDateTime: end,
    joinWebUrl,
    subject: typeof body.subject === 'string' ? body.subject : null,
    externalId: typeof body.externalId === 'string' ? body.externalId : null,
    isBroadcast: false,
    broadcastSettings: null,
    isEntryExitAnnounced: body.isEntryExitAnnounced ?? false,
    allowedPresenters: body.allowedPresenters ?? 'everyone',
    allowMeetingChat: body.allowMeetingChat ?? 'enabled',
    allowTeamworkReactions: body.allowTeamworkReactions ?? true,
    allowAttendeeToEnableCamera: body.allowAttendeeToEnableCamera ?? true,
    allowAttendeeToEnableMic: body.allowAttendeeToEnableMic ?? true,
    allowRecording: body.allowRecording ?? true,
    allowTranscription: body.allowTranscription ?? true,
    recordAutomatically: body.recordAutomatically ?? false,
    videoTeleconferenceId: null,
    audioConferencing: null,
    chatInfo: { threadId: thread, messageId: '0', replyChainMessageId: null },
    chatRestrictions: body.chatRestrictions ?? null,
    joinInformation: {
      content: `data:text/html,${encodeURIComponent(`<div><a href="${joinWebUrl}">Join the meeting now</a><br/>Meeting ID: ${joinMeetingId}</div>`)}`,
      contentType: 'html',
    },
    joinMeetingIdSettings: { isPasscodeRequired: passcodeRequired, joinMeetingId, passcode: passcodeRequired ? s.ids.token(6).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 6) : null },
    lobbyBypassSettings: body.lobbyBypassSettings ?? { scope: 'organization', isDialInBypassEnabled: false },
    participants,
    watermarkProtection: body.watermarkProtection ?? null,
  };
  return {
    tenantId: tenant.id,
    id,
    organizerId: organizer.id,
    attendeeIds,
    joinWebUrl,
    joinMeetingId,
    externalId: typeof body.externalId === 'string' ? body.externalId : null,
    createdMs: now.getTime(),
    data,
  };
}

/** The meeting after a validated update body. */
export async function applyMeetingUpdate(s: Services, tenant: TenantRecord, organizer: UserRecord, m: OnlineMeetingRecord, body: Body): Promise<OnlineMeetingRecord> {
  const data = { ...m.data };
  let attendeeIds = m.attendeeIds;
  for (const [k, v] of Object.entries(body)) {
    if (k === 'participants') {
      const r = await resolveParticipants(s, tenant, organizer, v);
      data.participants = r.participants;
      attendeeIds = r.attendeeIds;
    } else if (k === 'joinMeetingIdSettings') {
      const cur = data.joinMeetingIdSettings as { joinMeetingId: string; passcode: string | null };
      const required = (v as { isPasscodeRequired?: unknown } | null)?.isPasscodeRequired === true;
      data.joinMeetingIdSettings = { isPasscodeRequired: required, joinMeetingId: cur.joinMeetingId, passcode: required ? (cur.passcode ?? s.ids.token(6).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 6)) : null };
    } else data[k] = v;
  }
  return { ...m, attendeeIds, data };
}

/** Whether a user (object id) may read the meeting: its organizer or one of its attendees. */
export function canRead(m: OnlineMeetingRecord, userId: string): boolean {
  const u = userId.toLowerCase();
  return m.organizerId.toLowerCase() === u || m.attendeeIds.some((a) => a.toLowerCase() === u);
}

/** `@odata.context` entity set of a user's meetings, as Graph names it. */
export const meetingsEntitySet = (userId: string): string => `users('${userId}')/onlineMeetings`;
