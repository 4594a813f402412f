import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../src/catalog/index.js';

// The permission matrix every Graph area runs over its routes (issue 4: "a token holding only the
// least permission succeeds, one holding an unrelated permission gets 403 naming the missing
// ones, a higher-privileged one succeeds"). Each area says how to read a case's permissions from
// the catalog, how to call it, and what its workload's refusal looks like; the three checks are
// the same everywhere, so they live here once.

export interface MatrixCase {
  name: string;
  schemes: readonly Scheme[];
  /** The status of a permitted call. */
  status: number;
}

export interface MatrixPermissions {
  /** What a token needs at the least: the least-privileged permission (with any companion it requires). */
  least: string[];
  /** A higher-privileged set that must work too; null where Microsoft lists only one. */
  higher: string[] | null;
  /** Every accepted permission, least privileged first: what the refusal must name. */
  accepted: readonly string[];
}

export interface Answer {
  status: number;
  body: any;
}

export interface PermissionMatrix<C extends MatrixCase> {
  cases: readonly C[];
  permissionsFor(c: C, scheme: Scheme): MatrixPermissions;
  /** Calls the case with a token holding exactly `permissions`. */
  run(c: C, scheme: Scheme, permissions: string[]): Promise<Answer>;
  /** Permissions that allow none of the cases. */
  unrelated: string[];
  refusal: {
    /** How the workload refuses, for the test's title ("Teams' 403"). */
    name: string;
    /** The workload's code and message. */
    check(error: any, c: C, scheme: Scheme): void;
    /** The message names every accepted permission (else the first three). */
    namesAll?: boolean;
  };
}

export function permissionMatrix<C extends MatrixCase>(m: PermissionMatrix<C>): void {
  describe.each(m.cases.flatMap((c) => c.schemes.map((scheme) => [`${c.name} (${scheme})`, c, scheme] as const)))('%s', (_name, c, scheme) => {
    it('the least-privileged permission succeeds', async () => {
      const { least } = m.permissionsFor(c, scheme);
      const r = await m.run(c, scheme, least);
      expect(r.status, `${least.join(' + ')} → ${JSON.stringify(r.body)}`).toBe(c.status);
    });

    it(`an unrelated permission gets ${m.refusal.name} naming what was missing`, async () => {
      const { accepted } = m.permissionsFor(c, scheme);
      const r = await m.run(c, scheme, m.unrelated);
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      m.refusal.check(r.body.error, c, scheme);
      expect(r.body.error.details[0].target).toBe(accepted[0]);
      for (const p of m.refusal.namesAll ? accepted : accepted.slice(0, 3)) expect(r.body.error.details[0].message).toContain(p);
    });

    it('a higher-privileged permission succeeds (skipped where Microsoft lists only one)', async (ctx) => {
      const { least, higher } = m.permissionsFor(c, scheme);
      if (!higher) return ctx.skip();
      expect(higher).not.toEqual(least);
      const r = await m.run(c, scheme, higher);
      expect(r.status, `${higher.join(' + ')} → ${JSON.stringify(r.body)}`).toBe(c.status);
    });
  });
}
