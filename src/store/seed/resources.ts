// The first-party resource apps every tenant has a service principal for. Their appIds and the
// owning tenant id (Microsoft's own) are fixed across all of Entra.
import { GRAPH_APP_ID } from '../types.js';

export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export interface FirstPartyResource {
  appId: string;
  displayName: string;
  servicePrincipalNames: string[];
}

export const FIRST_PARTY_RESOURCES: readonly FirstPartyResource[] = [
  {
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    servicePrincipalNames: [GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://canary.graph.microsoft.com'],
  },
  {
    appId: EXCHANGE_APP_ID,
    displayName: 'Office 365 Exchange Online',
    servicePrincipalNames: [EXCHANGE_APP_ID, 'https://outlook.office365.com', 'https://outlook.office365.com/', 'https://outlook.office.com'],
  },
];

/**
 * Office 365 Exchange Online permissions (EWS, IMAP, POP, SMTP, Exchange management), which the
 * Graph catalog does not hold: the ids of that service principal's appRoles (application) and
 * oauth2PermissionScopes (delegated), as Entra publishes them for the first-party app.
 */
export const EXCHANGE_PERMISSIONS: Readonly<Record<'delegated' | 'application', Readonly<Record<string, string>>>> = {
  application: {
    full_access_as_app: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
    'Exchange.ManageAsApp': 'dc50a0fb-09a3-484d-be87-e023b12c6440',
    'IMAP.AccessAsApp': '5e5addcd-3e8d-4e90-baf5-964efab2b20a',
    'POP.AccessAsApp': 'cb842b43-da6e-4506-86fe-bb12199c656d',
    'SMTP.SendAsApp': '7146a1f0-8703-45b3-9eae-527a64c00995',
  },
  delegated: {
    'EWS.AccessAsUser.All': '3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5',
    'EAS.AccessAsUser.All': '266d2589-20b5-4f91-9a03-89247d1be8da',
    'IMAP.AccessAsUser.All': '195adc35-e27b-454b-a7ed-1ecdffa1c09f',
    'POP.AccessAsUser.All': 'fb698133-92fa-453e-a9ed-688e10f2e5ac',
    'SMTP.Send': '76faac2a-0f20-42f1-928a-50de5b9dbe52',
    'Exchange.Manage': 'ab4f2b77-0b06-4fc1-a9de-02113fc2ab7c',
  },
};
