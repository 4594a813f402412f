import type { GoogleCustomerRecord, GoogleResourceRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import { serializeResource } from './serialize.js';

// A resource's calendar: named after the resource's generated name, in the customer's zone, shared
// with the domain as the customer's default sharing for resources says (Google: a new resource
// inherits the domain's default sharing; "see only free/busy" unless changed).
export async function createResourceCalendar(g: GoogleContext, c: GoogleCustomerRecord, r: GoogleResourceRecord, timeZone: string | null): Promise<void> {
  const building = r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined;
  await g.stores.calendars.putCalendar({
    tenantId: c.tenantId,
    id: r.resourceEmail,
    kind: 'resource',
    ownerEmail: r.resourceEmail,
    summary: serializeResource(r, building).generatedResourceName,
    timeZone: timeZone ?? c.timeZone,
    createdByClientId: null,
    etagSeq: 1,
    ...(r.resourceDescription ? { description: r.resourceDescription } : {}),
  });
  if (c.sharing.resources !== 'none') {
    await g.stores.calendars.putAcl({ tenantId: c.tenantId, calendarId: r.resourceEmail, ruleId: `domain:${c.domain}`, scopeType: 'domain', scopeValue: c.domain, role: c.sharing.resources, etagSeq: 1 });
  }
}
