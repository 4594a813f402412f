import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './exit-codes.js';

// Flags shared by commands that address a data dir, and a parseArgs wrapper that turns unknown
// flags into a usage error (exit 2) naming the command's help.

export const DATA_DIR_FLAG = { 'data-dir': { type: 'string' as const, short: 'd' } };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, allowPositionals = false): { values: Record<string, any>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new CliError(EXIT.usage, `${(e as Error).message}\nSee: tenantbox ${command} --help`);
  }
}

export function dataDirOf(values: { 'data-dir'?: string | boolean }): string {
  return typeof values['data-dir'] === 'string' ? values['data-dir'] : process.env.TENANTBOX_DATA_DIR ?? '.tenantbox';
}
