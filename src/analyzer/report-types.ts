import type { CoverTie } from './set-cover.js';

// The audit report (`tenantbox audit --format json` writes exactly this). docs/analyzer.md
// describes every field; `tenantbox docs --audit REPORT.json` reads it back.

export const REPORT_FORMAT = 'tenantbox-audit-report';
export const REPORT_VERSION = 1;

export type GroupKey = 'graph:delegated' | 'graph:application' | 'google:delegated' | 'google:application';

export interface CallReport {
  /** `METHOD template` (the catalog template, or the path with ids replaced when unknown). */
  key: string;
  method: string;
  template: string | null;
  samplePath: string;
  count: number;
  statuses: Record<string, number>;
  /** Calls answered 401 or 403. */
  refused: number;
  users: number;
  /** known: in the data with a grantable permission; unknown: not in the data; unsupported: no permission of this scheme allows it. */
  status: 'known' | 'unknown' | 'unsupported';
  /** Grantable permissions that allow it, cheapest first. */
  candidates: string[];
  /** Microsoft's least-privileged markers (Graph) or the narrowest scopes (Google). */
  least: string[];
  /** Candidates sharing the lowest weight; more than one is a tie. */
  equallyLeast: string[];
  /** The permission of the minimal set that allows it. */
  coveredBy: string | null;
  /** Requested permissions that allow it. */
  allowedByRequested: string[];
  /** From the audit log: permissions that would have allowed a refused call, and a refusing policy. */
  missing: string[];
  policies: string[];
  /** The scheme was not known (HAR without a decodable token) and was assumed. */
  schemeAssumed?: boolean;
  /** Not in Microsoft's permission data: reported with the entry tenantbox's Graph borrows (docs/graph.md). */
  borrowed?: boolean;
  note?: string;
}

export interface PermissionEntry {
  name: string;
  /** Privilege level used (Graph 1-5; Google: 2 read-only, 3 otherwise); null when unknown. */
  level: number | null;
  weight: number | null;
  adminConsent: boolean | null;
  /** Calls it covers (minimal set) or allows (requested). */
  calls: string[];
  /** Requested entries: where the manifest asks for it, or 'token'. */
  origins?: string[];
  /** False for names the catalog does not know. */
  known?: boolean;
  levelNote?: string;
}

export interface Finding {
  kind: 'unused' | 'excessive' | 'redundant' | 'missing' | 'refused-by-policy' | 'unknown-requested';
  message: string;
  permission?: string;
  call?: string;
  /** excessive: what covers its calls instead; missing: what would allow the call. */
  suffices?: string[];
  impliedBy?: string;
  basis?: string;
  count?: number;
}

export interface Suggestion {
  kind:
    | 'application-access-policy'
    | 'teams-application-access-policy'
    | 'delegated-instead-of-application'
    | 'delegated-variant'
    | 'legacy-ews'
    | 'partial-reach-scope'
    | 'unknown-calls'
    | 'scheme-assumed';
  message: string;
  commands?: string[];
}

export interface GroupReport {
  key: GroupKey;
  service: 'graph' | 'google';
  scheme: 'delegated' | 'application';
  label: string;
  calls: CallReport[];
  minimal: {
    permissions: PermissionEntry[];
    method: 'exact' | 'greedy';
    bound?: number;
    reason?: string;
    cost: number;
    ties: CoverTie[];
    /** Extra permissions the data says a chosen one must be held with (AlsoRequires). */
    alsoRequired: string[];
  };
  requested: PermissionEntry[];
  /** OpenID Connect scopes requested (sign-in; no API call needs them). */
  signIn: string[];
  findings: Finding[];
  adminConsent: { requested: string[]; minimal: string[] };
  suggestions: Suggestion[];
}

export interface AnalysisReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  /** Absent in a stable report (AnalyzeInput.stable). */
  generatedAt?: string;
  app: { name?: string; archetype?: string; appId?: string | null };
  source: { kind: 'audit-log' | 'audit-export' | 'har' | 'records'; description: string; since?: string; until?: string };
  requestedFrom: 'manifest' | 'tokens' | 'none';
  totals: { observations: number; distinctCalls: number; skipped: Record<string, number> };
  groups: GroupReport[];
  /** Manifest permissions outside what traffic can show (Exchange EWS, the app's own API). */
  other: Finding[];
  suggestions: Suggestion[];
  summary: { excessive: number; redundant: number; unused: number; missing: number; unknownCalls: number; unsupportedCalls: number };
}
