import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import type { AppResult, StepRecord } from '../shared/run-log.js';
import { parsePrompt, type Prompt } from '../shared/prompts.js';
import type { Mode } from '../shared/target.js';
import { Person } from './person.js';

// What a scenario (examples/apps/<name>/scenario.ts) gets: the running tenantbox, its admin API,
// scripted people, and a way to run the app as its own Node process, answering its prompts.

export const PASSWORD = 'Passw0rd!';

export interface TenantboxInfo {
  url: string;
  proxyUrl: string;
  caCertPath: string;
  dataDir: string;
  adminKey: string;
}

export interface AppRun {
  args: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** What the app reported (its $EXAMPLE_RESULT file); undefined when it crashed before writing it. */
  result?: AppResult;
  /** Prompts the app printed, in order. */
  prompts: Prompt[];
}

export type PromptHandler = (p: Prompt) => Promise<void> | void;

export interface ScenarioContext {
  tb: TenantboxInfo;
  mode: Mode;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** A person with the demo password; one browser (cookie jar) per person per scenario. */
  person(upn: string): Person;
  /** Runs examples/apps/<app>/app.ts with `args`; `onPrompt` answers what it asks for. */
  run(args: string[], onPrompt?: PromptHandler, env?: Record<string, string>): Promise<AppRun>;
}

export interface ContextOptions {
  tb: TenantboxInfo;
  repoRoot: string;
  app: string;
  mode: Mode;
  /** Absolute path of tenantbox's intercept preload (dist/src/intercept/preload.js). */
  preload: string;
  /** Environment every run gets (e.g. the Google key file). */
  env?: Record<string, string>;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export function createContext(o: ContextOptions): ScenarioContext & { close(): Promise<void> } {
  const ca = readFileSync(o.tb.caCertPath, 'utf8');
  const dispatcher = new Agent({ connect: { ca } });
  const people = new Map<string, Person>();
  const log = o.log ?? (() => {});

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`/_tenantbox${path}`, o.tb.url), {
      method,
      dispatcher,
      headers: { authorization: `Bearer ${o.tb.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const run = async (args: string[], onPrompt?: PromptHandler, env: Record<string, string> = {}): Promise<AppRun> => {
    const dir = mkdtempSync(join(tmpdir(), `example-${o.app}-`));
    const resultFile = join(dir, 'result.json');
    const childEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      NODE_EXTRA_CA_CERTS: o.tb.caCertPath,
      EXAMPLE_RESULT: resultFile,
      EXAMPLE_MODE: o.mode,
      ...(o.mode === 'direct' ? { TENANTBOX_URL: o.tb.url } : { HTTPS_PROXY: o.tb.proxyUrl, NODE_OPTIONS: `--import=${o.preload}` }),
      ...o.env,
      ...env,
    };
    const appFile = join(o.repoRoot, 'examples', 'apps', o.app, 'app.ts');
    log(`$ ${o.mode === 'intercept' ? 'HTTPS_PROXY=… ' : 'TENANTBOX_URL=… '}node --import tsx examples/apps/${o.app}/app.ts ${args.join(' ')}`);
    const child = spawn(process.execPath, ['--import', 'tsx', appFile, ...args], { cwd: o.repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const prompts: Prompt[] = [];
    const pending: Promise<void>[] = [];
    let failure: unknown;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        log(`  ${line}`);
        const p = parsePrompt(line);
        if (!p) continue;
        prompts.push(p);
        if (!onPrompt) continue;
        pending.push(
          Promise.resolve()
            .then(() => onPrompt(p))
            .catch((e) => {
              failure ??= e;
              child.kill();
            }),
        );
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      failure ??= new Error(`examples/apps/${o.app}/app.ts ${args.join(' ')} did not finish within ${(o.timeoutMs ?? 60_000) / 1000} s`);
      child.kill();
    }, o.timeoutMs ?? 60_000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    await Promise.all(pending);
    let result: AppResult | undefined;
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8')) as AppResult;
    } catch {
      result = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
    if (failure) throw new Error(`${(failure as Error).message ?? failure}\n--- app stdout ---\n${stdout}\n--- app stderr ---\n${stderr}`);
    if (stderr.trim()) log(`  (stderr) ${stderr.trim().split('\n').join('\n  (stderr) ')}`);
    return { args, exitCode, stdout, stderr, result, prompts };
  };

  return {
    tb: o.tb,
    mode: o.mode,
    admin,
    person(upn) {
      let p = people.get(upn);
      if (!p) people.set(upn, (p = new Person(upn, PASSWORD, { ca, proxyUrl: o.tb.proxyUrl })));
      return p;
    },
    run,
    async close() {
      await Promise.all([...people.values()].map((p) => p.close()));
      await dispatcher.close();
    },
  };
}

/** The steps of a run, for assertions: "feature/step" → outcome (and code when not ok). */
export function outcomes(run: AppRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of run.result?.steps ?? []) out[`${s.feature}/${s.step}`] = s.outcome === 'ok' ? 'ok' : `${s.outcome}${s.status ? ` ${s.status}` : ''}${s.code ? ` ${s.code}` : ''}`;
  return out;
}

export type { StepRecord };
