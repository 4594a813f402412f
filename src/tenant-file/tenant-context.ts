import type { z } from 'zod';
import type { TimeContext } from './relative-time.js';
import { formatPath, type Path, type SourceLocator } from './source-map.js';
import type { SourceRef, TenantFileProblem } from './types.js';
import { reportIssues } from './zod-issues.js';

export type KnownPermission = (resource: string, scheme: 'delegated' | 'application', name: string) => boolean;

export interface LoadOptions {
  now: Date;
  /** Consulted for Microsoft Graph permission names; the caller injects the catalog. */
  knownPermission?: KnownPermission;
}

/** A normalized item and where it was written (path relative to the tenant). */
export interface Entry<T> {
  spec: T;
  path: Path;
}

// Everything a stage needs to report problems about one tenant: paths are relative to the
// tenant (base is ["tenants", i] in a `tenants:` list file, [] otherwise).
export class TenantContext {
  /** Natural keys (addresses, names) of items that failed validation; references to them are not re-reported. */
  readonly unresolvable = new Set<string>();
  time: TimeContext;

  constructor(
    readonly file: string,
    readonly base: Path,
    private readonly locator: SourceLocator,
    private readonly problems: TenantFileProblem[],
    readonly opts: LoadOptions & { baseDir: string; readFile: (path: string) => string },
  ) {
    this.time = { now: opts.now, timeZone: 'UTC' };
  }

  report(path: Path, message: string, at: 'value' | 'key' = 'value'): void {
    const full = [...this.base, ...path];
    const pos = this.locator.locate(full, at);
    this.problems.push({ file: this.file, line: pos.line, column: pos.column, path: formatPath(full), message });
  }

  source(path: Path): SourceRef {
    const full = [...this.base, ...path];
    return { file: this.file, line: this.locator.locate(full).line, path: formatPath(full) };
  }

  get problemCount(): number {
    return this.problems.length;
  }

  /** Validates each item on its own so one bad item neither hides the others nor their references. */
  parseItems<S extends z.ZodType>(section: Path, items: readonly unknown[], schema: S): Entry<z.output<S>>[] {
    const out: Entry<z.output<S>>[] = [];
    items.forEach((item, i) => {
      const path = [...section, i];
      const value = this.parseOne(path, item, schema);
      if (value !== undefined) out.push({ spec: value, path });
      else this.rememberKeys(item);
    });
    return out;
  }

  /** Validates one value; reports its issues and returns undefined if it is invalid. */
  parseOne<S extends z.ZodType>(path: Path, value: unknown, schema: S): z.output<S> | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    reportIssues(result.error.issues, path, value, (p, m, at) => this.report(p, m, at));
    return undefined;
  }

  private rememberKeys(item: unknown): void {
    if (item === null || typeof item !== 'object') return;
    for (const key of ['upn', 'email', 'mail', 'displayName', 'name', 'appId']) {
      const v = (item as Record<string, unknown>)[key];
      if (typeof v === 'string') this.unresolvable.add(v.trim().toLowerCase());
    }
  }

  /** True if a reference may point at an item that was itself invalid (already reported). */
  isUnresolvable(ref: string): boolean {
    return this.unresolvable.has(ref.trim().toLowerCase());
  }
}
