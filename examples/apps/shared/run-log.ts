import { writeFileSync } from 'node:fs';

// What an example app did, step by step: printed as it goes, and written as JSON to
// $EXAMPLE_RESULT when set (scripts/run-examples.ts and the examples test read it).
//
// Outcomes: ok; refused (the service said no: 401/403, or the identity platform refused a grant —
// reported, never hidden); gap (tenantbox answered 501: Graph has it, tenantbox does not emulate
// it yet); error (anything else: a bug, in the app or the emulator). An app exits non-zero only
// on an error.

export type Outcome = 'ok' | 'refused' | 'gap' | 'error';

export interface StepRecord {
  feature: string;
  step: string;
  outcome: Outcome;
  status?: number;
  /** Graph error code, OAuth error, or AADSTS code. */
  code?: string;
  message?: string;
  /** A short, deterministic description of what came back. */
  summary?: string;
  data?: unknown;
}

export interface AppResult {
  app: string;
  mode: string;
  steps: StepRecord[];
}

export class RunLog {
  readonly steps: StepRecord[] = [];
  constructor(
    readonly app: string,
    readonly mode: string,
  ) {}

  /** Runs one step; a thrown error becomes its outcome, so the app carries on with the next one. */
  async step<T>(feature: string, step: string, fn: () => Promise<T>, describe?: (value: T) => string | { summary: string; data?: unknown }): Promise<T | undefined> {
    try {
      const value = await fn();
      const d = describe?.(value);
      const rec: StepRecord = { feature, step, outcome: 'ok', ...(typeof d === 'string' ? { summary: d } : d) };
      this.add(rec);
      return value;
    } catch (e) {
      this.add({ feature, step, ...classify(e) });
      return undefined;
    }
  }

  note(feature: string, step: string, outcome: Outcome, message: string, extra: Partial<StepRecord> = {}): void {
    this.add({ feature, step, outcome, message, ...extra });
  }

  private add(r: StepRecord): void {
    this.steps.push(r);
    const tail = r.outcome === 'ok' ? (r.summary ?? '') : [r.status, r.code, r.message].filter((x) => x !== undefined && x !== '').join(' ');
    console.log(`${r.outcome.padEnd(7)} ${r.feature.padEnd(16)} ${r.step}${tail ? ` — ${tail}` : ''}`);
  }

  /** Writes the result file and returns the process exit code. */
  finish(): number {
    const result: AppResult = { app: this.app, mode: this.mode, steps: this.steps };
    if (process.env.EXAMPLE_RESULT) writeFileSync(process.env.EXAMPLE_RESULT, JSON.stringify(result, null, 2));
    const count = (o: Outcome) => this.steps.filter((s) => s.outcome === o).length;
    console.log(`${this.app}: ${count('ok')} ok, ${count('refused')} refused, ${count('gap')} not emulated, ${count('error')} errors`);
    return count('error') ? 1 : 0;
  }
}

/** Maps the errors of the official SDKs (Graph client, MSAL, gaxios) to an outcome. */
export function classify(e: unknown): Omit<StepRecord, 'feature' | 'step'> {
  const err = e as Record<string, any>;
  // @microsoft/microsoft-graph-client GraphError
  if (typeof err?.statusCode === 'number') {
    const status: number = err.statusCode;
    return { outcome: outcomeOf(status), status, code: err.code ?? undefined, message: firstLine(err.message) };
  }
  // MSAL (ServerError, InteractionRequiredAuthError…): the AADSTS code is in the message.
  if (typeof err?.errorCode === 'string') {
    const aadsts = /AADSTS\d+/.exec(String(err.errorMessage ?? err.message))?.[0];
    const refused = ['invalid_grant', 'interaction_required', 'consent_required', 'invalid_client', 'unauthorized_client', 'access_denied', 'invalid_scope'].includes(err.errorCode);
    return { outcome: refused ? 'refused' : 'error', code: aadsts ?? err.errorCode, message: firstLine(err.errorMessage ?? err.message) };
  }
  // gaxios (googleapis, google-auth-library)
  const status = err?.status ?? err?.response?.status;
  if (typeof status === 'number') {
    const data = err.response?.data;
    const code = typeof data?.error === 'string' ? data.error : (data?.error?.status ?? data?.error?.errors?.[0]?.reason);
    return { outcome: outcomeOf(status), status, code, message: firstLine(typeof data?.error_description === 'string' ? data.error_description : (data?.error?.message ?? err.message)) };
  }
  if (err?.name === 'AuthCodeError') return { outcome: 'refused', code: err.code, message: firstLine(err.message) };
  return { outcome: 'error', message: firstLine(err?.stack ?? String(e)) };
}

function outcomeOf(status: number): Outcome {
  if (status === 501) return 'gap';
  if (status === 401 || status === 403) return 'refused';
  return 'error';
}

function firstLine(s: unknown): string {
  return String(s ?? '').split('\n')[0]!.slice(0, 300);
}

/** Runs main() and exits with the run's code; an exception outside a step is a crash. */
export function runMain(main: () => Promise<RunLog>): void {
  main().then(
    (log) => process.exit(log.finish()),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}
