import type { AnalysisReport } from './report-types.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

// The least-privilege analyzer (docs/analyzer.md): audit observed traffic, check a manifest.

export { analyze, isSelfScoped, stablePolicyName, type AnalyzeInput, type AnalyzeOptions } from './analyze.js';
export { analyzerGraphPath, lookupGraph, type GraphLookup } from './graph-lookup.js';
export { createAnalyzerCatalog, getAnalyzerCatalog, type AnalyzerCatalog } from './analyzer-catalog.js';
export { checkManifest, formatCheck, type CheckFinding, type CheckResult, type Severity } from './check.js';
export { parseHar, tokenClaims } from './har.js';
export { GraphImplications, describeImplication, type Implication, type ImplicationBasis } from './implication.js';
export { fromAuditRecord, fromAuditRecords, isIdentityTraffic, parseAuditJsonLines, type Observation, type ObservationSet } from './observations.js';
export { REPORT_FORMAT, REPORT_VERSION } from './report-types.js';
export type { AnalysisReport, CallReport, Finding, GroupReport, PermissionEntry, Suggestion } from './report-types.js';
export { weightedSetCover, type CoverCandidate, type CoverResult } from './set-cover.js';
export { renderHtml, renderMarkdown, renderText };

export type ReportFormat = 'text' | 'md' | 'json' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'md', 'json', 'html'];

export function renderReport(r: AnalysisReport, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderText(r);
    case 'md':
      return renderMarkdown(r);
    case 'html':
      return renderHtml(r);
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
  }
}

export type FailOn = 'excess' | 'missing';

/** The `--fail-on` gate: excess = excessive, redundant or unused permissions; missing = refused or unrequested calls. */
export function gateFails(r: AnalysisReport, on: readonly FailOn[]): string[] {
  const reasons: string[] = [];
  const s = r.summary;
  if (on.includes('excess') && s.excessive + s.redundant + s.unused > 0) reasons.push(`excess: ${s.excessive} excessive, ${s.redundant} redundant, ${s.unused} unused`);
  if (on.includes('missing') && s.missing > 0) reasons.push(`missing: ${s.missing} call${s.missing === 1 ? '' : 's'} without a permission`);
  return reasons;
}

/** Reads a report written by `tenantbox audit --format json`, with a clear error for anything else. */
export function parseReport(text: string, file: string): AnalysisReport {
  let r: AnalysisReport;
  try {
    r = JSON.parse(text) as AnalysisReport;
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (r?.format !== 'tenantbox-audit-report') throw new Error(`${file} is not a tenantbox audit report (write one with: tenantbox audit --format json)`);
  if (r.version !== 1) throw new Error(`${file} is an audit report of version ${String(r.version)}; this tenantbox reads version 1`);
  return r;
}
