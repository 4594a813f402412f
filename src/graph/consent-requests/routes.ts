import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserConsentRequestRecord } from '../../store/consent-requests/types.js';
import { DIRECTORY_ROLES } from '../../tenant-file/directory-roles.js';
import { authorize, type Authorization } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { entityResult, queryCollection, type CollectionSpec, type Resource } from '../odata/collection.js';
import { APP_CONSENT_REQUEST_SPEC, appConsentRequestView, approvalView, policyView, POLICY_SPEC, USER_CONSENT_REQUEST_SPEC, userConsentRequestView } from './views.js';

// GET /identityGovernance/appConsent/appConsentRequests[/{id}[/userConsentRequests[/{id}]]] and
// GET /policies/adminConsentRequestPolicy (v1.0, also served on /beta). Read only: Graph has no
// method to approve or deny a request (consentrequests-overview: "there aren't any methods available
// to programmatically approve or deny a request"); approval is tenant-wide admin consent.

/**
 * With a delegated token the user needs one of these roles too (consentrequests-overview's table;
 * adminconsentrequestpolicy-get lists the same four).
 */
const READER_ROLES = new Set(['Global Administrator', 'Global Reader', 'Cloud Application Administrator', 'Application Administrator'].map((n) => DIRECTORY_ROLES[n]!));

async function authorizeRead(req: FastifyRequest): Promise<Authorization> {
  const auth = await authorize(req);
  if (auth.scheme === 'delegated') {
    const user = await req.graph.ctx.s.stores.directory.getUser(auth.tenant.id, auth.principal.userId!);
    if (!user?.roles.some((r) => READER_ROLES.has(r))) {
      req.graph.policy = 'Consent requests: the signed-in user holds no role that may read them';
      throw graphErrors.directoryDenied({
        details: [
          {
            code: 'tenantbox.consentRequestRole',
            message: 'A delegated token reads consent requests and their policy only for a user in one of these Entra roles: Global Administrator, Global Reader, Cloud Application Administrator, Application Administrator.',
            target: user?.userPrincipalName ?? auth.principal.userId!,
          },
        ],
      });
    }
  }
  return auth;
}

const BASE = '/identityGovernance/appConsent/appConsentRequests';

export function registerConsentRequestRoutes(app: FastifyInstance): void {
  app.get(BASE, async (req) => {
    const auth = await authorizeRead(req);
    const { s } = req.graph.ctx;
    const now = s.clock.now();
    const store = s.stores.consentRequests;
    const items: Resource[] = [];
    for (const r of await store.listAppRequests(auth.tenant.id)) items.push(appConsentRequestView(r, await store.listUserRequests(auth.tenant.id, r.id), now));
    return queryCollection(req, withUserRequests(req, auth.tenant.id), items);
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (req) => {
    const auth = await authorizeRead(req);
    const { s } = req.graph.ctx;
    const r = await s.stores.consentRequests.getAppRequest(auth.tenant.id, req.params.id);
    if (!r) throw graphErrors.directoryResourceNotFound(req.params.id);
    const users = await s.stores.consentRequests.listUserRequests(auth.tenant.id, r.id);
    return entityResult(req, withUserRequests(req, auth.tenant.id), appConsentRequestView(r, users, s.clock.now()));
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id/userConsentRequests`, async (req) => {
    const auth = await authorizeRead(req);
    const { s } = req.graph.ctx;
    const r = await s.stores.consentRequests.getAppRequest(auth.tenant.id, req.params.id);
    if (!r) throw graphErrors.directoryResourceNotFound(req.params.id);
    const now = s.clock.now();
    const records = await s.stores.consentRequests.listUserRequests(auth.tenant.id, r.id);
    return queryCollection(req, withApproval(req, records), records.map((u) => userConsentRequestView(u, now)), { contextEntitySet: `identityGovernance/appConsent/appConsentRequests('${r.id}')/userConsentRequests` });
  });

  app.get<{ Params: { id: string; uid: string } }>(`${BASE}/:id/userConsentRequests/:uid`, async (req) => {
    const auth = await authorizeRead(req);
    const { s } = req.graph.ctx;
    const u = (await s.stores.consentRequests.listUserRequests(auth.tenant.id, req.params.id)).find((x) => x.id === req.params.uid);
    if (!u) throw graphErrors.directoryResourceNotFound(req.params.uid);
    return entityResult(req, withApproval(req, [u]), userConsentRequestView(u, s.clock.now()), {
      contextEntitySet: `identityGovernance/appConsent/appConsentRequests('${req.params.id}')/userConsentRequests`,
    });
  });

  app.get('/policies/adminConsentRequestPolicy', async (req) => {
    const auth = await authorizeRead(req);
    return entityResult(req, POLICY_SPEC, policyView(await req.graph.ctx.s.stores.consentRequests.getPolicy(auth.tenant.id)));
  });
}

/** `$expand=userConsentRequests` on app requests. */
function withUserRequests(req: FastifyRequest, tenantId: string): CollectionSpec {
  const { s } = req.graph.ctx;
  return {
    ...APP_CONSENT_REQUEST_SPEC,
    expand: {
      userConsentRequests: {
        load: async (item) => (await s.stores.consentRequests.listUserRequests(tenantId, String(item.id))).map((u) => userConsentRequestView(u, s.clock.now())),
      },
    },
  };
}

/** `$expand=approval` on user requests (the records listed, by id). */
function withApproval(req: FastifyRequest, records: readonly UserConsentRequestRecord[]): CollectionSpec {
  const now = req.graph.ctx.s.clock.now();
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    ...USER_CONSENT_REQUEST_SPEC,
    expand: {
      approval: {
        load: async (item) => {
          const r = byId.get(String(item.id));
          return r ? approvalView(r, now) : null;
        },
      },
    },
  };
}
