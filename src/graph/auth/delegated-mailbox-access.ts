import type { Services } from '../../shared/services.js';
import type { MailboxPermissionRecord } from '../../store/types.js';

// A delegated caller reaching a mailbox that is not the signed-in user's own (semantics doc §4.3).
// Exchange requires BOTH:
//   (a) a `.Shared` scope in `scp` (Calendars.Read.Shared / Calendars.ReadWrite.Shared for calendars,
//       Mail.Read.Shared / Mail.ReadWrite.Shared for mail), and
//   (b) that the owner shared the folder with the user, made them a delegate, or gave them
//       FullAccess on the whole mailbox (Add-MailboxPermission).
// Missing either is 403 ErrorAccessDenied, including when (b) holds without (a) [O I4].

/** Graph's calendar roles for Exchange folder rights (mapping [I], doc §4.3.4). */
export type CalendarRole =
  | 'none'
  | 'freeBusyRead'
  | 'limitedRead'
  | 'read'
  | 'write'
  | 'delegateWithoutPrivateEventAccess'
  | 'delegateWithPrivateEventAccess'
  | 'owner';

/** What the call needs: free/busy only, reading items, creating items, or changing any item. */
export type MailboxNeed = 'freeBusy' | 'read' | 'create' | 'write';

export type MailboxFolder = 'calendar' | 'mail' | 'contacts';

export interface DelegatedMailboxAccess {
  allowed: boolean;
  /** How the access comes about. */
  via: 'owner' | 'FullAccess' | 'folder' | 'delegate' | 'organization' | null;
  /** Effective calendar role (drives how much of each item the caller sees). */
  role: CalendarRole;
  canViewPrivateItems: boolean;
  /** `.Shared` scopes that would have satisfied (a) when it was missing. */
  missingScopes: string[];
  reason: string;
}

const SHARED_SCOPES: Record<MailboxFolder, { read: string[]; write: string[] }> = {
  calendar: { read: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'], write: ['Calendars.ReadWrite.Shared'] },
  mail: { read: ['Mail.Read.Shared', 'Mail.ReadWrite.Shared'], write: ['Mail.ReadWrite.Shared'] },
  contacts: { read: ['Contacts.Read.Shared', 'Contacts.ReadWrite.Shared'], write: ['Contacts.ReadWrite.Shared'] },
};

const RANK: Record<CalendarRole, number> = {
  none: 0,
  freeBusyRead: 1,
  limitedRead: 2,
  read: 3,
  write: 4,
  delegateWithoutPrivateEventAccess: 5,
  delegateWithPrivateEventAccess: 6,
  owner: 7,
};

/** Exchange folder rights (+ sharing flags) → Graph calendar role. */
export function calendarRoleOf(p: Pick<MailboxPermissionRecord, 'rights' | 'sharingPermissionFlags'>): CalendarRole {
  switch (p.rights) {
    case 'AvailabilityOnly':
      return 'freeBusyRead';
    case 'LimitedDetails':
      return 'limitedRead';
    case 'Reviewer':
    case 'Author': // Author may also create items (handled by `need: 'create'`)
      return 'read';
    case 'Editor':
    case 'PublishingEditor':
    case 'Owner':
      if (p.sharingPermissionFlags.includes('Delegate')) {
        return p.sharingPermissionFlags.includes('CanViewPrivateItems') ? 'delegateWithPrivateEventAccess' : 'delegateWithoutPrivateEventAccess';
      }
      return 'write';
    case 'FullAccess':
      return 'owner';
  }
}

function roleSatisfies(role: CalendarRole, need: MailboxNeed, rights: string | null): boolean {
  switch (need) {
    case 'freeBusy':
      return RANK[role] >= RANK.freeBusyRead;
    case 'read':
      return RANK[role] >= RANK.read;
    case 'create':
      return RANK[role] >= RANK.write || rights === 'Author';
    case 'write':
      return RANK[role] >= RANK.write;
  }
}

export async function checkDelegatedMailboxAccess(
  s: Services,
  args: { tenantId: string; userId: string; mailboxId: string; need: MailboxNeed; folder: MailboxFolder; grantedLower: ReadonlySet<string> },
): Promise<DelegatedMailboxAccess> {
  const { tenantId, userId, mailboxId, need, folder, grantedLower } = args;
  if (userId.toLowerCase() === mailboxId.toLowerCase()) {
    return { allowed: true, via: 'owner', role: 'owner', canViewPrivateItems: true, missingScopes: [], reason: "the signed-in user's own mailbox" };
  }

  const perms = await s.stores.policies.listMailboxPermissions(tenantId, { mailboxId, granteeId: userId });
  const full = perms.find((p) => p.scope === 'mailbox' && p.rights === 'FullAccess');
  const folderPerm = folder === 'calendar' ? perms.find((p) => p.scope === 'calendar') : undefined;
  // The primary calendar always carries "My Organization" with free/busy (doc §4.3.6).
  let role: CalendarRole = folder === 'calendar' ? 'freeBusyRead' : 'none';
  let via: DelegatedMailboxAccess['via'] = folder === 'calendar' ? 'organization' : null;
  if (folderPerm && RANK[calendarRoleOf(folderPerm)] > RANK[role]) {
    role = calendarRoleOf(folderPerm);
    via = folderPerm.sharingPermissionFlags.includes('Delegate') ? 'delegate' : 'folder';
  }
  if (full) {
    role = 'owner';
    via = 'FullAccess';
  }
  const canViewPrivateItems = Boolean(full) || role === 'delegateWithPrivateEventAccess';

  // Free/busy is published to the organization; it needs no `.Shared` scope (getSchedule's rules).
  if (need === 'freeBusy') {
    return { allowed: roleSatisfies(role, need, null), via, role, canViewPrivateItems, missingScopes: [], reason: `free/busy via ${via ?? 'nothing'}` };
  }

  const shared = need === 'read' ? SHARED_SCOPES[folder].read : SHARED_SCOPES[folder].write;
  const hasShared = shared.some((sc) => grantedLower.has(sc.toLowerCase()));
  const rightsOk = roleSatisfies(role, need, folderPerm?.rights ?? null);
  if (!hasShared) {
    return {
      allowed: false,
      via,
      role,
      canViewPrivateItems,
      missingScopes: shared,
      reason: `another user's mailbox needs a .Shared scope (${shared.join(' or ')}) in the token${rightsOk ? ', even with the sharing in place' : ''}`,
    };
  }
  if (!rightsOk) {
    return {
      allowed: false,
      via,
      role,
      canViewPrivateItems,
      missingScopes: [],
      reason: `the mailbox owner has not shared the ${folder} with the user for ${need} access (role: ${role}); Exchange needs ${
        need === 'read' ? 'Reviewer' : 'Editor'
      } or higher on the folder, delegation, or FullAccess`,
    };
  }
  return { allowed: true, via, role, canViewPrivateItems, missingScopes: [], reason: `shared via ${via}` };
}
