import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generate } from '../../src/cli/commands/generate.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { generateEvents, generateTenantFile } from '../../src/graph/calendar/load/generate.js';
import { progressBar } from '../../src/graph/calendar/load/progress.js';
import { loadTenantFile } from '../../src/tenant-file/load.js';
import { startTestTenantbox } from '../harness/tenantbox.js';

// `tenantbox generate`: a tenant file, or a data dir with meetings written straight into the event
// store; either way the meetings are laid out as the seeder lays them out, and no room is
// double-booked.

const dir = mkdtempSync(join(tmpdir(), 'tenantbox-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

describe('tenantbox generate', () => {
  it('--tenant-file: a valid tenant file with the meetings as events', async () => {
    const file = join(dir, 'small.yaml');
    const spy = quiet();
    const code = await generate(['--rooms', '4', '--events', '20', '--tenant-file', file, '--from', '2030-01-07', '--days', '7']);
    spy.mockRestore();
    expect(code).toBe(EXIT.ok);
    const loaded = loadTenantFile(file, { now: new Date('2030-01-01T00:00:00Z') });
    const t = loaded.tenants[0]!;
    expect(t.rooms).toHaveLength(4);
    expect(t.events).toHaveLength(20);
    expect(t.groups[0]!.members).toHaveLength(4);
    expect(t.policies.applicationAccess[0]).toMatchObject({ accessRight: 'RestrictAccess', group: 'signage-rooms@load.test' });
  });

  it('refuses a tenant file too large to be one, and bad arguments', async () => {
    await expect(generate(['--rooms', '10', '--events', '60000', '--tenant-file', join(dir, 'big.yaml')])).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(generate(['--rooms', '0', '--events', '1', '--tenant-file', join(dir, 'x.yaml')])).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(generate(['--rooms', '2', '--events', '1'])).rejects.toMatchObject({ exitCode: EXIT.usage });
  });

  it('--data-dir: a data dir tenantbox serves, meetings on the rooms and the organizers, no double booking', async () => {
    const dataDir = join(dir, 'dd');
    const spy = quiet();
    const code = await generate(['--rooms', '3', '--events', '30', '--data-dir', dataDir, '--from', '2030-01-07', '--days', '7', '--seed', '7']);
    spy.mockRestore();
    expect(code).toBe(EXIT.ok);
    expect(existsSync(join(dataDir, 'generated-tenant.yaml'))).toBe(true);
    const tb = await startTestTenantbox({ dataDir, tenantFile: join(dataDir, 'generated-tenant.yaml') });
    try {
      const t = tb.tenants[0]!;
      expect(await tb.stores.events.countEvents(t.id)).toBe(60);
      const rooms = await tb.stores.directory.listUsers(t.id, { kind: 'room' });
      for (const room of rooms) {
        const cal = (await tb.stores.events.getDefaultCalendar(t.id, room.id))!;
        const items = await tb.stores.events.listEvents(t.id, cal.id);
        expect(items).toHaveLength(10);
        for (let i = 1; i < items.length; i++) expect(items[i]!.startMs).toBeGreaterThanOrEqual(items[i - 1]!.endMs);
        const d = items[0]!.data as Record<string, any>;
        expect(d).toMatchObject({ isOrganizer: false, responseStatus: { response: 'accepted' }, showAs: 'busy' });
        expect(d.subject).toBe(d.organizer.emailAddress.name);
        // The organizer holds the same meeting.
        const organizer = (await tb.stores.directory.getUser(t.id, d.organizer.emailAddress.address))!;
        const mine = await tb.stores.events.listEventsInRange(t.id, [(await tb.stores.events.getDefaultCalendar(t.id, organizer.id))!.id], items[0]!.startMs, items[0]!.startMs + 1);
        expect(mine.find((e) => e.iCalUId === items[0]!.iCalUId)?.data).toMatchObject({ isOrganizer: true });
      }
    } finally {
      await tb.stop();
    }
    await expect(generate(['--rooms', '3', '--events', '3', '--data-dir', dataDir])).rejects.toMatchObject({ exitCode: EXIT.failure });
  });
});

describe('the generator', () => {
  it('refuses more meetings than a room has half hours in the window', () => {
    const t = generateTenantFile({ rooms: 1, events: 1 });
    expect(t.roomEmails).toEqual(['room1@load.test']);
    const store = { putEvents: async () => undefined } as never;
    const target = { tenantId: 't', rooms: [{ id: 'r' } as never], users: [{ id: 'u' } as never], calendars: new Map([['r', 'c'], ['u', 'c2']]) };
    return expect(generateEvents(store, target, { rooms: 1, events: 200, days: 7, from: '2030-01-07' })).rejects.toThrow('give more --days');
  });

  it('the progress bar prints a line per tenth when not on a terminal', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('events', 100, { stream });
    for (let i = 0; i < 100; i++) bar.tick(1);
    const done = bar.done();
    expect(done.count).toBe(100);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toMatch(/^events \[#{24}\] 100% 100\/100 events · [\d,]+ events\/s · ETA 0s\n$/);
  });
});
