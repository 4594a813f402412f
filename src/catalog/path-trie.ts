import { callShape, compileTemplateSegment } from './segments.js';

// A segment trie: each request segment is looked up in a map (literal, then call shape), then
// tried against the few regex segments, then a `{param}`, then a `{+rest}`. The walk backtracks, so
// a literal wins over a parameter at the same position only when the literal branch leads to a
// template that accepts the request; otherwise the parameter branch is tried.

interface Node<V> {
  literal: Map<string, Node<V>> | undefined;
  call: Map<string, Node<V>> | undefined;
  regex: Array<{ re: RegExp; node: Node<V> }> | undefined;
  param: Node<V> | undefined;
  rest: Node<V> | undefined;
  value: V | undefined;
}

function newNode<V>(): Node<V> {
  return { literal: undefined, call: undefined, regex: undefined, param: undefined, rest: undefined, value: undefined };
}

export class PathTrie<V> {
  private readonly root: Node<V> = newNode();
  private size = 0;

  constructor(private readonly caseInsensitive: boolean) {}

  get templateCount(): number {
    return this.size;
  }

  // Returns the value already stored for an equivalent template, if any, so callers can merge.
  insert(templateSegments: readonly string[], value: V): V | undefined {
    let node = this.root;
    for (const seg of templateSegments) {
      const pattern = compileTemplateSegment(seg, this.caseInsensitive);
      switch (pattern.kind) {
        case 'literal':
          node = child((node.literal ??= new Map()), pattern.key);
          break;
        case 'call':
          node = child((node.call ??= new Map()), pattern.key);
          break;
        case 'param':
          node = node.param ??= newNode();
          break;
        case 'rest':
          node = node.rest ??= newNode();
          break;
        case 'regex': {
          const list = (node.regex ??= []);
          let entry = list.find((r) => r.re.source === pattern.source);
          if (!entry) {
            entry = { re: new RegExp(pattern.source, this.caseInsensitive ? 'i' : ''), node: newNode() };
            list.push(entry);
          }
          node = entry.node;
          break;
        }
      }
    }
    const previous = node.value;
    if (previous === undefined) {
      node.value = value;
      this.size++;
    }
    return previous;
  }

  match(segments: readonly string[], accept: (value: V) => boolean): V | undefined {
    return this.walk(this.root, segments, 0, accept);
  }

  private walk(node: Node<V>, segs: readonly string[], i: number, accept: (value: V) => boolean): V | undefined {
    if (i === segs.length) return node.value !== undefined && accept(node.value) ? node.value : undefined;
    const seg = segs[i];
    const key = this.caseInsensitive ? seg.toLowerCase() : seg;
    let found: V | undefined;
    const lit = node.literal?.get(key);
    if (lit && (found = this.walk(lit, segs, i + 1, accept)) !== undefined) return found;
    if (node.call && seg.includes('(')) {
      const shape = callShape(seg, this.caseInsensitive);
      const next = shape === undefined ? undefined : node.call.get(shape);
      if (next && (found = this.walk(next, segs, i + 1, accept)) !== undefined) return found;
    }
    if (node.regex) {
      for (const { re, node: next } of node.regex) {
        if (re.test(seg) && (found = this.walk(next, segs, i + 1, accept)) !== undefined) return found;
      }
    }
    if (node.param && (found = this.walk(node.param, segs, i + 1, accept)) !== undefined) return found;
    // A rest parameter (Google `{+name}`) takes one or more segments, shortest first, so that
    // `{+parent}/chrome/printers` wins over a bare `{+name}` for `customers/c/chrome/printers`. The
    // discovery document's pattern for it is not in the data, so it also takes paths no other
    // route wants.
    if (node.rest) {
      for (let end = i + 1; end <= segs.length; end++) {
        if ((found = this.walk(node.rest, segs, end, accept)) !== undefined) return found;
      }
    }
    return undefined;
  }
}

function child<V>(map: Map<string, Node<V>>, key: string): Node<V> {
  let node = map.get(key);
  if (!node) {
    node = newNode();
    map.set(key, node);
  }
  return node;
}
