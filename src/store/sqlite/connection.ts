import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import type { DB } from './schema.js';

// The one SQLite connection and the rules for using it.
//
// Statements execute synchronously (better-sqlite3), so a single store call is atomic with respect
// to the event loop. Queries are *built* with kysely (so a PostgreSQL implementation compiles the
// same query shapes) but compiled once into a cached better-sqlite3 statement: kysely's own
// SqliteDriver re-prepares every statement and adds several promise hops per query: a primary
// key lookup measured 20-30 µs that way against 2-7 µs compiled once (see `prepare` below).
//
// Transactions: `transaction(fn)` takes an async `fn`, so other requests run while it awaits. On
// one connection their statements would silently join the open transaction (and be rolled back
// with it, or lost on SIGKILL before COMMIT, although their callers were told they succeeded).
// So a FIFO mutex guards the connection: `transaction` holds it from BEGIN IMMEDIATE to
// COMMIT/ROLLBACK, and every store call made *outside* that transaction (told apart with
// AsyncLocalStorage) waits for it. Calls made inside it run at once. A nested `transaction`
// becomes a SAVEPOINT. Without an open transaction a store call costs no await at all.

interface Tx {
  readonly id: number;
}

export interface Clearable {
  clear(): void;
}

type Arg = { name: string } | { value: unknown };

export interface Prepared<A> {
  /** The compiled statement and its parameter names in bind order, for hot paths that bind positionally. */
  readonly statement: Database.Statement;
  readonly names: readonly (string | null)[];
  all(args: A): any[];
  get(args: A): any;
  run(args: A): Database.RunResult;
  /** The first column of every row. */
  pluck(args: A): any[];
}

const PARAM = '\u0000param:';

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
export function toSql(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

export class SqliteConnection<S = DB> {
  private readonly statements = new Map<string, Database.Statement>();
  /** SQL of every statement compiled by `prepare`, for the query-plan test. */
  readonly preparedSql: string[] = [];
  private readonly als = new AsyncLocalStorage<Tx>();
  private readonly caches: Clearable[] = [];
  private tx: Tx | null = null;
  private txSeq = 0;
  private savepointSeq = 0;
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly db: Database.Database,
    readonly k: Kysely<S>,
  ) {}

  /** Runs a synchronous store operation, after any transaction that is not the caller's own. */
  run<T>(op: () => T): T | Promise<T> {
    if (!this.locked || this.inOwnTransaction()) return op();
    return this.acquire().then(() => {
      try {
        return op();
      } finally {
        this.release();
      }
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inOwnTransaction()) return this.savepoint(fn);
    await this.acquire();
    const tx: Tx = { id: ++this.txSeq };
    this.tx = tx;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const out = await this.als.run(tx, fn);
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      // Reads inside the transaction may have cached rows that no longer exist.
      this.clearCaches();
      throw e;
    } finally {
      this.tx = null;
      this.release();
    }
  }

  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepointSeq}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const out = await fn();
      this.db.exec(`RELEASE ${name}`);
      return out;
    } catch (e) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      this.clearCaches();
      throw e;
    }
  }

  /** Waits until no transaction is open, then holds the connection (for close()). */
  async exclusive<T>(op: () => T): Promise<T> {
    await this.acquire();
    try {
      return op();
    } finally {
      this.release();
    }
  }

  private inOwnTransaction(): boolean {
    return this.tx !== null && this.als.getStore() === this.tx;
  }

  private acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }

  registerCache(c: Clearable): void {
    this.caches.push(c);
  }

  clearCaches(): void {
    for (const c of this.caches) c.clear();
  }

  statement(sqlText: string): Database.Statement {
    let s = this.statements.get(sqlText);
    if (!s) {
      s = this.db.prepare(sqlText);
      // Dynamic queries (IN lists of varying length) could grow this without bound.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sqlText, s);
    }
    return s;
  }

  /**
   * Compiles a kysely query once, with named parameters, into a cached statement. `p(name)` puts
   * a placeholder where the value of `args[name]` is bound at each execution; literal values in
   * the builder stay bound as given. The result costs one better-sqlite3 call per execution;
   * going through kysely's own driver (which re-prepares every statement and adds promise hops)
   * measured 4-10x slower for a single-row lookup.
   */
  prepare<A extends Record<string, unknown>>(build: (p: (name: keyof A & string) => any) => Compilable, opts: { raw?: boolean } = {}): Prepared<A> {
    const compiled = build((name) => `${PARAM}${name}`).compile();
    const order: Arg[] = compiled.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(PARAM) ? { name: v.slice(PARAM.length) } : { value: toSql(v) },
    );
    const stmt = this.db.prepare(compiled.sql);
    this.preparedSql.push(compiled.sql);
    // Raw mode returns each row as an array in select order: about half the cost of row objects.
    if (opts.raw) stmt.raw(true);
    const bind = (a: A) => order.map((o) => ('name' in o ? toSql(a[o.name]) : o.value));
    const reader = stmt.reader;
    const plucker = reader ? this.db.prepare(compiled.sql).pluck() : null;
    return {
      statement: stmt,
      names: order.map((o) => ('name' in o ? o.name : null)),
      all: (a) => stmt.all(...bind(a)),
      get: (a) => stmt.get(...bind(a)),
      run: (a) => stmt.run(...bind(a)),
      pluck: (a) => plucker!.all(...bind(a)),
    };
  }

  /** Runs a query built on the fly (filters that vary per call); statements are cached by SQL text. */
  all(q: Compilable): any[] {
    const c = q.compile();
    return this.statement(c.sql).all(...c.parameters.map(toSql));
  }

  exec(q: Compilable): Database.RunResult {
    const c = q.compile();
    return this.statement(c.sql).run(...c.parameters.map(toSql));
  }
}
