import type { z } from 'zod';
import { ALLOWED_KEYS_MARKER } from './schema.js';
import type { Path } from './source-map.js';

// Turns zod issues into tenant-file problems: one per unknown key, a "missing field" that points at
// the mapping it is missing from, and messages that say what was expected in the file's terms.

export type Report = (path: Path, message: string, at?: 'value' | 'key') => void;

export function reportIssues(issues: readonly z.core.$ZodIssue[], base: Path, input: unknown, report: Report): void {
  for (const issue of issues) reportIssue(issue, base, input, report);
}

function reportIssue(issue: z.core.$ZodIssue, base: Path, input: unknown, report: Report): void {
  const rel = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const path = [...base, ...rel];
  const value = valueAt(input, rel);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = issue.message.startsWith(ALLOWED_KEYS_MARKER) ? issue.message.slice(ALLOWED_KEYS_MARKER.length).split(',') : [];
      for (const key of issue.keys) {
        const hint = closest(key, allowed);
        const expected = allowed.length ? `; expected one of: ${allowed.join(', ')}` : '';
        report([...path, key], `unknown field '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}${expected}`, 'key');
      }
      return;
    }
    case 'invalid_union': {
      // Report the branch whose type matched (an object with a bad field), not "no branch matched".
      const candidates = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
      if (candidates.length === 1) {
        reportIssues(candidates[0], path, value, report);
        return;
      }
      report(path, value === undefined ? `missing required field '${String(path.at(-1))}'` : issue.message === 'Invalid input' ? 'does not match any accepted form' : issue.message);
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        report(path, `missing required field '${String(path.at(-1))}' (${describeType(issue.expected)})`);
      } else {
        report(path, `expected ${describeType(issue.expected)}, got ${describeValue(value)}`);
      }
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      report(path, `expected one of: ${values.join(', ')}; got ${describeValue(value)}${suggestion(value, values)}`);
      return;
    }
    case 'too_small': {
      if (issue.origin === 'array' || issue.origin === 'set') report(path, `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`);
      else if (issue.origin === 'string') report(path, 'must not be empty');
      else report(path, `must be at least ${issue.minimum}${issue.inclusive === false ? ' (exclusive)' : ''}; got ${describeValue(value)}`);
      return;
    }
    case 'too_big': {
      if (issue.origin === 'array' || issue.origin === 'set') report(path, `must have at most ${issue.maximum} items`);
      else if (issue.origin === 'string') report(path, `must be at most ${issue.maximum} characters`);
      else report(path, `must be at most ${issue.maximum}; got ${describeValue(value)}`);
      return;
    }
    case 'not_multiple_of':
      report(path, `must be a whole number; got ${describeValue(value)}`);
      return;
    default:
      report(path, issue.message);
  }
}

function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'record':
      return 'a mapping';
    default:
      return expected;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}

function suggestion(value: unknown, allowed: string[]): string {
  if (typeof value !== 'string') return '';
  const hint = closest(value, allowed);
  return hint ? ` (did you mean '${hint}'?)` : '';
}

/** The allowed word a typo most likely meant, if any is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.min(3, Math.max(1, Math.floor(word.length / 6)))) return best;
  // A truncated name ("Global Admin") is a likely abbreviation of the full one.
  if (word.length >= 4) return candidates.find((c) => c.toLowerCase().startsWith(word.toLowerCase()));
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}
