import type { GraphArea } from '../index.js';
import { registerConsentRequestRoutes } from './routes.js';

// The admin consent workflow on Graph: the tenant's adminConsentRequestPolicy and the requests
// users sent from the "Approval required" page (src/identity/consent/admin-consent-workflow.ts).
export const consentRequestsArea: GraphArea = {
  name: 'consent-requests',
  routes(app) {
    registerConsentRequestRoutes(app);
  },
};
