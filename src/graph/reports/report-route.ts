import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DIRECTORY_ROLES } from '../../tenant-file/directory-roles.js';
import { authorize, type Authorization } from '../auth/authorize.js';
import { catalogPath } from '../auth/catalog-lookup.js';
import { GraphError, graphErrors } from '../errors.js';
import { decodeSkipToken, encodeSkipToken, fingerprint, graphVersion, metadataUrl, selfLink } from '../odata/links.js';
import { rawQuery, readODataQuery } from '../odata/query-options.js';
import { computeReport } from './compute.js';
import { REPORTS, type ReportDef } from './definitions.js';
import { DOWNLOAD_PATH, downloadToken } from './download.js';
import { parseReportCall, reportWindow } from './period.js';

// GET /reports/{function}(period='D7' | date=YYYY-MM-DD) for the usage reports in definitions.ts.
// - Reports.Read.All from the catalog; a denial is the reports service's 403 S2SUnauthorized
//   "Invalid permission." [O]. Delegated callers must also hold an Entra role that may read usage
//   reports (graph-docs reportroot-authorization.md).
// - CSV (the default, and the only format on v1.0): 302 Found to a preauthenticated download URL,
//   Content-Type text/plain, no body. Both SDKs follow it (their redirect handlers).
// - JSON (`$format=application/json`, beta only): 200 with `value`; user-detail reports page with
//   $top and $skiptoken (200 a page, 2000 for Teams).

/** Roles that may read usage reports with a delegated token (Lync/Skype administrator is not modelled). */
const REPORT_ROLES = new Set(
  ['Global Administrator', 'Exchange Administrator', 'SharePoint Administrator', 'Teams Administrator', 'Teams Communications Administrator', 'Global Reader', 'Reports Reader'].map(
    (n) => DIRECTORY_ROLES[n]!,
  ),
);

export function registerReportRoute(app: FastifyInstance): void {
  app.get<{ Params: { fn: string } }>('/reports/:fn', async (req, reply) => {
    const call = parseReportCall(req.params.fn);
    const def = call && REPORTS.get(call.name.toLowerCase());
    if (!call || !def) return notEmulated(req, req.params.fn);
    if (call.param.kind === 'none' || (call.param.kind === 'date' && !def.allowsDate)) {
      throw graphErrors.badRequest(`${def.name} needs ${def.allowsDate ? "either period='D7|D30|D90|D180' or date=YYYY-MM-DD" : "period='D7|D30|D90|D180'"} in the request URL.`);
    }
    const auth = await authorizeReports(req);
    const { s } = req.graph.ctx;
    const window = reportWindow(call, s.clock.now(), def.allowsDate);
    const q = reportQuery(req);
    if (q.format === 'csv') {
      const url = `${req.origin}${DOWNLOAD_PATH}/${downloadToken(s, auth.tenant.id, def.name, call.param)}`;
      return reply.code(302).header('location', url).type('text/plain').send('');
    }
    const rows = await computeReport(s, auth.tenant, def, window);
    return jsonAnswer(req, def, rows, q);
  });
}

async function authorizeReports(req: FastifyRequest): Promise<Authorization> {
  let auth: Authorization;
  try {
    auth = await authorize(req);
  } catch (e) {
    if (e instanceof GraphError && e.errorName === 'directoryDenied') throw graphErrors.reportsDenied({ details: e.extra.details });
    throw e;
  }
  if (auth.scheme === 'delegated') {
    const user = await req.graph.ctx.s.stores.directory.getUser(auth.tenant.id, auth.principal.userId!);
    if (!user?.roles.some((r) => REPORT_ROLES.has(r))) {
      req.graph.policy = 'Usage reports: the signed-in user holds no role that may read them';
      throw graphErrors.reportsDenied({
        details: [
          {
            code: 'tenantbox.reportsRole',
            message:
              'A delegated token reads usage reports only for a user in one of these Entra roles: Global Administrator, Exchange Administrator, SharePoint Administrator, Teams Administrator, Teams Communications Administrator, Global Reader, Reports Reader.',
            target: user?.userPrincipalName ?? auth.principal.userId!,
          },
        ],
      });
    }
  }
  return auth;
}

interface ReportQuery {
  format: 'csv' | 'json';
  top?: number;
  skiptoken?: string;
}

