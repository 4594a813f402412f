// Graph permission lookups per second through the catalog's segment trie, against the naive
// approach measured in the same run: every template compiled to a regex and scanned per request.
//   node --import tsx bench/catalog-lookup.ts
// Prints one JSON line: { name, opsPerSec, baselineOpsPerSec, ratio }.
import { readFileSync } from 'node:fs';
import type { CatalogJson } from '../src/catalog/catalog-format.js';
import { getCatalog, type Scheme } from '../src/catalog/index.js';

const MIX: Array<[string, string, Scheme]> = [
  ['GET', '/v1.0/me', 'delegated'],
  ['GET', '/v1.0/me/events?$top=20&$select=subject,start,end', 'delegated'],
  ['GET', '/v1.0/me/calendar/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-01-02T00:00:00Z', 'delegated'],
  ['POST', '/v1.0/me/events', 'delegated'],
  ['PATCH', '/v1.0/me/events/AAMkAGI2TG93AAA=', 'delegated'],
  ['DELETE', '/v1.0/me/events/AAMkAGI2TG93AAA=', 'delegated'],
  ['POST', '/v1.0/me/calendar/getSchedule', 'delegated'],
  ['POST', '/v1.0/me/findMeetingTimes', 'delegated'],
  ['GET', '/v1.0/me/calendars', 'delegated'],
  ['GET', '/v1.0/me/calendar/events/AAMkAGI2TG94AAA=/instances', 'delegated'],
  ['POST', '/v1.0/me/events/AAMkAGI2TG93AAA=/accept', 'delegated'],
  ['GET', '/v1.0/me/messages?$top=10', 'delegated'],
  ['POST', '/v1.0/me/sendMail', 'delegated'],
  ['GET', '/v1.0/me/memberOf', 'delegated'],
  ['POST', '/v1.0/me/onlineMeetings', 'delegated'],
  ['GET', '/v1.0/me/drive/root/children', 'delegated'],
  ['GET', '/v1.0/me/joinedTeams', 'delegated'],
  ['GET', '/v1.0/users', 'application'],
  ['GET', '/v1.0/users/orion@contoso.test', 'application'],
  ['GET', '/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/calendar/events', 'application'],
  ['POST', '/v1.0/users/room-1@contoso.test/calendar/events', 'application'],
  ['GET', '/v1.0/users/room-1@contoso.test/calendarView?startDateTime=2026-01-01&endDateTime=2026-01-02', 'application'],
  ['POST', '/v1.0/users/orion@contoso.test/calendar/getSchedule', 'application'],
  ['PATCH', '/v1.0/users/orion@contoso.test/events/AAMkAGI2TG93AAA=', 'application'],
  ['GET', '/v1.0/users/orion@contoso.test/mailboxSettings', 'application'],
  ['POST', '/v1.0/users/orion@contoso.test/sendMail', 'application'],
  ['POST', '/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/onlineMeetings', 'application'],
  ['GET', '/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/memberOf', 'application'],
  ['POST', '/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/revokeSignInSessions', 'application'],
  ['GET', '/v1.0/users/delta', 'application'],
  ['GET', '/v1.0/groups', 'application'],
  ['GET', '/v1.0/groups/2f1c4a57-0d8e-4c7b-9e5a-8f3d2b1a6c90/members', 'application'],
  ['GET', '/v1.0/groups/2f1c4a57-0d8e-4c7b-9e5a-8f3d2b1a6c90/owners', 'delegated'],
  ['GET', '/v1.0/groups/2f1c4a57-0d8e-4c7b-9e5a-8f3d2b1a6c90/transitiveMembers', 'application'],
  ['GET', '/v1.0/places/microsoft.graph.room', 'application'],
  ['GET', '/v1.0/places/microsoft.graph.roomlist', 'delegated'],
  ['GET', '/v1.0/places/room-1@contoso.test', 'application'],
  ['GET', '/v1.0/teams/19:abc@thread.tacv2/channels', 'application'],
  ['POST', '/v1.0/teams/19:abc@thread.tacv2/channels/19:def@thread.tacv2/messages', 'delegated'],
  ['GET', '/v1.0/teams/19:abc@thread.tacv2/members', 'application'],
  ['GET', '/v1.0/chats/19:chat@unq.gbl.spaces/messages', 'delegated'],
  ['GET', '/v1.0/applications', 'application'],
  ['GET', "/v1.0/applications(appId='11111111-2222-3333-4444-555555555555')", 'application'],
  ['GET', '/v1.0/servicePrincipals/3c5e2d1f-0000-4000-8000-000000000001/appRoleAssignedTo', 'application'],
  ['GET', '/v1.0/oauth2PermissionGrants', 'application'],
  ['GET', '/v1.0/organization', 'application'],
  ['GET', "/v1.0/reports/getEmailActivityCounts(period='D7')", 'application'],
  ['GET', '/v1.0/subscribedSkus', 'application'],
  ['GET', '/beta/users/orion@contoso.test/presence', 'application'],
  ['GET', '/v1.0/sites/root', 'application'],
];

