import type { Services } from '../../../shared/services.js';
import type { CalendarRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';

// Mailboxes and their calendars. Every user with a mailbox and every room has a default calendar
// (the seeder creates it); one is created on first use for a mailbox that lacks it. Calendars are
// addressed through their owner: another mailbox's calendar id is "not found", as in Exchange.

export async function defaultCalendar(s: Services, owner: UserRecord): Promise<CalendarRecord> {
  const found = await s.stores.events.getDefaultCalendar(owner.tenantId, owner.id);
  if (found) return found;
  const cal: CalendarRecord = { tenantId: owner.tenantId, id: s.ids.uuid(), ownerId: owner.id, name: 'Calendar', isDefault: true, color: 'auto', changeKey: s.ids.token(12) };
  await s.stores.events.putCalendar(cal);
  return cal;
}

/** A calendar of this mailbox by id (404 ErrorItemNotFound otherwise). */
export async function calendarOf(s: Services, owner: UserRecord, calendarId: string | undefined): Promise<CalendarRecord> {
  if (calendarId === undefined) return defaultCalendar(s, owner);
  const cal = await s.stores.events.getCalendar(owner.tenantId, calendarId);
  if (!cal || cal.ownerId !== owner.id) throw graphErrors.itemNotFound();
  return cal;
}

/** A mailbox (user with a licence, or room) by address; undefined for outside addresses and others. */
export async function mailboxByAddress(s: Services, tenantId: string, address: string): Promise<UserRecord | undefined> {
  const u = await s.stores.directory.getUser(tenantId, address.toLowerCase());
  return u && (u.kind === 'room' || u.mailbox) ? u : undefined;
}

/**
 * The mailboxes an attendee address stands for: the user or room, or a group's members with a
 * mailbox (nested groups too), as Exchange expands a distribution list when it sends the invitation.
 */
export async function mailboxesFor(s: Services, tenantId: string, address: string): Promise<UserRecord[]> {
  const direct = await mailboxByAddress(s, tenantId, address);
  if (direct) return [direct];
  const group = await s.stores.directory.getGroup(tenantId, address.toLowerCase());
  if (!group || group.isRoomList) return [];
  const out = new Map<string, UserRecord>();
  const seen = new Set<string>();
  const walk = async (groupId: string) => {
    if (seen.has(groupId)) return;
    seen.add(groupId);
    for (const m of await s.stores.directory.listMembers(tenantId, groupId)) {
      if (m.type === 'group') await walk(m.id);
      else {
        const u = await s.stores.directory.getUser(tenantId, m.id);
        if (u && (u.kind === 'room' || u.mailbox)) out.set(u.id, u);
      }
    }
  };
  await walk(group.id);
  return [...out.values()];
}

export function addressOf(u: UserRecord): string {
  return (u.mail ?? u.userPrincipalName).toLowerCase();
}
