import { getAnalyzerCatalog, type AnalyzerCatalog } from '../analyzer/analyzer-catalog.js';
import { applicationAccessPolicyCommands, googleDwdSteps, rbacForApplicationsCommands, rbacRoleFor, teamsPolicyCommands } from '../analyzer/hardening.js';
import { EXCHANGE_PERMISSIONS, MAILBOX_APPLICATION_PERMISSIONS, OPENID_SCOPES, TEAMS_POLICY_PERMISSIONS, legacyNote } from '../analyzer/legacy.js';
import type { AnalysisReport, GroupReport } from '../analyzer/report-types.js';
import { effectivePermissions, registrationOf } from '../manifest/load.js';
import type { Manifest, ManifestConnection, ManifestPermission } from '../manifest/types.js';
import { adminConsentUrl, incrementalConsentUrl, type ConsentUrlOptions } from './consent-urls.js';

// What a permissions reference says, independent of its format: per connection model and context
// the table rows (admin consent from the catalog, flagged where the vendor's published flag
// differs), consent URLs, hardening steps, and, with an audit report, the evidence per row.

export interface DocRow {
  permission: string;
  type: string;
  origin: string;
  justification: string;
  /** From the catalog; undefined when the catalog cannot say (Google, the app's own API). */
  adminConsent: 'Yes' | 'No' | 'Super administrator' | 'Unknown';
  /** The vendor's published flag where it disagrees with the catalog. */
  publishedDisagrees?: boolean;
  note?: string;
  evidence?: { kind: 'needed' | 'allowed' | 'unused' | 'sign-in' | 'not-observable'; text: string; calls: string[] };
}

export interface DocContext {
  id: string;
  title: string;
  description?: string;
  includes: string[];
  rows: DocRow[];
  consentUrl?: string;
}

export interface DocConnection {
  id: string;
  kind: ManifestConnection['kind'];
  title: string;
  description?: string;
  account?: string;
  contexts: DocContext[];
}

export interface HardeningStep {
  title: string;
  text: string;
  commands: string[];
  language: 'powershell' | 'text';
}

export interface DocModel {
  app: Manifest['app'];
  connections: DocConnection[];
  adminConsentUrl?: string;
  hardening: HardeningStep[];
  audit?: { source: string; generatedAt?: string; headline: string };
  notes: string[];
}

export interface DocOptions extends ConsentUrlOptions {
  audit?: AnalysisReport;
  catalog?: AnalyzerCatalog;
}

const ORIGIN: Record<ManifestPermission['resource'], string> = {
  graph: 'Microsoft Graph',
  openid: 'OpenID Connect',
  exchange: 'Exchange Online (EWS)',
  google: 'Google Workspace',
  api: "This app's API",
};

export function buildDocModel(m: Manifest, o: DocOptions = {}): DocModel {
  const ac = o.catalog ?? getAnalyzerCatalog();
  const notes: string[] = [];
  const connections: DocConnection[] = m.connections.map((conn) => ({
    id: conn.id,
    kind: conn.kind,
    title: conn.title,
    ...(conn.description && { description: conn.description }),
    ...(conn.account && { account: conn.account }),
    contexts: conn.contexts.map((ctx) => {
      const consentUrl = incrementalConsentUrl(m, conn, effectivePermissions(conn, ctx.id), o);
      return {
        id: ctx.id,
        title: ctx.title,
        ...(ctx.description && { description: ctx.description }),
        includes: ctx.includes,
        rows: ctx.permissions.map((p) => row(ac, p, o.audit)),
        ...(consentUrl && { consentUrl }),
      };
    }),
  }));
  const appConnection = m.connections.find((c) => c.contexts.some((x) => x.permissions.some((p) => p.type === 'Application' && p.resource === 'graph')));
  const hasAppPermissions = !!appConnection;
  if (connections.some((c) => c.contexts.some((x) => x.rows.some((r) => r.publishedDisagrees)))) {
    notes.push("Rows marked ⚠ in the admin consent column disagree with the flag the vendor published; the value shown is Microsoft's.");
  }
  return {
    app: m.app,
    connections,
    ...(hasAppPermissions && { adminConsentUrl: adminConsentUrl(m, o, appConnection) }),
    hardening: hardening(m),
    ...(o.audit && { audit: { source: o.audit.source.description, ...(o.audit.generatedAt && { generatedAt: o.audit.generatedAt }), headline: `${o.audit.summary.missing} missing, ${o.audit.summary.excessive} excessive, ${o.audit.summary.redundant} redundant, ${o.audit.summary.unused} unused` } }),
    notes,
  };
}

