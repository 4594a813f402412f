import type { GoogleBuildingRecord, GoogleCustomerRecord, GoogleGroupRecord, GoogleResourceRecord, GoogleUserRecord } from '../../store/google/types.js';
import { etagOf } from '../routes-util.js';

// Admin SDK Directory v1 resources, in Google's field names and kinds.

export function serializeResource(r: GoogleResourceRecord, b: GoogleBuildingRecord | undefined) {
  const where = [b?.buildingName, r.floorName ? `${r.floorName}` : undefined].filter(Boolean).join('-');
  const features = r.features.length ? ` [${r.features.join(', ')}]` : '';
  return {
    kind: 'admin#directory#resources#calendars#CalendarResource',
    etags: etagOf(r.etagSeq),
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    generatedResourceName: `${where ? `${where}-` : ''}${r.resourceName}${r.capacity !== undefined ? ` (${r.capacity})` : ''}${features}`,
    resourceEmail: r.resourceEmail,
    resourceCategory: r.resourceCategory,
    ...(r.resourceType ? { resourceType: r.resourceType } : {}),
    ...(r.resourceDescription ? { resourceDescription: r.resourceDescription } : {}),
    ...(r.userVisibleDescription ? { userVisibleDescription: r.userVisibleDescription } : {}),
    ...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
    ...(r.buildingId ? { buildingId: r.buildingId } : {}),
    ...(r.floorName ? { floorName: r.floorName } : {}),
    ...(r.floorSection ? { floorSection: r.floorSection } : {}),
    ...(r.features.length ? { featureInstances: r.features.map((name) => ({ feature: { name } })) } : {}),
  };
}

export function serializeBuilding(b: GoogleBuildingRecord) {
  return {
    kind: 'admin#directory#resources#buildings#Building',
    etags: etagOf(b.buildingName.length),
    buildingId: b.buildingId,
    buildingName: b.buildingName,
    ...(b.description ? { description: b.description } : {}),
    floorNames: b.floorNames,
    ...(b.address ? { address: b.address } : {}),
  };
}

export function serializeUser(u: GoogleUserRecord, c: GoogleCustomerRecord) {
  return {
    kind: 'admin#directory#user',
    id: u.id,
    etag: etagOf(u.id.slice(-8)),
    primaryEmail: u.primaryEmail,
    name: { givenName: u.givenName, familyName: u.familyName, fullName: u.fullName },
    isAdmin: u.isAdmin,
    isDelegatedAdmin: false,
    lastLoginTime: '1970-01-01T00:00:00.000Z',
    creationTime: u.creationTime,
    agreedToTerms: true,
    suspended: u.suspended,
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: u.primaryEmail, primary: true }],
    languages: [{ languageCode: 'en', preference: 'preferred' }],
    customerId: c.customerId,
    orgUnitPath: '/',
    isMailboxSetup: true,
    isEnrolledIn2Sv: false,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
  };
}

export function serializeGroup(g: GoogleGroupRecord) {
  return {
    kind: 'admin#directory#group',
    id: g.id,
    etag: etagOf(g.id.slice(-8)),
    email: g.email,
    name: g.name,
    directMembersCount: String(g.members.length),
    description: g.description,
    adminCreated: true,
    nonEditableAliases: [],
  };
}

export function serializeMember(m: GoogleGroupRecord['members'][number], id: string) {
  return {
    kind: 'admin#directory#member',
    etag: etagOf(id.slice(-8)),
    id,
    email: m.email,
    role: m.role,
    type: m.type === 'SERVICE_ACCOUNT' || m.type === 'EXTERNAL' ? 'USER' : m.type,
    status: 'ACTIVE',
  };
}
