import type { FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize, type Authorization, type AuthorizeOptions } from '../auth/authorize.js';
import { checkDelegatedMailboxAccess, type CalendarRole, type MailboxNeed } from '../auth/delegated-mailbox-access.js';
import type { ResourceRule } from '../auth/resource-rules.js';
import { mailbox, type MailboxResource } from '../auth/mailbox-rule.js';

// Every calendar route's first line: `authorizeMailbox(req, id, need)` calls authorize() with the
// mailbox rule (existence, application access policies, delegated sharing) on the calendar folder,
// then works out what the caller may see of the items: everything for app-only tokens and the
// mailbox's owner, otherwise the role the owner shared (private items only with
// CanViewPrivateItems, a delegate flag, or FullAccess).

export interface MailboxAccess {
  auth: Authorization<UserRecord>;
  owner: UserRecord;
  role: CalendarRole;
  canViewPrivate: boolean;
  /** The signed-in user's own mailbox (delegated), or any mailbox of an app-only call. */
  full: boolean;
  /** Allowed by a Calendars.ReadBasic permission: no bodies. */
  basic: boolean;
}

export async function authorizeMailbox(
  req: FastifyRequest,
  id: string | undefined,
  need: MailboxNeed,
  opts: Pick<AuthorizeOptions, 'permissionsOf'> = {},
): Promise<MailboxAccess> {
  const auth = await authorize<UserRecord, MailboxResource>(req, { workload: 'outlook', resource: mailbox(id ?? 'me', { need, folder: 'calendar' }), ...opts });
  const owner = auth.target;
  const basic = /\.ReadBasic(\.|$)/i.test(auth.permission);
  const p = auth.principal;
  if (p.scheme === 'application' || p.userId?.toLowerCase() === owner.id.toLowerCase()) {
    return { auth, owner, role: 'owner', canViewPrivate: true, full: true, basic };
  }
  const access = await checkDelegatedMailboxAccess(req.graph.ctx.s, {
    tenantId: auth.tenant.id,
    userId: p.userId!,
    mailboxId: owner.id,
    need,
    folder: 'calendar',
    grantedLower: p.grantedLower,
  });
  return { auth, owner, role: access.role, canViewPrivate: access.canViewPrivateItems, full: access.role === 'owner', basic };
}

/**
 * Calendars.ReadWrite reaches everything Calendars.Read does: the Graph permissions reference
 * describes it as "read, update, create and delete events", and the API pages list it as the
 * higher-privileged permission for event reads, but Microsoft's permissions.json omits it for a
 * few reads (GET /users/{id}/events/{id}, .../instances). Derived from the catalog: each accepted
 * `X.Read[.Shared]` brings its `X.ReadWrite[.Shared]` twin where the catalog defines one for the
 * token's scheme. Calendar folder only; registered after the core mailbox rule.
 */
export const readWriteCoversReadRule: ResourceRule<MailboxResource> = {
  name: 'calendarReadWriteCoversRead',
  widen(accepted, { s, principal, resource }) {
    if (resource.folder !== 'calendar') return [];
    const out: string[] = [];
    for (const p of accepted) {
      const m = /^(Calendars)\.Read(\.Shared)?$/i.exec(p);
      if (!m) continue;
      const twin = s.catalog.permission(`${m[1]}.ReadWrite${m[2] ?? ''}`);
      if (twin?.[principal.scheme]) out.push(twin.name);
    }
    return out;
  },
  async check() {
    return { allow: true };
  },
};
