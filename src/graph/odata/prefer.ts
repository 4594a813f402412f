import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';

// `Prefer: odata.maxpagesize=N`, read where the other OData options are read, so every route that
// takes OData options refuses a malformed one the same way. Graph's front end parses the header
// with ODataLib (ODataPreferenceHeader.MaxPageSize): a value that is not an Int32 is refused with
// its message. OData 4.0 Part 1 §8.2.8.3 makes the value a positive integer, so 0 and negatives
// are refused too (no Graph answer to them has been published; docs/errors-graph.md marks it [I]).
// Routes that page by it (calendar) read the size themselves; the value is returned for them.

const INT32_MAX = 2_147_483_647;

/** The odata.maxpagesize preference, validated; undefined when the header does not carry one. */
export function readMaxPageSize(req: FastifyRequest): number | undefined {
  const header = req.headers.prefer;
  const values = Array.isArray(header) ? header : header ? [header] : [];
  let out: number | undefined;
  for (const v of values) {
    for (const part of v.split(',')) {
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      if (name !== 'odata.maxpagesize') continue;
      const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
      const value = raw.replace(/^"(.*)"$/, '$1');
      // Int32.TryParse: optional sign, digits, surrounding white space.
      if (!/^\s*[+-]?\d+\s*$/.test(value) || Math.abs(Number(value)) > INT32_MAX + (value.trim().startsWith('-') ? 1 : 0)) {
        throw graphErrors.invalidMaxPageSize(value, 'an integer');
      }
      const n = Number(value);
      if (n < 1) throw graphErrors.invalidMaxPageSize(value, 'a positive integer');
      out = n;
    }
  }
  return out;
}
