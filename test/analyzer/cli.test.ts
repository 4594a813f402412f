import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { audit } from '../../src/cli/commands/audit.js';
import { check } from '../../src/cli/commands/check.js';
import { docs } from '../../src/cli/commands/docs.js';
import { CliError, EXIT } from '../../src/cli/exit-codes.js';
import { app, user } from './helpers.js';

// The three commands as main.ts runs them: argv in, exit code out, output on stdout/stderr.
const example = (name: string) => new URL(`../../examples/manifests/${name}.yaml`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tenantbox-analyzer-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const jsonl = (name: string, records: object[]) => {
  const p = join(dir, name);
  writeFileSync(p, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
};

describe('tenantbox check', () => {
  it('exits 6 on the teams-governance manifest and prints file:line findings', async () => {
    expect(await check([example('teams-governance')])).toBe(EXIT.gateFailed);
    expect(out).toMatch(/teams-governance\.yaml:140:13 {2}error {3}type-contradicts-model/);
    expect(out).toContain('Teams governance: 10 errors');
  });

  it('exits 0 with warnings only, 6 with --strict', async () => {
    expect(await check([example('workplace-booking')])).toBe(EXIT.ok);
    expect(await check([example('workplace-booking'), '--strict'])).toBe(EXIT.gateFailed);
    expect(await check([example('room-display')])).toBe(EXIT.ok);
  });

  it('prints JSON with --json, and exits 6 on a manifest that does not load', async () => {
    expect(await check([example('mentoring'), '--json'])).toBe(EXIT.ok);
    expect(JSON.parse(out)).toMatchObject({ app: 'Mentoring', counts: { error: 0 } });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'app: { name: X, archetype: x, colour: red }\nconnections: []\n');
    out = '';
    expect(await check([bad])).toBe(EXIT.gateFailed);
    expect(out).toContain("bad.yaml:1:31  app.colour  unknown field 'colour'");
  });

  it('is a usage error without exactly one manifest', async () => {
    await expect(check([])).rejects.toMatchObject({ exitCode: EXIT.usage });
  });
});

describe('tenantbox audit', () => {
  const records = [
    app('GET', '/v1.0/users'),
    app('GET', '/v1.0/users/room1@contoso.test/calendarView'),
    app('POST', '/v1.0/users/room1@contoso.test/calendar/events', { status: 201 }),
    user('GET', '/v1.0/me'),
  ];

  it('reads a JSON-lines export and gates on excess with exit 6', async () => {
    const file = jsonl('log.jsonl', records);
    expect(await audit([file, '--manifest', example('workplace-booking')])).toBe(EXIT.ok);
    expect(out).toContain('Workplace booking (5eedaa00-0000-4000-8000-000000000002):');
    expect(out).toContain('audit export');
    expect(await audit([file, '--manifest', example('workplace-booking'), '--fail-on', 'excess'])).toBe(EXIT.gateFailed);
    expect(err).toContain('gate failed (excess:');
    expect(await audit([file, '--manifest', example('workplace-booking'), '--fail-on', 'missing'])).toBe(EXIT.ok);
  });

  it('gates on missing permissions', async () => {
    const file = jsonl('refused.jsonl', [user('GET', '/v1.0/users/room1@contoso.test/events', { status: 403, granted: ['User.Read'], missing: ['Calendars.Read'] })]);
    expect(await audit([file, '--fail-on', 'excess,missing'])).toBe(EXIT.gateFailed);
    expect(err).toContain('missing: 1 call without a permission');
  });

  it('writes JSON, Markdown and HTML reports to --out', async () => {
    const file = jsonl('log2.jsonl', records);
    for (const format of ['json', 'md', 'html'] as const) {
      const target = join(dir, `report.${format}`);
      expect(await audit([file, '--format', format, '--out', target, '--app', 'app-1'])).toBe(EXIT.ok);
      const text = readFileSync(target, 'utf8');
      if (format === 'json') expect(JSON.parse(text)).toMatchObject({ format: 'tenantbox-audit-report', version: 1 });
      if (format === 'md') expect(text).toContain('### Minimal permission set');
      if (format === 'html') expect(text).toContain('<svg');
    }
  });

  it('filters a JSON-lines export by app and time', async () => {
    const file = jsonl('mixed.jsonl', [app('GET', '/v1.0/users', { appId: 'other', time: '2026-01-12T08:00:00.000Z' }), app('GET', '/v1.0/groups', { time: '2026-01-12T10:00:00.000Z' })]);
    expect(await audit([file, '--app', 'app-1', '--since', '2026-01-12T09:30:00Z', '--format', 'json'])).toBe(EXIT.ok);
    const r = JSON.parse(out);
    expect(r.totals.observations).toBe(1);
    expect(r.groups[0].calls.map((c: { key: string }) => c.key)).toEqual(['GET /groups']);
  });

  it('rejects bad flags as usage errors', async () => {
    await expect(audit(['--format', 'pdf'])).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(audit(['--fail-on', 'everything'])).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(audit(['x.jsonl', '--model', 'app'])).rejects.toBeInstanceOf(CliError);
    await expect(audit(['--since', 'yesterday'])).rejects.toMatchObject({ exitCode: EXIT.usage });
  });

  it('without a file, needs a running tenantbox', async () => {
    await expect(audit(['--data-dir', join(dir, 'nothing-here')])).rejects.toMatchObject({ exitCode: EXIT.notRunning });
  });
});

describe('tenantbox docs', () => {
  it('prints Markdown, writes HTML, and takes an audit report', async () => {
    expect(await docs([example('room-display')])).toBe(EXIT.ok);
    expect(out).toContain('# Room display: permissions reference');
    const report = join(dir, 'rd.json');
    expect(await audit([jsonl('rd.jsonl', [user('GET', '/v1.0/me')]), '--manifest', example('room-display'), '--format', 'json', '--out', report])).toBe(EXIT.ok);
    const html = join(dir, 'rd.html');
    expect(await docs([example('room-display'), '--audit', report, '--format', 'html', '--out', html])).toBe(EXIT.ok);
    expect(readFileSync(html, 'utf8')).toContain('needed by 1 observed endpoint');
  });

  it('refuses a file that is not an audit report', async () => {
    const notReport = join(dir, 'not-report.json');
    writeFileSync(notReport, '{"hello":1}');
    await expect(docs([example('room-display'), '--audit', notReport])).rejects.toThrow('is not a tenantbox audit report');
  });
});

describe('reading the running tenantbox audit log', () => {
  it('pages through GET /audit with after=<last seq> until a short page', async () => {
    const { fetchAuditRecords } = await import('../../src/cli/commands/audit.js');
    const all = Array.from({ length: 10_001 }, (_, i) => ({ ...app('GET', '/v1.0/users'), seq: i + 1 }));
    const calls: string[] = [];
    const client = {
      call: async <T>(_method: string, path: string): Promise<T> => {
        calls.push(path);
        const q = new URL(path, 'https://x').searchParams;
        const after = Number(q.get('after') ?? 0);
        const page = all.filter((r) => r.seq > after).slice(0, Number(q.get('limit')));
        return page.map((r) => JSON.stringify(r)).join('\n') as T;
      },
    };
    const records = await fetchAuditRecords(client, { app: 'app-1', since: '2026-01-12T00:00:00Z' });
    expect(records).toHaveLength(10_001);
    expect(calls).toEqual(['/audit?app=app-1&since=2026-01-12T00%3A00%3A00Z&limit=10000', '/audit?app=app-1&since=2026-01-12T00%3A00%3A00Z&limit=10000&after=10000']);
  });
});
