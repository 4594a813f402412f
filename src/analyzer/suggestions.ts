import type { Scheme } from '../catalog/index.js';
import { connectionForScheme, registrationOf } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import type { GroupContext } from './analyze.js';
import { applicationAccessPolicyCommands, rbacForApplicationsCommands, rbacRoleFor, teamsPolicyCommands } from './hardening.js';
import { EWS_RETIREMENT_NOTE, MAILBOX_APPLICATION_PERMISSIONS, TEAMS_POLICY_PERMISSIONS, legacyNote } from './legacy.js';
import type { Finding, Suggestion } from './report-types.js';
import { graphPermissions } from './graph-lookup.js';
import { reachOf } from './permission-names.js';
import { weightedSetCover } from './set-cover.js';
import { GOOGLE_PARTIAL_REACH } from './weights.js';

// Concrete advice that follows from the traffic: scope mailbox access, sign in instead of running
// app-only, a delegated form that needs no admin consent, retiring EWS, narrower Google scopes.

/** At most this many mailboxes count as "a few" for an application access policy suggestion. */
const FEW_MAILBOXES = 25;

export function groupSuggestions(ctx: GroupContext, manifest: Manifest | undefined): Suggestion[] {
  const r = ctx.report;
  const out: Suggestion[] = [];
  const appName = manifest?.app.name ?? 'the app';
  const conn = manifest && connectionForScheme(manifest, r.scheme, ctx.model);
  const appId = manifest ? registrationOf(manifest, conn).appId : undefined;

  if (r.service === 'graph' && r.scheme === 'application') {
    const held = new Set([...r.minimal.permissions.map((p) => p.name), ...r.requested.map((p) => p.name)]);
    const mailboxPerms = [...held].filter((p) => MAILBOX_APPLICATION_PERMISSIONS.has(p.toLowerCase())).sort();
    if (mailboxPerms.length) {
      const mailboxes = new Set<string>();
      for (const c of r.calls) {
        if ((ctx.accepted.get(c.key) ?? []).some((p) => MAILBOX_APPLICATION_PERMISSIONS.has(p.toLowerCase()))) for (const t of ctx.targets.get(c.key) ?? []) mailboxes.add(t);
      }
      const list = [...mailboxes].sort();
      if (list.length > 0 && list.length <= FEW_MAILBOXES) {
        const scoped = manifest?.connections.find((c) => c.kind === 'application' && c.mailboxScope);
        const group = scoped?.mailboxScope?.group ?? `${manifest?.app.archetype ?? 'app'}-mailboxes`;
        const roles = [...new Set(r.minimal.permissions.map((p) => rbacRoleFor(p.name)).filter((x): x is string => !!x))];
        out.push({
          kind: 'application-access-policy',
          message:
            `App-only mailbox access (${mailboxPerms.join(', ')}) reaches every mailbox in the tenant, but the observed calls touched ${list.length} mailbox${list.length === 1 ? '' : 'es'}: ${list.join(', ')}. ` +
            `Restrict the app to them: put them in a mail-enabled security group (room and shared mailboxes cannot be the policy scope themselves, only members of it) and create an application access policy, or use RBAC for Applications (Microsoft's current recommendation) and remove the tenant-wide grant.`,
          commands: [...applicationAccessPolicyCommands({ appId, appName, group, members: list }), ...(roles.length ? ['# or, with RBAC for Applications:', ...rbacForApplicationsCommands({ appId, group, roles })] : [])],
        });
      }
    }

    const meetings = [...held].filter((p) => TEAMS_POLICY_PERMISSIONS.has(p.toLowerCase()));
    if (meetings.length) {
      const organizers = [...new Set(r.calls.filter((c) => /onlinemeetings/i.test(c.key)).flatMap((c) => [...(ctx.targets.get(c.key) ?? [])]))].sort();
      out.push({
        kind: 'teams-application-access-policy',
        message: `App-only online meetings (${meetings.join(', ')}) are refused ("No application access policy found for this app") until a Teams application access policy naming the app is granted to each organizer${organizers.length ? ` (observed: ${organizers.join(', ')})` : ''} or globally.`,
        commands: teamsPolicyCommands({ appId, appName, organizers }),
      });
    }

    const delegatedInstead = delegatedAlternative(ctx);
    if (delegatedInstead) out.push(delegatedInstead);

    // An organization-wide (.All) delegated form reaches what the signed-in user can reach, and
    // some need no admin consent (Channel.ReadBasic.All). Own-mailbox forms (Calendars.ReadWrite)
    // would not reach other mailboxes, so they are not offered.
    for (const p of [...held].sort()) {
      const info = ctx.ac.catalog.permission(p);
      if (!info || reachOf(info.name, 'delegated') !== 'organization') continue;
      const calls = r.calls.filter((c) => (ctx.accepted.get(c.key) ?? []).includes(info.name));
      const delegatedAllows = calls.every((c) => graphPermissions(ctx.ac.catalog, c.method, c.samplePath, 'delegated').includes(info.name));
      if (delegatedAllows && info.application?.requiresAdminConsent && info.delegated && !info.delegated.requiresAdminConsent && info.delegated.id) {
        out.push({
          kind: 'delegated-variant',
          message: `${info.name} also exists as a delegated permission that needs no admin consent. If this feature runs while a user is signed in (an admin configuring the app, say), request it delegated and drop the application permission.`,
        });
      }
    }
  }

  if (r.service === 'google') {
    const calls = r.calls.filter((c) => c.status === 'known');
    if (calls.length) {
      for (const [scope, reach] of Object.entries(GOOGLE_PARTIAL_REACH)) {
        const coversAll = calls.every((c) => (ctx.accepted.get(c.key) ?? []).includes(scope));
        const minimalWeight = r.minimal.permissions.reduce((s, p) => s + (p.weight ?? 0), 0);
        const w = ctx.ac.catalog.google.scopeRank(scope);
        if (coversAll && w && w.methods * 2 ** (scope.endsWith('.readonly') ? 2 : 3) < minimalWeight) {
          out.push({ kind: 'partial-reach-scope', message: `${short(scope)} also allows every observed call, but reaches ${reach}. If that is all the app touches, it is narrower than ${r.minimal.permissions.map((p) => short(p.name)).join(' + ')}.` });
        }
      }
    }
  }

  const unknown = r.calls.filter((c) => c.status === 'unknown');
  if (unknown.length) {
    out.push({ kind: 'unknown-calls', message: `${unknown.length} call${unknown.length === 1 ? ' is' : 's are'} not in the permission data and ${unknown.length === 1 ? 'is' : 'are'} not part of the minimal set: ${unknown.map((c) => c.key).join(', ')}. Check ${unknown.length === 1 ? 'it' : 'them'} by hand.` });
  }
  if (r.calls.some((c) => c.schemeAssumed)) {
    out.push({ kind: 'scheme-assumed', message: `Some calls carried no readable token, so their scheme was assumed to be ${r.scheme}.` });
  }
  return out;
}

