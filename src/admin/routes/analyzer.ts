import type { FastifyInstance } from 'fastify';
import { analyze, checkManifest, gateFails, parseHar, renderReport, REPORT_FORMATS, type FailOn, type ReportFormat } from '../../analyzer/index.js';
import { fromAuditRecords, type ObservationSet } from '../../analyzer/observations.js';
import type { AnalysisReport } from '../../analyzer/report-types.js';
import { ManifestError, parseManifest } from '../../manifest/index.js';
import type { Manifest } from '../../manifest/types.js';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import type { AuditRecord } from '../../store/types.js';

// The analyzer over the admin API (docs/analyzer.md):
//   POST /_tenantbox/analyze  { app?, tenant?, since?, until?, har?, manifest?, model?, format?, failOn?, assumeScheme? }
//     audits this tenantbox's own audit log (filtered like GET /audit), or the HAR text in `har`;
//     `manifest` is the manifest's YAML text. JSON answers the report; md, html and text answer the
//     rendered page. The `x-tenantbox-gate` header says "failed: …" when a failOn gate fails.
//   POST /_tenantbox/check    { manifest }  static checks of a manifest's YAML text.

interface AnalyzeBody {
  app?: string;
  tenant?: string;
  since?: string;
  until?: string;
  har?: string;
  manifest?: string;
  model?: string;
  format?: string;
  failOn?: string[];
  assumeScheme?: string;
}

const PAGE = 10_000;

export function registerAnalyzer(app: FastifyInstance, s: Services): void {
  app.post<{ Body: AnalyzeBody | undefined }>('/analyze', { bodyLimit: 256 * 1024 * 1024 }, async (req, reply) => {
    const b = req.body ?? {};
    const format = (b.format ?? 'json') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw adminErrors.badRequest(`format must be one of ${REPORT_FORMATS.join(', ')}; got "${b.format}".`);
    const failOn = (b.failOn ?? []) as FailOn[];
    if (!Array.isArray(failOn) || failOn.some((f) => f !== 'excess' && f !== 'missing')) throw adminErrors.badRequest('failOn must be a list of "excess" and "missing".');
    if (b.assumeScheme !== undefined && b.assumeScheme !== 'delegated' && b.assumeScheme !== 'application') throw adminErrors.badRequest('assumeScheme must be "delegated" or "application".');
    const time = (name: 'since' | 'until') => {
      const v = b[name];
      if (v === undefined) return undefined;
      if (Number.isNaN(Date.parse(v))) throw adminErrors.badRequest(`${name}="${v}" is not an ISO 8601 instant (e.g. 2026-01-31T09:00:00Z).`);
      return new Date(Date.parse(v)).toISOString();
    };
    const since = time('since');
    const until = time('until');
    const manifest = b.manifest === undefined ? undefined : manifestOf(b.manifest);
    if (b.model && !manifest?.connections.some((c) => c.id === b.model)) throw adminErrors.badRequest(`model "${b.model}" is not a connection of the manifest.`);

    let set: ObservationSet;
    let source: AnalysisReport['source'];
    if (b.har !== undefined) {
      try {
        set = parseHar(b.har);
      } catch (e) {
        throw adminErrors.badRequest((e as Error).message);
      }
      source = { kind: 'har', description: 'HAR recording sent to POST /_tenantbox/analyze' };
    } else {
      const records: AuditRecord[] = [];
      let afterSeq: number | undefined;
      for (;;) {
        const page = await s.stores.audit.query({ appId: b.app, tenantId: b.tenant, since, until, afterSeq, limit: PAGE });
        records.push(...page);
        if (page.length < PAGE || page[page.length - 1].seq === undefined) break;
        afterSeq = page[page.length - 1].seq;
      }
      set = fromAuditRecords(records);
      source = { kind: 'audit-log', description: `the audit log of this tenantbox${b.app ? ` for app ${b.app}` : ''}`, ...(since && { since }), ...(until && { until }) };
    }
    const report = analyze({
      observations: set.observations,
      skipped: set.skipped,
      manifest,
      model: b.model,
      source,
      now: s.clock.nowDate(),
      ...(b.assumeScheme && { assumeScheme: b.assumeScheme as 'delegated' | 'application' }),
      ...(!manifest && b.app && { app: { appId: b.app } }),
    });
    const reasons = gateFails(report, failOn);
    if (reasons.length) reply.header('x-tenantbox-gate', `failed: ${reasons.join('; ')}`);
    if (format === 'json') return report;
    reply.type(format === 'html' ? 'text/html; charset=utf-8' : format === 'md' ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8');
    return renderReport(report, format);
  });

  app.post<{ Body: { manifest?: string } | undefined }>('/check', async (req) => {
    const text = req.body?.manifest;
    if (typeof text !== 'string') throw adminErrors.badRequest('send { "manifest": "<the manifest YAML text>" }.');
    return checkManifest(manifestOf(text));
  });
}

function manifestOf(text: unknown): Manifest {
  if (typeof text !== 'string') throw adminErrors.badRequest('manifest must be the manifest YAML as a string.');
  try {
    return parseManifest(text, 'manifest');
  } catch (e) {
    if (e instanceof ManifestError) throw adminErrors.badRequest(`the manifest has problems:\n${e.format()}`);
    throw e;
  }
}
