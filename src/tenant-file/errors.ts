import type { TenantFileProblem } from './types.js';

// One error for the whole file: the loader collects every problem first so a user can fix a file
// in one pass instead of one restart per typo.
export class TenantFileError extends Error {
  readonly problems: TenantFileProblem[];

  constructor(problems: TenantFileProblem[]) {
    const sorted = [...problems].sort(compareProblems);
    const head = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    super(`tenant file has ${head}:\n${formatProblems(sorted)}`);
    this.name = 'TenantFileError';
    this.problems = sorted;
  }

  format(): string {
    return formatProblems(this.problems);
  }
}

export function formatProblem(p: TenantFileProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.path ? `${where}  ${p.path}  ${p.message}` : `${where}  ${p.message}`;
}

export function formatProblems(problems: TenantFileProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

export function compareProblems(a: TenantFileProblem, b: TenantFileProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path);
}