// App-only traffic that touched at most one user and that delegated permissions could all serve:
// signing in as that account (a service account) avoids tenant-wide application permissions.
function delegatedAlternative(ctx: GroupContext): Suggestion | undefined {
  const r = ctx.report;
  const calls = r.calls.filter((c) => c.status === 'known');
  if (!calls.length) return undefined;
  const users = new Set(calls.flatMap((c) => [...(ctx.targets.get(c.key) ?? [])]));
  if (users.size > 1) return undefined;
  const scheme: Scheme = 'delegated';
  const elements: string[][] = [];
  for (const c of calls) {
    const cands = graphPermissions(ctx.ac.catalog, c.method, c.samplePath, scheme).filter((p) => ctx.weights.of(p, scheme)?.grantable);
    if (!cands.length) return undefined;
    elements.push(cands);
  }
  const byPerm = new Map<string, number[]>();
  elements.forEach((cands, i) => cands.forEach((p) => (byPerm.get(p) ?? byPerm.set(p, []).get(p)!).push(i)));
  const cover = weightedSetCover(
    elements.length,
    [...byPerm.entries()].map(([id, covers]) => ({ id, weight: ctx.weights.of(id, scheme)!.weight, level: ctx.weights.of(id, scheme)!.level, covers })),
  );
  const chosen = cover.chosen.map((p) => ({ p, admin: ctx.weights.of(p, scheme)!.requiresAdminConsent }));
  const perms = chosen.map((c) => `${c.p}${c.admin ? ' (admin consent)' : ''}`).join(', ');
  const message = users.size
    ? `Every app-only call acted on ${[...users][0]} and has a delegated equivalent. Signing in as that account (a service account) with delegated ${perms} would replace tenant-wide application permissions with access bounded by that account's own rights.`
    : `Every app-only call has a delegated equivalent and none acted on a particular user's data. Running it while an administrator or a service account is signed in, with delegated ${perms}, would replace tenant-wide application permissions with access bounded by that account's own rights.`;
  return { kind: 'delegated-instead-of-application', message };
}

export function globalSuggestions(contexts: GroupContext[], other: Finding[]): Suggestion[] {
  const out: Suggestion[] = [];
  const ews = new Set<string>();
  for (const ctx of contexts) for (const p of ctx.report.requested) if (legacyNote(p.name)) ews.add(p.name);
  for (const f of other) if (f.permission && legacyNote(f.permission)) ews.add(f.permission);
  if (ews.size) {
    out.push({ kind: 'legacy-ews', message: `${[...ews].sort().join(' and ')} ${ews.size === 1 ? 'is an' : 'are'} EWS permission${ews.size === 1 ? '' : 's'}. ${EWS_RETIREMENT_NOTE}` });
  }
  return out;
}

function short(s: string): string {
  return s.replace('https://www.googleapis.com/auth/', '');
}
