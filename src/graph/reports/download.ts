import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';
import { graphErrors } from '../errors.js';
import { computeReport } from './compute.js';
import { toCsv } from './csv.js';
import { REPORTS } from './definitions.js';
import { reportWindow, type ReportCall } from './period.js';

// The preauthenticated download URL a CSV report redirects to (302 + Location, graph-docs
// reportroot-*): valid for a few minutes, no Authorization header needed. The token is signed
// with the data dir's admin key and names the tenant, the report and its parameter, so the URL
// needs no server state; the CSV is computed when it is fetched. It is served outside the Graph
// pipeline (no bearer token, as Microsoft's reports.office.com), at /_reports/download/{token} on
// the origin the client used (graph.microsoft.com in intercept mode).

export const DOWNLOAD_PATH = '/_reports/download';
const LIFETIME_MS = 5 * 60_000;

interface Ticket {
  t: string; // tenant id
  r: string; // report name (lower-case)
  p: ReportCall['param'];
  e: number; // expiry, epoch ms (emulated clock)
}

function sign(s: Services, payload: string): string {
  return createHmac('sha256', `tenantbox-report-download:${s.adminKey}`).update(payload).digest('base64url');
}

export function downloadToken(s: Services, tenantId: string, report: string, param: ReportCall['param']): string {
  const payload = Buffer.from(JSON.stringify({ t: tenantId, r: report.toLowerCase(), p: param, e: s.clock.now() + LIFETIME_MS } satisfies Ticket)).toString('base64url');
  return `${payload}.${sign(s, payload)}`;
}

function readToken(s: Services, token: string): Ticket {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) throw graphErrors.reportDownloadExpired();
  const want = Buffer.from(sign(s, payload));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw graphErrors.reportDownloadExpired();
  const ticket = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Ticket;
  if (ticket.e < s.clock.now()) throw graphErrors.reportDownloadExpired();
  return ticket;
}

/**
 * Registers GET /_reports/download/{token}. The lead mounts it on the root app (src/app.ts), outside
 * the Graph pipeline: `await app.register(async (scope) => registerReportDownloads(scope, services))`.
 */
export function registerReportDownloads(app: FastifyInstance, s: Services): void {
  app.get<{ Params: { token: string } }>(`${DOWNLOAD_PATH}/:token`, async (req, reply) => {
    const ticket = readToken(s, req.params.token);
    const def = REPORTS.get(ticket.r);
    const tenant = await s.stores.directory.getTenant(ticket.t);
    if (!def || !tenant) throw graphErrors.reportDownloadExpired();
    const window = reportWindow({ name: def.name, param: ticket.p }, s.clock.now(), def.allowsDate);
    const csv = toCsv(def, await computeReport(s, tenant, def, window));
    return reply.code(200).type('application/octet-stream').header('content-disposition', `attachment; filename="${def.name.replace(/^get/, '')}.csv"`).send(Buffer.from(csv, 'utf8'));
  });
}
