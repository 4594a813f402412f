import type { FastifyRequest } from 'fastify';
import type { PathMatch } from '../../catalog/index.js';
import type { Services } from '../../shared/services.js';
import type { TenantRecord } from '../../store/types.js';
import type { GraphError, Workload } from '../errors.js';
import type { GraphPrincipal } from './principal.js';

// Resource rules: what decides, after the token holds an accepted permission, whether it reaches
// *this* resource (semantics doc §4.1 steps 4-6). A route names the resource it touches
// (`authorize(req, { resource: mailbox(id) })`); every rule registered for that resource kind runs,
// in registration order, and the first refusal wins. Areas register their own kinds (the directory
// registers `directoryObject`, calendar plugs in mailbox rules) in `registerGraph`.

/** What a route touches. `kind` selects the rules; the rest is the rule's own data. */
export interface ResourceRef {
  kind: string;
}

export interface RuleContext<R extends ResourceRef = ResourceRef> {
  req: FastifyRequest;
  s: Services;
  principal: GraphPrincipal;
  tenant: TenantRecord;
  /** The catalog's data for this request (method, template, accepted permissions). */
  match: PathMatch;
  resource: R;
  workload: Workload;
  /** Accepted permissions the token holds (AlsoRequires met), least privileged first. Never empty. */
  allowing: readonly string[];
  /** Every permission that may reach this resource (catalog list plus any rule's widening). */
  accepted: readonly string[];
}

export type RuleOutcome =
  | {
      allow: true;
      /** Narrows which held permission allowed the call (e.g. the `.Shared` scope for another mailbox). */
      permission?: string;
      /** The resolved resource, handed back to the handler (saves it a second lookup). */
      target?: unknown;
      /** Outlook throttling applies per (app, mailbox): the mailbox object id. */
      throttleMailboxId?: string;
    }
  | {
      allow: false;
      error: GraphError;
      /** Permissions that would have allowed it (recorded in the audit log). */
      missing?: string[];
      /** The policy that refused it, e.g. `ApplicationAccessPolicy:<id> RestrictAccess <group>`. */
      policy?: string;
    };

export interface ResourceRule<R extends ResourceRef = ResourceRef> {
  /** Short name for errors and docs. */
  name: string;
  /**
   * Permissions that reach this resource besides the catalog's list, derived from the catalog by a
   * documented rule (e.g. a `.Shared` scope reaches another user's mailbox, §1.2.2). Never a
   * hand-written list.
   */
  widen?(accepted: readonly string[], ctx: { s: Services; principal: GraphPrincipal; resource: R }): readonly string[];
  check(ctx: RuleContext<R>): Promise<RuleOutcome>;
}

export class ResourceRuleRegistry {
  private readonly byKind = new Map<string, ResourceRule<ResourceRef>[]>();

  /** Adds a rule for a resource kind; rules of one kind run in registration order. */
  register<R extends ResourceRef>(kind: R['kind'], rule: ResourceRule<R>): void {
    const list = this.byKind.get(kind) ?? [];
    list.push(rule as unknown as ResourceRule<ResourceRef>);
    this.byKind.set(kind, list);
  }

  /** Replaces every rule of a kind (an area taking over a default). */
  replace<R extends ResourceRef>(kind: R['kind'], rule: ResourceRule<R>): void {
    this.byKind.set(kind, [rule as unknown as ResourceRule<ResourceRef>]);
  }

  rulesFor(kind: string): readonly ResourceRule<ResourceRef>[] {
    const rules = this.byKind.get(kind);
    // A route naming a resource nobody guards would silently skip policies: refuse loudly instead.
    if (!rules) throw new Error(`graph: no resource rule is registered for resource kind "${kind}"`);
    return rules;
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}
