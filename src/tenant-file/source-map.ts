import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { TenantFileProblem } from './types.js';

// Maps a field path such as ["users", 2, "upn"] back to a line and column of the YAML text,
// so every problem (schema, reference, relative time) can say exactly where it is.

export type Path = (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface ParsedYaml {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  /** YAML syntax errors; when non-empty the documents must not be interpreted. */
  problems: TenantFileProblem[];
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // merge: true lets files share defaults through YAML merge keys (<<: *defaults).
  const docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems: TenantFileProblem[] = [];
  for (const doc of list) {
    for (const err of doc.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      problems.push({ file, line: pos.line, column: pos.col, path: '', message: `YAML syntax error: ${yamlMessage(err.message)}` });
    }
  }
  return { docs: list, lineCounter, problems };
}

function yamlMessage(message: string): string {
  // yaml appends " at line N, column M" plus a code frame when prettyErrors is on; keep the first line.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export class SourceLocator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  /**
   * Where a path is written. `at: 'key'` points at a mapping key (for unknown fields); a path
   * that does not exist (a missing field) resolves to the deepest existing parent.
   */
  locate(path: Path, at: 'value' | 'key' = 'value'): Position {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? this.doc.range[0];
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(this.doc);
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        if (last && at === 'key' && keyStart !== undefined) {
          offset = keyStart;
          break;
        }
        node = pair.value;
        // `field:` with nothing after it has no value node; the key is the best place to point.
        offset = rangeStart(node) ?? keyStart ?? offset;
        if (node === null || node === undefined) break;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** Line and column of the start of this document (for problems about the document as a whole). */
  documentStart(): Position {
    const pos = this.lineCounter.linePos(rangeStart(this.doc.contents) ?? this.doc.range[0]);
    return { line: pos.line, column: pos.col };
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
