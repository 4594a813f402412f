// Microsoft Graph change-notification subscriptions (graph-docs resources/subscription.md), as
// created through POST /subscriptions. They outlive a restart, like everything users create;
// `reset` clears them (tenant state).

export interface SubscriptionRecord {
  tenantId: string;
  id: string;
  /** The client app's appId (Graph's `applicationId`). */
  applicationId: string;
  /** The signed-in user (delegated) or the client service principal (app-only): Graph's `creatorId`. */
  creatorId: string;
  scheme: 'delegated' | 'application';
  /** As the client wrote it (Graph echoes it). */
  resource: string;
  /** Comma-separated created, updated, deleted. */
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  /** ISO 8601. */
  expirationDateTime: string;
  expirationMs: number;
  latestSupportedTlsVersion: string;
  /** What the resource resolves to: the mailbox (user or room object id) and which of its calendars. */
  target: { kind: 'events'; mailboxId: string; calendar: 'all' | 'default' | { id: string } };
  createdDateTime: string;
}

export interface SubscriptionStore {
  get(tenantId: string, id: string): Promise<SubscriptionRecord | undefined>;
  list(tenantId: string): Promise<SubscriptionRecord[]>;
  /** Subscriptions on one mailbox, expired ones included (the caller compares with the clock). */
  listForMailbox(tenantId: string, mailboxId: string): Promise<SubscriptionRecord[]>;
  /** Whether the tenant has any subscription at all (a cheap check before work on every event write). */
  any(tenantId: string): Promise<boolean>;
  put(s: SubscriptionRecord): Promise<void>;
  delete(tenantId: string, id: string): Promise<boolean>;
}
