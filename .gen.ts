import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startTenantbox } from './src/server.js';
import { generateTenantFile, generateEvents } from './src/graph/calendar/load/generate.js';
const o = { rooms: 1000, events: 200000, roomCopiesOnly: true };
const t = generateTenantFile(o);
writeFileSync('/tmp/tmp.yzfdhbK7Jw/t.yaml', t.yaml);
const tb = await startTenantbox({ dataDir: '/tmp/tmp.yzfdhbK7Jw/dd', tenantFile: '/tmp/tmp.yzfdhbK7Jw/t.yaml', port: 0 });
const tid = tb.tenants[0].id;
const all = await tb.stores.directory.listUsers(tid);
const rooms = all.filter(u => u.kind === 'room'); const users = all.filter(u => u.kind === 'user');
const calendars = new Map(); for (const u of all) { const c = await tb.stores.events.getDefaultCalendar(tid, u.id); if (c) calendars.set(u.id, c.id); }
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
const t0 = performance.now();
await generateEvents(tb.stores.events, { tenantId: tid, rooms, users, calendars }, o);
console.log('rows/s', Math.round(200000 / ((performance.now() - t0) / 1000)));
const { profile } = await s.post('Profiler.stop'); writeFileSync('/tmp/gen.cpuprofile', JSON.stringify(profile));
await tb.stop();
