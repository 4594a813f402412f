import { compileTemplateSegment, splitGraphPath } from '../segments.js';

// Cleans one raw path template from permissions.json and gives it a display form and a match key.
// Fixes applied (each seen in the data): a query part (`/agentInstances?$filter=…`) is dropped,
// `{id}}` becomes `{id}`, a parenthesized key segment `(team-id)` becomes `{team-id}`, and a trailing
// slash is removed. Literal text is lower-cased because Graph compares it case-insensitively.
export function canonicalGraphTemplate(raw: string): { display: string; key: string } {
  let t = raw;
  const q = t.indexOf('?');
  if (q >= 0) t = t.slice(0, q);
  t = t.replace(/\}\}/g, '}');
  if (t.length > 1 && t.endsWith('/')) t = t.slice(0, -1);
  const display: string[] = [];
  const key: string[] = [];
  for (let seg of splitGraphPath(t)) {
    const paren = /^\(([^'()=]+)\)$/.exec(seg);
    if (paren) seg = `{${paren[1]}}`;
    const pattern = compileTemplateSegment(seg, true);
    switch (pattern.kind) {
      case 'param':
        display.push(seg);
        key.push('{}');
        break;
      case 'rest':
        throw new Error(`catalog: Graph template ${raw} uses a {+rest} parameter, which Graph does not have`);
      case 'literal':
        display.push(pattern.key);
        key.push(`L:${pattern.key}`);
        break;
      case 'call':
        display.push(seg.toLowerCase());
        key.push(`C:${pattern.key}`);
        break;
      case 'regex': {
        const lowered = seg.toLowerCase();
        display.push(lowered);
        const again = compileTemplateSegment(lowered, true);
        key.push(`R:${again.kind === 'regex' ? again.source : lowered}`);
        break;
      }
    }
  }
  return { display: `/${display.join('/')}`, key: key.join('/') };
}
