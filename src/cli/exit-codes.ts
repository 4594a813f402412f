// Exit codes of the tenantbox CLI (documented in docs/cli.md).
export const EXIT = {
  ok: 0,
  /** Something failed at run time (see the message). */
  failure: 1,
  /** The command line was wrong (unknown command or flag, missing value). */
  usage: 2,
  /** The tenant file has problems; one line per problem was printed. */
  invalidTenantFile: 3,
  /** No tenantbox is running on this data dir (status, env, and commands that need a server). */
  notRunning: 4,
  /** Another tenantbox already runs on this data dir. */
  busy: 5,
  /** A CI gate failed (audit --fail-on, check). */
  gateFailed: 6,
} as const;

export class CliError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}
