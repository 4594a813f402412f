import type { ObjectTable } from './sqlite-objects.js';
import type {
  GoogleBuildingRecord,
  GoogleCustomerRecord,
  GoogleDirectoryStore,
  GoogleDwdRecord,
  GoogleGrantRecord,
  GoogleGroupRecord,
  GoogleOAuthClientRecord,
  GoogleResourceRecord,
  GoogleServiceAccountRecord,
  GoogleUserRecord,
} from './types.js';

// The Workspace directory: customer, users, groups, buildings, resources, service accounts, DWD
// entries, OAuth clients and consent grants. Emails are stored and looked up lower-case.

const lo = (s: string) => s.toLowerCase();
const isNumericId = (s: string) => /^\d+$/.test(s);

export class SqliteGoogleDirectoryStore implements GoogleDirectoryStore {
  constructor(private readonly t: ObjectTable) {}

  async getCustomer(tenantId: string) {
    return this.t.get<GoogleCustomerRecord>(tenantId, 'customer', 'customer');
  }
  async putCustomer(c: GoogleCustomerRecord) {
    await this.t.put(c.tenantId, 'customer', 'customer', c.customerId, c);
  }
  async listCustomers() {
    return this.t.listKind<GoogleCustomerRecord>('customer');
  }

  async getUser(tenantId: string, idOrEmail: string) {
    return isNumericId(idOrEmail)
      ? this.t.get<GoogleUserRecord>(tenantId, 'user', idOrEmail)
      : this.t.getByLookup<GoogleUserRecord>(tenantId, 'user', lo(idOrEmail));
  }
  async listUsers(tenantId: string) {
    return this.t.list<GoogleUserRecord>(tenantId, 'user');
  }
  async putUser(u: GoogleUserRecord) {
    await this.t.put(u.tenantId, 'user', u.id, lo(u.primaryEmail), u);
  }

  async getGroup(tenantId: string, idOrEmail: string) {
    return (await this.t.get<GoogleGroupRecord>(tenantId, 'group', idOrEmail)) ?? this.t.getByLookup<GoogleGroupRecord>(tenantId, 'group', lo(idOrEmail));
  }
  async listGroups(tenantId: string) {
    return this.t.list<GoogleGroupRecord>(tenantId, 'group');
  }
  async putGroup(g: GoogleGroupRecord) {
    await this.t.put(g.tenantId, 'group', g.id, lo(g.email), g);
  }

  async groupsOf(tenantId: string, email: string): Promise<string[]> {
    const groups = await this.listGroups(tenantId);
    const found = new Set<string>();
    // Walk up through nested groups; the set stops cycles.
    let frontier = [lo(email)];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const g of groups) {
        if (found.has(g.email)) continue;
        if (g.members.some((m) => frontier.includes(m.email))) {
          found.add(g.email);
          next.push(g.email);
        }
      }
      frontier = next;
    }
    return [...found];
  }

  async getBuilding(tenantId: string, buildingId: string) {
    return this.t.get<GoogleBuildingRecord>(tenantId, 'building', buildingId);
  }
  async listBuildings(tenantId: string) {
    return this.t.list<GoogleBuildingRecord>(tenantId, 'building');
  }
  async putBuilding(b: GoogleBuildingRecord) {
    await this.t.put(b.tenantId, 'building', b.buildingId, null, b);
  }
  async deleteBuilding(tenantId: string, buildingId: string) {
    return this.t.delete(tenantId, 'building', buildingId);
  }

  async getResource(tenantId: string, idOrEmail: string) {
    return idOrEmail.includes('@')
      ? this.t.getByLookup<GoogleResourceRecord>(tenantId, 'resource', lo(idOrEmail))
      : this.t.get<GoogleResourceRecord>(tenantId, 'resource', idOrEmail);
  }
  async listResources(tenantId: string) {
    return this.t.list<GoogleResourceRecord>(tenantId, 'resource');
  }
  async putResource(r: GoogleResourceRecord) {
    await this.t.put(r.tenantId, 'resource', r.resourceId, lo(r.resourceEmail), r);
  }
  async deleteResource(tenantId: string, resourceId: string) {
    return this.t.delete(tenantId, 'resource', resourceId);
  }

  async findServiceAccount(clientEmailOrId: string) {
    return isNumericId(clientEmailOrId)
      ? this.t.findGlobal<GoogleServiceAccountRecord>('serviceAccount', 'id', clientEmailOrId)
      : this.t.findGlobal<GoogleServiceAccountRecord>('serviceAccount', 'lookup', lo(clientEmailOrId));
  }
  async listServiceAccounts(tenantId: string) {
    return this.t.list<GoogleServiceAccountRecord>(tenantId, 'serviceAccount');
  }
  async putServiceAccount(sa: GoogleServiceAccountRecord) {
    await this.t.put(sa.tenantId, 'serviceAccount', sa.clientId, lo(sa.clientEmail), sa);
  }

  async getDwd(tenantId: string, clientId: string) {
    return this.t.get<GoogleDwdRecord>(tenantId, 'dwd', clientId);
  }
  async listDwd(tenantId: string) {
    return this.t.list<GoogleDwdRecord>(tenantId, 'dwd');
  }
  async putDwd(d: GoogleDwdRecord) {
    await this.t.put(d.tenantId, 'dwd', d.clientId, null, d);
  }

  async findOAuthClient(clientId: string) {
    return this.t.findGlobal<GoogleOAuthClientRecord>('oauthClient', 'lookup', clientId);
  }
  async putOAuthClient(c: GoogleOAuthClientRecord) {
    await this.t.put(c.tenantId, 'oauthClient', c.clientId, c.clientId, c);
  }

  async getGrant(tenantId: string, clientId: string, userEmail: string) {
    return this.t.get<GoogleGrantRecord>(tenantId, 'grant', `${clientId} ${lo(userEmail)}`);
  }
  async putGrant(g: GoogleGrantRecord) {
    await this.t.put(g.tenantId, 'grant', `${g.clientId} ${lo(g.userEmail)}`, null, g);
  }
}
