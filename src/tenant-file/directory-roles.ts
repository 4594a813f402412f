// Entra built-in directory roles a tenant file may assign, by display name -> role template id.
// Template ids are fixed across all tenants; taken from Microsoft's "Microsoft Entra built-in roles"
// reference (MicrosoftDocs/entra-docs, docs/identity/role-based-access-control/permissions-reference.md).
// Only roles the emulator has a use for are listed; add rows from the same table as needed.
export const DIRECTORY_ROLES: Readonly<Record<string, string>> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Application Developer': 'cf1c38e5-3621-4004-a7cb-879624dced7c',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Directory Writers': '9360feb5-f418-4baa-8175-e2a00bac4301',
  'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'Exchange Recipient Administrator': '31392ffb-586c-42d1-9346-e59415a2cc4e',
  'Teams Administrator': '69091246-20e8-4a56-aa4d-066075b2a7a8',
  'Teams Communications Administrator': 'baf37b3a-610e-45da-9e62-d9d1e5e8914b',
  'Teams Devices Administrator': '3d762c5a-1b6c-493f-843e-55a3b42923d4',
  'SharePoint Administrator': 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Conditional Access Administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'Compliance Administrator': '17315797-102d-40b4-93e0-432062caca18',
  'License Administrator': '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'Usage Summary Reports Reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
  'Service Support Administrator': 'f023fd81-a637-4b56-95fd-791ac0226033',
  'Billing Administrator': 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
};

const byLowerName = new Map(Object.keys(DIRECTORY_ROLES).map((name) => [name.toLowerCase(), name]));

/** The canonical display name for a role written in any letter case, or undefined if unknown. */
export function canonicalRoleName(name: string): string | undefined {
  return byLowerName.get(name.trim().toLowerCase());
}

export function roleTemplateId(name: string): string | undefined {
  const canonical = canonicalRoleName(name);
  return canonical === undefined ? undefined : DIRECTORY_ROLES[canonical];
}
