import { audit, auditHelp } from './commands/audit.js';
import { check, checkHelp } from './commands/check.js';
import { consent, consentHelp } from './commands/consent.js';
import { docs, docsHelp } from './commands/docs.js';
import { env, envHelp } from './commands/env.js';
import { generate, generateHelp } from './commands/generate.js';
import { log, logHelp } from './commands/log.js';
import { reset, resetHelp } from './commands/reset.js';
import { status, statusHelp } from './commands/status.js';
import { up, upHelp } from './commands/up.js';
import { user, userHelp } from './commands/user.js';
import { CliError, EXIT } from './exit-codes.js';

// `tenantbox <command>`: each command lives in commands/<name>.ts with its own --help text.

interface Command {
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  up: { summary: 'start tenantbox (on the demo tenant unless --tenant-file)', help: upHelp, run: up },
  env: { summary: 'print the exports that point an app at the running tenantbox', help: envHelp, run: env },
  status: { summary: 'show whether tenantbox runs on the data dir, and where', help: statusHelp, run: status },
  log: { summary: 'print the audit log (--follow to keep printing)', help: logHelp, run: log },
  consent: { summary: 'grant, revoke or list consents', help: consentHelp, run: consent },
  user: { summary: 'user revoke-sessions <upn>: sign a user out everywhere', help: userHelp, run: user },
  audit: { summary: 'least privilege: the minimal permission set for observed traffic, and what is excess', help: auditHelp, run: audit },
  check: { summary: 'static checks of an app manifest (names, types, redundancy, admin consent, legacy)', help: checkHelp, run: check },
  docs: { summary: 'write a permissions reference from a manifest (and an audit report)', help: docsHelp, run: docs },
  generate: { summary: 'create a large tenant (rooms, meetings) for load tests, with progress', help: generateHelp, run: generate },
  reset: { summary: 'return the data dir to its tenant file (ids kept)', help: resetHelp, run: reset },
};

export const mainHelp = () => `tenantbox: a Microsoft 365 / Google Workspace tenant on this machine.

Usage: tenantbox <command> [options]     (tenantbox <command> --help for its options)

Commands:
${Object.entries(COMMANDS)
  .map(([n, c]) => `  ${n.padEnd(18)}${c.summary}`)
  .join('\n')}

Exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid tenant file, 4 not running, 5 data dir busy,
6 a CI gate failed. Docs: docs/cli.md.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) console.log(COMMANDS[rest[0]]!.help);
    else console.log(mainHelp());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    const { VERSION } = await import('../server.js');
    console.log(VERSION);
    return EXIT.ok;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`tenantbox: unknown command "${name}".\n\n${mainHelp()}`);
    return EXIT.usage;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`tenantbox ${name}: ${e.message}`);
      return e.exitCode;
    }
    console.error(`tenantbox ${name}: ${(e as Error).stack ?? e}`);
    return EXIT.failure;
  }
}
