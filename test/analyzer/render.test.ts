import { describe, expect, it } from 'vitest';
import { analyze, fromAuditRecords, renderReport } from '../../src/analyzer/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { app, user } from './helpers.js';

const m = loadManifest(new URL('../../examples/manifests/workplace-booking.yaml', import.meta.url).pathname);
const report = analyze({
  ...fromAuditRecords([app('GET', '/v1.0/users'), app('GET', '/v1.0/users/room1@contoso.test/calendarView'), app('GET', '/v1.0/nowhere/at/all'), user('GET', '/v1.0/me')]),
  manifest: m,
  source: { kind: 'records', description: 'constructed traffic' },
  now: new Date('2026-01-12T12:00:00Z'),
});

describe('report formats', () => {
  it('text: a headline, per-group tables and findings', () => {
    const t = renderReport(report, 'text');
    expect(t.split('\n')[0]).toBe('Workplace booking (5eedaa00-0000-4000-8000-000000000002): 0 missing, 2 excessive, 3 redundant, 7 unused, 1 unknown call');
    expect(t).toMatch(/Minimal set\s+Level\s+Admin consent\s+Covers/);
    expect(t).toMatch(/Mail\.ReadWrite\s+3\s+yes\s+unused/);
    expect(t).toMatch(/GET \/nowhere\/at\/all\s+1\s+200\s+unknown path/);
  });

  it('Markdown: tables, and no timestamp so a regenerated report diffs cleanly', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('| Permission | Privilege level | Admin consent | Verdict |');
    expect(md).toContain('| `Directory.Read.All` | 3 | yes | redundant (implied by Directory.Read.All) |'.replace('redundant (implied by Directory.Read.All)', 'excessive (User.ReadBasic.All suffices)'));
    expect(md).not.toContain('2026-01-12T12:00');
  });

  it('HTML: self-contained, with an SVG chart of requested vs needed by privilege level', () => {
    const html = renderReport(report, 'html');
    expect(html).not.toMatch(/<script|<link|\bsrc=|@import|url\(/i);
    const svg = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svg.length).toBe(report.groups.length);
    // Application group: 7 requested permissions at level 3 and 2 needed.
    expect(html).toContain('<title>level 3: 7 requested</title>');
    expect(html).toContain('<title>level 3: 2 needed</title>');
  });

  it('JSON: the report as is', () => {
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
