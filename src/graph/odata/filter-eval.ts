import type { FilterNode } from './filter-parser.js';

// Evaluates a parsed `$filter` against a resource as Graph returns it (plain JSON). String
// comparisons are case-insensitive, as the directory and Exchange compare them. Date-times compare
// as instants when either side is a date-time literal or both look like ISO date-times. A missing
// property is null; comparisons with null other than eq/ne are false.

type Value = unknown;

export function evaluateFilter(node: FilterNode, item: Record<string, unknown>): boolean {
  return truthy(evalNode(node, item, new Map()));
}

function evalNode(node: FilterNode, item: Record<string, unknown>, vars: Map<string, Value>): Value {
  switch (node.type) {
    case 'literal':
      return node.kind === 'datetime' ? { $dt: node.value } : node.value;
    case 'path':
      return resolvePath(node.segments, item, vars);
    case 'and':
      return truthy(evalNode(node.left, item, vars)) && truthy(evalNode(node.right, item, vars));
    case 'or':
      return truthy(evalNode(node.left, item, vars)) || truthy(evalNode(node.right, item, vars));
    case 'not':
      return !truthy(evalNode(node.operand, item, vars));
    case 'compare':
      return compare(node.op, evalNode(node.left, item, vars), evalNode(node.right, item, vars));
    case 'in': {
      const left = evalNode(node.left, item, vars);
      return node.values.some((v) => compare('eq', left, evalNode(v, item, vars)));
    }
    case 'call': {
      const a = evalNode(node.args[0]!, item, vars);
      const b = evalNode(node.args[1]!, item, vars);
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return node.name === 'startswith' ? x.startsWith(y) : node.name === 'endswith' ? x.endsWith(y) : x.includes(y);
    }
    case 'lambda': {
      const coll = resolvePath(node.collection, item, vars);
      if (!Array.isArray(coll)) return false;
      if (!node.predicate) return coll.length > 0;
      const test = (el: Value) => {
        const scoped = new Map(vars);
        scoped.set(node.variable!, el);
        return truthy(evalNode(node.predicate!, item, scoped));
      };
      return node.op === 'any' ? coll.some(test) : coll.every(test);
    }
  }
}

function resolvePath(segments: readonly string[], item: Record<string, unknown>, vars: Map<string, Value>): Value {
  let cur: Value;
  let rest = segments;
  if (vars.has(segments[0]!)) {
    cur = vars.get(segments[0]!);
    rest = segments.slice(1);
  } else cur = item;
  for (const seg of rest) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return null;
    cur = getProperty(cur as Record<string, unknown>, seg);
  }
  return cur === undefined ? null : cur;
}

/** Property names match case-insensitively when there is no exact match. */
export function getProperty(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function compare(op: string, a: Value, b: Value): boolean {
  const aDt = isDt(a);
  const bDt = isDt(b);
  if (aDt || bDt || (typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b))) {
    const x = toMs(a);
    const y = toMs(b);
    if (x === null || y === null) return op === 'ne' ? x !== y : op === 'eq' ? x === y : false;
    return ord(op, x - y);
  }
  if (a === null || a === undefined || b === null || b === undefined) {
    const eq = (a ?? null) === (b ?? null);
    return op === 'eq' ? eq : op === 'ne' ? !eq : false;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return ord(op, x < y ? -1 : x > y ? 1 : 0);
  }
  if (typeof a === 'number' && typeof b === 'number') return ord(op, a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return op === 'eq' ? a === b : op === 'ne' ? a !== b : false;
  // Mixed types (e.g. a number property compared with a quoted number): compare as text.
  return ord(op, String(a).toLowerCase().localeCompare(String(b).toLowerCase()));
}

function ord(op: string, d: number): boolean {
  switch (op) {
    case 'eq':
      return d === 0;
    case 'ne':
      return d !== 0;
    case 'gt':
      return d > 0;
    case 'ge':
      return d >= 0;
    case 'lt':
      return d < 0;
    case 'le':
      return d <= 0;
    default:
      return false;
  }
}

function isDt(v: Value): v is { $dt: string } {
  return typeof v === 'object' && v !== null && '$dt' in v;
}

function toMs(v: Value): number | null {
  const text = isDt(v) ? v.$dt : typeof v === 'string' ? v : null;
  if (text === null) return null;
  // Graph's dateTimeTimeZone values carry no zone suffix; read them as UTC.
  const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(text) || text.length <= 10 ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function truthy(v: Value): boolean {
  return v === true;
}