function row(ac: AnalyzerCatalog, p: ManifestPermission, audit: AnalysisReport | undefined): DocRow {
  const base = { permission: p.name.replace('https://www.googleapis.com/auth/', ''), type: p.type, origin: ORIGIN[p.resource], justification: p.justification };
  let adminConsent: DocRow['adminConsent'] = 'Unknown';
  let note: string | undefined;
  if (p.resource === 'google') adminConsent = 'Super administrator';
  else if (p.resource === 'exchange') {
    const spec = Object.entries(EXCHANGE_PERMISSIONS).find(([k]) => k.toLowerCase() === p.name.toLowerCase())?.[1];
    adminConsent = spec ? (spec.type === 'Application' ? 'Yes' : 'No') : 'Unknown';
  } else if (p.resource !== 'api') {
    const info = ac.catalog.permission(p.name);
    const s = p.type === 'Application' ? info?.application : p.type === 'Delegated' ? info?.delegated : undefined;
    if (s) adminConsent = s.requiresAdminConsent ? 'Yes' : 'No';
    else note = info ? `${info.name} has no ${p.type.toLowerCase()} form` : 'not a Microsoft Graph permission';
  }
  const legacy = legacyNote(p.name);
  if (legacy) note = note ? `${note}; legacy (EWS)` : 'legacy (EWS)';
  const publishedDisagrees = p.adminConsentRequired !== undefined && (adminConsent === 'Yes' || adminConsent === 'No') && p.adminConsentRequired !== (adminConsent === 'Yes');
  return {
    ...base,
    adminConsent,
    ...(publishedDisagrees && { publishedDisagrees }),
    ...(note && { note }),
    ...(audit && { evidence: evidence(p, audit) }),
  };
}

function evidence(p: ManifestPermission, r: AnalysisReport): DocRow['evidence'] {
  if (p.resource === 'openid' || OPENID_SCOPES.has(p.name.toLowerCase())) return { kind: 'sign-in', text: 'sign-in scope; no API call needs it', calls: [] };
  if (p.resource === 'exchange' || p.resource === 'api') return { kind: 'not-observable', text: p.resource === 'exchange' ? 'nothing observed needed it (EWS traffic is not analysed)' : "the app's own API; not analysed", calls: [] };
  const g: GroupReport | undefined =
    p.resource === 'google' ? (r.groups.find((x) => x.key === 'google:delegated') ?? r.groups.find((x) => x.key === 'google:application')) : r.groups.find((x) => x.key === (p.type === 'Application' ? 'graph:application' : 'graph:delegated'));
  if (!g) return { kind: 'unused', text: 'nothing observed needed it (no traffic of this kind in the audit)', calls: [] };
  const same = (a: string) => a.toLowerCase() === p.name.toLowerCase();
  const minimal = g.minimal.permissions.find((x) => same(x.name));
  if (minimal) return { kind: 'needed', text: `needed by ${minimal.calls.length} observed endpoint${minimal.calls.length === 1 ? '' : 's'}`, calls: minimal.calls };
  const tie = g.minimal.ties.find((t) => t.alternatives.some(same));
  if (tie) {
    const calls = g.minimal.permissions.find((x) => x.name === tie.chosen)?.calls ?? [];
    return { kind: 'needed', text: `needed (equally least with ${tie.chosen})`, calls };
  }
  const calls = g.calls.filter((c) => c.candidates.some(same) || (c.status === 'known' && c.allowedByRequested.some(same))).map((c) => c.key);
  const finding = g.findings.find((f) => f.permission && same(f.permission));
  if (calls.length) return { kind: 'allowed', text: finding ? finding.message : `allows ${calls.length} observed endpoint${calls.length === 1 ? '' : 's'}, but the minimal set covers them otherwise`, calls };
  return { kind: 'unused', text: 'nothing observed needed it', calls: [] };
}

