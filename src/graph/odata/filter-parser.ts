import { graphErrors } from '../errors.js';

// A small recursive-descent parser for the OData `$filter` subset Graph uses:
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | compare
//   compare := primary (('eq'|'ne'|'gt'|'ge'|'lt'|'le') primary | 'in' '(' literal (',' literal)* ')')?
//   primary := '(' expr ')' | literal | call | path ('/' ('any'|'all') '(' [var ':' expr] ')')?
//   call    := ('startswith'|'endswith'|'contains') '(' expr ',' expr ')'
//   literal := 'text' ('' escapes a quote) | number | true | false | null | GUID | ISO date-time
//
// Keywords are case-insensitive. Errors name the position, in ODL's words ("Syntax error at
// position 14 in 'displayName eq'."), wrapped in Graph's "Invalid filter clause".

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterFunction = 'startswith' | 'endswith' | 'contains';

export type FilterNode =
  | { type: 'literal'; kind: 'string' | 'number' | 'boolean' | 'null' | 'datetime' | 'guid'; value: string | number | boolean | null }
  | { type: 'path'; segments: string[] }
  | { type: 'compare'; op: CompareOp; left: FilterNode; right: FilterNode }
  | { type: 'in'; left: FilterNode; values: FilterNode[] }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'call'; name: FilterFunction; args: FilterNode[] }
  | { type: 'lambda'; op: 'any' | 'all'; collection: string[]; variable: string | null; predicate: FilterNode | null };

type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'datetime' | 'guid'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ',' | '/' | ':'; pos: number }
  | { t: 'end'; pos: number };

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith', 'contains']);
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i]!;
  const next = () => tokens[i++]!;
  const fail = (pos: number): never => {
    throw graphErrors.invalidFilter(`Syntax error at position ${pos} in '${text}'.`);
  };
  const isWord = (tok: Token, w: string) => tok.t === 'ident' && tok.v.toLowerCase() === w;
  const expectPunct = (v: string) => {
    const tok = next();
    if (tok.t !== 'punct' || tok.v !== v) fail(tok.pos);
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      next();
      return { type: 'not', operand: parseUnary() };
    }
    return parseCompare();
  };
  const parseCompare = (): FilterNode => {
    const left = parsePrimary();
    const tok = peek();
    if (tok.t === 'ident' && COMPARE.has(tok.v.toLowerCase())) {
      next();
      return { type: 'compare', op: tok.v.toLowerCase() as CompareOp, left, right: parsePrimary() };
    }
    if (isWord(tok, 'in')) {
      next();
      expectPunct('(');
      const values: FilterNode[] = [parseLiteralOnly()];
      while (peek().t === 'punct' && (peek() as { v: string }).v === ',') {
        next();
        values.push(parseLiteralOnly());
      }
      expectPunct(')');
      return { type: 'in', left, values };
    }
    return left;
  };
  const parseLiteralOnly = (): FilterNode => {
    const node = parsePrimary();
    if (node.type !== 'literal') fail(peek().pos);
    return node;
  };
  const parsePrimary = (): FilterNode => {
    const tok = next();
    switch (tok.t) {
      case 'punct':
        if (tok.v !== '(') return fail(tok.pos);
        {
          const inner = parseOr();
          expectPunct(')');
          return inner;
        }
      case 'string':
        return { type: 'literal', kind: 'string', value: tok.v };
      case 'number':
        return { type: 'literal', kind: 'number', value: tok.v };
      case 'datetime':
        return { type: 'literal', kind: 'datetime', value: tok.v };
      case 'guid':
        return { type: 'literal', kind: 'guid', value: tok.v };
      case 'end':
        return fail(tok.pos);
      case 'ident': {
        const word = tok.v.toLowerCase();
        if (word === 'true' || word === 'false') return { type: 'literal', kind: 'boolean', value: word === 'true' };
        if (word === 'null') return { type: 'literal', kind: 'null', value: null };
        if (FUNCTIONS.has(word) && peek().t === 'punct' && (peek() as { v: string }).v === '(') {
          next();
          const args = [parseOr()];
          while (peek().t === 'punct' && (peek() as { v: string }).v === ',') {
            next();
            args.push(parseOr());
          }
          expectPunct(')');
          if (args.length !== 2) fail(tok.pos);
          return { type: 'call', name: word as FilterFunction, args };
        }
        if (COMPARE.has(word) || ['and', 'or', 'not', 'in'].includes(word)) return fail(tok.pos);
        return parsePath(tok.v);
      }
    }
  };
  const parsePath = (first: string): FilterNode => {
    const segments = [first];
    while (peek().t === 'punct' && (peek() as { v: string }).v === '/') {
      next();
      const seg = next();
      if (seg.t !== 'ident') return fail(seg.pos);
      const lower = seg.v.toLowerCase();
      if ((lower === 'any' || lower === 'all') && peek().t === 'punct' && (peek() as { v: string }).v === '(') {
        next();
        if (peek().t === 'punct' && (peek() as { v: string }).v === ')') {
          next();
          if (lower === 'all') fail(seg.pos);
          return { type: 'lambda', op: 'any', collection: segments, variable: null, predicate: null };
        }
        const v = next();
        if (v.t !== 'ident') return fail(v.pos);
        expectPunct(':');
        const predicate = parseOr();
        expectPunct(')');
        return { type: 'lambda', op: lower, collection: segments, variable: v.v, predicate };
      }
      segments.push(seg.v);
    }
    return { type: 'path', segments };
  };

  const tree = parseOr();
  if (peek().t !== 'end') fail(peek().pos);
  return tree;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if ('(),/:'.includes(ch)) {
      out.push({ t: 'punct', v: ch as '(' | ')' | ',' | '/' | ':', pos: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw graphErrors.invalidFilter(`There is an unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push({ t: 'string', v: value, pos: start });
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid && !/[\w-]/.test(rest[guid[0].length] ?? '')) {
      out.push({ t: 'guid', v: guid[0].toLowerCase(), pos: i });
      i += guid[0].length;
      continue;
    }
    const dt = /^\d{4}-\d{2}-\d{2}/.test(rest) ? DATETIME.exec(rest) : null;
    if (dt) {
      out.push({ t: 'datetime', v: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num && (ch !== '-' || /\d/.test(rest[1] ?? ''))) {
      out.push({ t: 'number', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][\w.]*/.exec(rest);
    if (ident) {
      out.push({ t: 'ident', v: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    throw graphErrors.invalidFilter(`Syntax error: character '${ch}' is not valid at position ${i} in '${text}'.`);
  }
  out.push({ t: 'end', pos: text.length });
  return out;
}
