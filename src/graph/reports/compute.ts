import type { Services } from '../../shared/services.js';
import type { TenantRecord } from '../../store/types.js';
import { collectActivity } from './activity.js';
import type { ReportContext, ReportDef } from './definitions.js';
import type { ReportWindow } from './period.js';

/** Computes a report's rows from the tenant's directory and emulated activity. */
export async function computeReport(s: Services, tenant: TenantRecord, def: ReportDef, window: ReportWindow): Promise<Record<string, unknown>[]> {
  const all = await s.stores.directory.listUsers(tenant.id);
  const users = all.filter((u) => u.kind === 'user');
  const mailboxes = all.filter((u) => u.mailbox);
  const facts = await collectActivity(s, tenant.id, window, all);
  const usage = def.needsUsage && s.stores.mail ? await s.stores.mail.mailboxUsage(tenant.id) : new Map();
  const ctx: ReportContext = { tenant, users, mailboxes, facts, window, usage };
  return def.rows(ctx);
}
