import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH_ERROR_DEFS, GraphError, graphErrors } from '../../src/graph/errors.js';

// The catalogue and docs/errors-graph.md cannot drift apart (style.md §7).

const doc = readFileSync(new URL('../../docs/errors-graph.md', import.meta.url), 'utf8');
const rows = [...doc.matchAll(/^\| `(\w+)` \| (\w+) \| (\d{3}) \|/gm)].map((m) => ({ name: m[1]!, code: m[2]!, status: Number(m[3]) }));

describe('Graph error catalogue', () => {
  it('documents every error, and nothing else', () => {
    const fromDoc = rows.map((r) => `${r.name} ${r.code} ${r.status}`).sort();
    const fromCode = Object.entries(GRAPH_ERROR_DEFS).map(([name, d]) => `${name} ${d.code} ${d.status}`).sort();
    expect(fromDoc).toEqual(fromCode);
  });

  it('has one factory per definition, each producing its own code', () => {
    expect(Object.keys(graphErrors).sort()).toEqual(Object.keys(GRAPH_ERROR_DEFS).sort());
    for (const [name, factory] of Object.entries(graphErrors)) {
      const err = (factory as (...a: unknown[]) => GraphError)('x', ['y'], ['z']);
      expect(err).toBeInstanceOf(GraphError);
      expect(err.errorName).toBe(name);
      expect(err.code).toBe(GRAPH_ERROR_DEFS[name as keyof typeof GRAPH_ERROR_DEFS].code);
      expect(err.message.length).toBeGreaterThan(0);
    }
  });

  it("renders Graph's envelope, with Retry-After on throttling", () => {
    const now = new Date('2026-01-09T02:02:12.345Z');
    const r = graphErrors.throttled(17).toResponse({ requestId: 'req-1', clientRequestId: 'cli-1', now });
    expect(r.status).toBe(429);
    expect(r.headers).toEqual({ 'retry-after': '17' });
    expect(r.body).toEqual({ error: { code: 'TooManyRequests', message: 'Please retry again later.', innerError: { date: '2026-01-09T02:02:12', 'request-id': 'req-1', 'client-request-id': 'cli-1' } } });
  });
});
