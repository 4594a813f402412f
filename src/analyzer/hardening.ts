// Administrator commands that narrow what an app's permissions reach. Used by audit suggestions
// and by the generated permissions reference. Rules they encode (research notes §4.6, §5, §6):
// - an Exchange application access policy's scope must be a mail-enabled security group (room,
//   equipment and shared mailboxes cannot be the scope themselves, but can be its members);
// - RBAC for Applications is Microsoft's current replacement for application access policies;
// - app-only online meetings need a Teams application access policy granted to each organizer;
// - domain-wide delegation is configured by a Google super administrator with the client id and
//   the comma-separated list of full scope URLs.

const PLACEHOLDER_APP = '<application-id>';

export interface MailboxPolicyInput {
  appId?: string;
  appName: string;
  group: string;
  members?: string[];
  description?: string;
  /** A mailbox to test the policy against. */
  testMailbox?: string;
}

export function applicationAccessPolicyCommands(i: MailboxPolicyInput): string[] {
  const appId = i.appId ?? PLACEHOLDER_APP;
  const members = i.members?.length ? i.members.join(',') : '<room1@contoso.com>,<room2@contoso.com>';
  const description = (i.description ?? `Mailboxes ${i.appName} may reach`).replace(/"/g, "'");
  const test = i.testMailbox ?? i.members?.[0] ?? '<room1@contoso.com>';
  return [
    `New-DistributionGroup -Name "${i.group}" -Type Security -Members ${members}`,
    `New-ApplicationAccessPolicy -AppId ${appId} -PolicyScopeGroupId "${i.group}" -AccessRight RestrictAccess -Description "${description}"`,
    `Test-ApplicationAccessPolicy -Identity ${test} -AppId ${appId}`,
  ];
}

export function rbacForApplicationsCommands(i: { appId?: string; group: string; roles: string[] }): string[] {
  const appId = i.appId ?? PLACEHOLDER_APP;
  const scope = `${i.group}-scope`;
  return [
    `New-ServicePrincipal -AppId ${appId} -ObjectId <service-principal-object-id>`,
    `New-ManagementScope -Name "${scope}" -RecipientRestrictionFilter "MemberOfGroup -eq '<distinguished name of ${i.group}>'"`,
    ...i.roles.map((r) => `New-ManagementRoleAssignment -App ${appId} -Role "Application ${r}" -CustomResourceScope "${scope}"`),
  ];
}

export function teamsPolicyCommands(i: { appId?: string; appName: string; organizers?: string[] }): string[] {
  const appId = i.appId ?? PLACEHOLDER_APP;
  const name = `${slug(i.appName)}-meetings`;
  const grants = i.organizers?.length
    ? i.organizers.map((u) => `Grant-CsApplicationAccessPolicy -PolicyName "${name}" -Identity ${u}`)
    : [`Grant-CsApplicationAccessPolicy -PolicyName "${name}" -Identity <organizer@contoso.com>   # or -Global for everyone without a policy`];
  return [`New-CsApplicationAccessPolicy -Identity "${name}" -AppIds "${appId}" -Description "Online meetings created by ${i.appName.replace(/"/g, "'")}"`, ...grants];
}

export function googleDwdSteps(i: { clientId?: string; scopes: string[] }): string[] {
  return [
    'Sign in to the Google Admin console as a super administrator.',
    'Go to Security > Access and data control > API controls > Manage Domain Wide Delegation, and choose Add new.',
    `Client ID: ${i.clientId ?? '<the service account\'s numeric client id>'}`,
    `OAuth scopes (comma-delimited): ${i.scopes.join(',')}`,
    'Authorize. Each scope must be listed once; a scope the app later requests that is not in this list makes its token request fail with unauthorized_client.',
  ];
}

/** Exchange RBAC-for-Applications role names for Graph application permissions. */
export function rbacRoleFor(permission: string): string | undefined {
  const known = ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.Read', 'MailboxSettings.ReadWrite', 'Calendars.Read', 'Calendars.ReadWrite', 'Contacts.Read', 'Contacts.ReadWrite'];
  return known.find((k) => k.toLowerCase() === permission.toLowerCase());
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'app';
}
