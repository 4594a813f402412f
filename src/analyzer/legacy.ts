// Permissions that still work but belong to retiring technology. Microsoft's retirement schedule for
// Exchange Web Services in Exchange Online (message center MC1227454, Feb 2026): phased disablement
// from 2026-10-01 (blocked unless an administrator allow-lists the app), permanent shutdown on
// 2027-04-01. Exchange Server on-premises keeps EWS.

export const EWS_RETIREMENT_NOTE =
  'Exchange Web Services in Exchange Online is being retired: blocked by default from 2026-10-01 unless an administrator allow-lists the app, shut down for good on 2027-04-01. Move these calls to Microsoft Graph (calendars: Calendars.Read or Calendars.ReadWrite).';

/** Permissions of the Office 365 Exchange Online resource (00000002-0000-0ff1-ce00-000000000000) the manifest may name. */
export const EXCHANGE_PERMISSIONS: Readonly<Record<string, { type: 'Delegated' | 'Application'; note: string }>> = {
  full_access_as_app: {
    type: 'Application',
    note: `full_access_as_app gives full EWS access to every mailbox without a signed-in user (mail included), limited only by an application access policy or RBAC for Applications. ${EWS_RETIREMENT_NOTE}`,
  },
  'EWS.AccessAsUser.All': {
    type: 'Delegated',
    note: `EWS.AccessAsUser.All gives the signed-in user's full EWS access to every mailbox that user can open. ${EWS_RETIREMENT_NOTE}`,
  },
};

export function legacyNote(name: string): string | undefined {
  const key = Object.keys(EXCHANGE_PERMISSIONS).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? EXCHANGE_PERMISSIONS[key].note : undefined;
}

/** Graph application permissions an Exchange application access policy (or RBAC for Applications) can scope. */
export const MAILBOX_APPLICATION_PERMISSIONS = new Set(
  ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadBasic.All', 'Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.Read', 'MailboxSettings.ReadWrite', 'Calendars.Read', 'Calendars.ReadWrite', 'Contacts.Read', 'Contacts.ReadWrite'].map((n) => n.toLowerCase()),
);

/** Application permissions a Teams application access policy (CsApplicationAccessPolicy) governs. */
export const TEAMS_POLICY_PERMISSIONS = new Set(['OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All', 'OnlineMeetingArtifact.Read.All'].map((n) => n.toLowerCase()));

export const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Delegated permissions an application-model list often carries for the administrator who connects it. */
export const SIGN_IN_PERMISSIONS = new Set(['openid', 'profile', 'email', 'offline_access', 'user.read']);