/** What the reports take (graph-docs reportroot-getoffice365activeuserdetail.md, beta). */
const REPORT_OPTIONS = new Set(['$format', '$top', '$skiptoken']);

/**
 * The options go through the shared reader (src/graph/odata/query-options.ts), as Graph's front
 * end parses every request's options before the reports service sees them: a repeated option, a
 * $top that is not a non-negative Int64, an unknown option or a malformed one get the same answers
 * as on any other route. The reader knows only JSON for $format (no other workload answers CSV),
 * so it is shown each $format as `json`, in place (its repeat check still counts it), and the
 * value is read here.
 */
function reportQuery(req: FastifyRequest): ReportQuery {
  const raw = rawQuery(req.url);
  const odata = readODataQuery(withFormatAsJson(req, raw));
  const q: ReportQuery = { format: 'csv' };
  for (const [name, value] of raw) {
    const key = name.toLowerCase();
    if (!key.startsWith('$')) continue;
    if (!REPORT_OPTIONS.has(key)) throw graphErrors.queryOptionNotSupported(name);
    if (key === '$format') {
      const v = value.toLowerCase();
      if (v === 'text/csv') q.format = 'csv';
      else if (v === 'application/json' || v === 'json') {
        if (graphVersion(req) === 'v1.0') throw graphErrors.badRequest("$format=application/json is a beta feature of the reports API; on v1.0 reports are CSV (call /beta for JSON).");
        q.format = 'json';
      } else throw graphErrors.badRequest(`Invalid $format '${value}': use text/csv or application/json.`);
    }
  }
  if (odata.top !== undefined) {
    // ODataLib lets $top=0 through; a page of nothing with a nextLink to the same would never end.
    if (odata.top < 1) throw graphErrors.invalidQuery(`Invalid value '${odata.topText}' for $top; a positive integer is expected.`);
    q.top = odata.top;
  }
  if (odata.skiptoken !== undefined) q.skiptoken = odata.skiptoken;
  return q;
}

/** The request as the shared reader is to see it: every $format's value replaced by `json`. */
function withFormatAsJson(req: FastifyRequest, raw: [string, string][]): FastifyRequest {
  const i = req.url.indexOf('?');
  if (i < 0 || !raw.some(([k]) => k.toLowerCase() === '$format')) return req;
  // rawQuery skips empty parts, so the non-empty parts line up with its pairs.
  const parts = req.url.slice(i + 1).split('&').filter(Boolean);
  const query = parts.map((p, n) => (raw[n]![0].toLowerCase() === '$format' ? `${encodeURIComponent(raw[n]![0])}=json` : p)).join('&');
  return Object.create(req, { url: { value: `${req.url.slice(0, i)}?${query}` } }) as FastifyRequest;
}

function jsonAnswer(req: FastifyRequest, def: ReportDef, rows: Record<string, unknown>[], q: ReportQuery) {
  const shape = (r: Record<string, unknown>) => Object.fromEntries(def.columns.map(([, k]) => [k, r[k] ?? null]));
  if (def.pageSize === null) {
    return { '@odata.context': metadataUrl(req, `Collection(microsoft.graph.${def.odataType})`), value: rows.map(shape) };
  }
  const fp = fingerprint([req.url.split('?')[0]!.toLowerCase(), q.top ?? null]);
  const offset = q.skiptoken ? decodeSkipToken(q.skiptoken, fp) : 0;
  const size = Math.min(q.top ?? def.pageSize, def.pageSize);
  const body: Record<string, unknown> = {};
  if (offset + size < rows.length) body['@odata.nextLink'] = selfLink(req, { $skiptoken: encodeSkipToken(offset + size, fp) });
  body.value = rows.slice(offset, offset + size).map(shape);
  return body;
}

/** A reports function tenantbox does not compute: 501 if Graph has it, else Graph's 400. */
function notEmulated(req: FastifyRequest, segment: string): never {
  const path = catalogPath(req.url);
  const known = req.graph.ctx.s.catalog.lookup('GET', path, 'application') ?? req.graph.ctx.s.catalog.lookup('GET', path, 'delegated');
  if (known) {
    req.graph.template = known.template;
    throw graphErrors.notImplemented(`GET ${known.template} (tenantbox computes ${[...REPORTS.values()].map((r) => r.name).join(', ')})`);
  }
  throw graphErrors.segmentNotFound(segment);
}