// The baseline: one case-insensitive regex per template, every template tried per request, the
// match with the most literal segments kept (the trie's literal-first rule, done the slow way).
function buildBaseline(json: CatalogJson): (method: string, path: string) => string | undefined {
  const entries = Object.entries(json.graph.paths).map(([template, methods]) => {
    const body = template
      .split('/')
      .map((seg) => seg.split(/\{[^}]+\}/).map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+'))
      .join('/');
    const literals = template.split('/').filter((s) => s && !s.includes('{')).length;
    return { template, re: new RegExp(`^${body}$`, 'i'), methods: new Set(Object.keys(methods)), literals };
  });
  return (method, path) => {
    let p = path.split('?')[0];
    p = p.replace(/^\/(v1\.0|beta)(?=\/)/i, '').replace(/\/$/, '');
    let best: (typeof entries)[number] | undefined;
    for (const e of entries) {
      if (e.re.test(p) && (!best || e.literals > best.literals)) best = e;
    }
    return best && best.methods.has(method) ? best.template : undefined;
  };
}

function opsPerSec(fn: () => void, perRound: number, minMs: number): number {
  const start = performance.now();
  let rounds = 0;
  while (performance.now() - start < minMs) {
    fn();
    rounds++;
  }
  return (rounds * perRound * 1000) / (performance.now() - start);
}

const catalog = getCatalog();
const json = JSON.parse(readFileSync(new URL('../src/catalog/generated/catalog.json', import.meta.url), 'utf8')) as CatalogJson;
const baseline = buildBaseline(json);

// Both sides must give the same answers before their speed is compared.
for (const [method, path, scheme] of MIX) {
  const fast = catalog.lookup(method, path, scheme)?.template;
  const slow = baseline(method, path);
  if (!fast) throw new Error(`bench mix: ${method} ${path} is not in the catalog`);
  if (fast !== slow) throw new Error(`bench mix: trie says ${fast}, baseline says ${slow} for ${method} ${path}`);
}

let sink = 0;
const trieRound = (): void => {
  for (const [method, path, scheme] of MIX) if (catalog.lookup(method, path, scheme)) sink++;
};
const baselineRound = (): void => {
  for (const [method, path] of MIX) if (baseline(method, path)) sink++;
};
opsPerSec(trieRound, MIX.length, 300); // warm-up
opsPerSec(baselineRound, MIX.length, 300);
const fast = opsPerSec(trieRound, MIX.length, 2000);
const slow = opsPerSec(baselineRound, MIX.length, 3000);
if (sink === 0) throw new Error('unreachable');
console.log(
  JSON.stringify({
    name: 'catalog-lookup',
    opsPerSec: Math.round(fast),
    baselineOpsPerSec: Math.round(slow),
    ratio: Math.round((fast / slow) * 10) / 10,
  }),
);
