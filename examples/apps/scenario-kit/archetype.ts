import type { Observation } from '../../../src/analyzer/index.js';
import type { Mode } from '../shared/target.js';
import type { AppRun, ScenarioContext } from './context.js';

// One archetype app as scripts/run-examples.ts runs it: its manifest, the registrations whose
// traffic its audit reads, and the scenario around the app (the people at the sign-in pages, the
// administrator moving the clock or revoking sessions).

export interface Archetype {
  /** Folder under examples/apps/ (and the manifest's archetype). */
  name: string;
  /** Manifest, relative to the repository root. */
  manifest: string;
  /** Display names of its Entra app registrations in the demo tenant (the first one's id goes into the manifest). */
  entraApps: string[];
  /** The registration's redirect URI in the demo tenant (consent URLs in PERMISSIONS.md). */
  redirectUri?: string;
  /** Google service account names (their key file's client id is the audit's app id). */
  googleServiceAccounts?: string[];
  /**
   * One audit per connection model, each on that model's own traffic (e.g. a service account's
   * delegated calls apart from the users'). Default: one audit of all traffic against the whole manifest.
   */
  audits?: { model: string; select(o: Observation, ids: AuditIds): boolean }[];
  /** How its traffic reaches tenantbox. */
  mode: Mode;
  /** Runs the app (once or several times); the runs by name, for the test to check. */
  scenario(ctx: ScenarioContext): Promise<Record<string, AppRun>>;
}

/** Ids in the demo tenant, for telling a model's traffic apart. */
export interface AuditIds {
  /** App id of an app registration, by display name. */
  app(displayName: string): string;
  /** Object id of a user, by UPN (lower case). */
  user(upn: string): string;
}