function hardening(m: Manifest): HardeningStep[] {
  const steps: HardeningStep[] = [];
  for (const conn of m.connections) {
    const perms = conn.contexts.flatMap((c) => c.permissions);
    const appId = registrationOf(m, conn).appId;
    if (conn.kind === 'application') {
      const mailbox = perms.filter((p) => (p.type === 'Application' && MAILBOX_APPLICATION_PERMISSIONS.has(p.name.toLowerCase())) || (p.resource === 'exchange' && p.name.toLowerCase() === 'full_access_as_app'));
      if (mailbox.length) {
        const group = conn.mailboxScope?.group ?? `${m.app.archetype}-mailboxes`;
        const roles = [...new Set(mailbox.map((p) => rbacRoleFor(p.name)).filter((x): x is string => !!x))];
        steps.push({
          title: `Limit ${conn.title} to the mailboxes it needs`,
          text:
            `${mailbox.map((p) => p.name).join(', ')} ${mailbox.length === 1 ? 'reaches' : 'reach'} every mailbox in the organization. Create a mail-enabled security group "${group}" ` +
            `with the mailboxes the app should reach${conn.mailboxScope?.description ? ` (${conn.mailboxScope.description.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())})` : ''} as members — Exchange accepts only a mail-enabled security group (or a user) as the policy scope, never a room or shared mailbox itself — and restrict the app to it. ` +
            `Microsoft now recommends RBAC for Applications over new application access policies; with it, also remove the tenant-wide permission so only the scoped grant remains.`,
          commands: [
            ...applicationAccessPolicyCommands({ appId, appName: m.app.name, group, members: conn.mailboxScope?.members, description: conn.mailboxScope?.description }),
            ...(roles.length ? ['# or, with RBAC for Applications:', ...rbacForApplicationsCommands({ appId, group, roles })] : []),
          ],
          language: 'powershell',
        });
      }
      if (perms.some((p) => p.type === 'Application' && TEAMS_POLICY_PERMISSIONS.has(p.name.toLowerCase()))) {
        steps.push({
          title: `Allow ${conn.title} to create online meetings`,
          text: 'App-only online meetings are refused until a Teams application access policy that names the app is granted to each organizer (or globally). Changes can take up to 30 minutes.',
          commands: teamsPolicyCommands({ appId, appName: m.app.name }),
          language: 'powershell',
        });
      }
    }
    if (conn.kind === 'service-account' && perms.some((p) => /\.shared$/i.test(p.name))) {
      steps.push({
        title: `Give the service account of "${conn.title}" access to each mailbox`,
        text: 'Delegated .Shared permissions reach only mailboxes the account has been given access to: Full Access on the mailbox, or a calendar folder permission (Reviewer to read, Editor to write).',
        commands: ['Add-MailboxPermission -Identity <room1@contoso.com> -User <service-account@contoso.com> -AccessRights FullAccess -InheritanceType All -AutoMapping $false'],
        language: 'powershell',
      });
    }
    if (conn.kind === 'google-dwd') {
      const scopes = [...new Set(perms.filter((p) => p.resource === 'google').map((p) => p.name))];
      steps.push({
        title: `Set up domain-wide delegation for ${conn.title}`,
        text: `A Google Workspace super administrator authorizes the app's client id for exactly these scopes.${conn.account ? ` Impersonated account: ${conn.account}.` : ''}`,
        commands: googleDwdSteps({ clientId: m.app.googleClientId, scopes }),
        language: 'text',
      });
    }
  }
  return steps;
}
