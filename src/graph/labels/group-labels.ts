import type { FastifyRequest } from 'fastify';
import type { GroupRecord } from '../../store/types.js';
import { missingPermissionDetail, rankByPrivilege, type Authorization } from '../auth/authorize.js';
import { holds } from '../auth/principal.js';
import { graphErrors } from '../errors.js';
import { labelStoreOf } from './label-view.js';

// Sensitivity labels on Microsoft 365 groups: PATCH /groups/{id} {"assignedLabels":[{"labelId"}]}
// (graph-docs group-update.md, resources/assignedlabel.md), read back with
// GET /groups/{id}?$select=assignedLabels as [{labelId, displayName}]. What Graph requires:
// - delegated only: "Application permissions are not supported when updating assignedLabels."
//   (group-update.md); an app-only token gets code Unauthorized "App-only token is not supported."
//   (observed: msgraph-beta-sdk-dotnet#132, Microsoft 365 developer platform idea 3609078);
// - of PATCH /groups/{id}'s catalog entry only the permissions that cover the group as a whole
//   reach labels (group-update.md lists Group.ReadWrite.All, then Directory.ReadWrite.All); the
//   entry's property-scoped ones (Group-NestingSupport.*, Group-PreferredDataLocation.*,
//   Group.ManageProtection.All) each name another property;
// - Microsoft 365 (Unified) groups only (assignedlabel.md: "a sensitivity label assigned to a
//   Microsoft 365 group");
// - the label must exist and be published to the signed-in user. The tenant file has no label
//   policies or label scopes (every user sees every label, see docs/graph.md), so an active label
//   that can be applied (not a parent with sublabels) qualifies [I]; one label per group [I].
// The directory rule that ran in authorize() already required the caller to own the group or hold
// a group administrator role.

export interface AssignedLabel {
  labelId: string;
  displayName: string;
}

const GROUP_WIDE = new Set(['group.readwrite.all', 'directory.readwrite.all']);

export async function resolveAssignedLabels(req: FastifyRequest, auth: Authorization<GroupRecord>, value: unknown): Promise<AssignedLabel[]> {
  const state = req.graph;
  if (auth.scheme === 'application') {
    state.narrowed = { reason: 'assignedLabels', accepted: [] };
    state.permission = null; // what authorize() found for the endpoint does not allow this call
    state.policy = 'Sensitivity labels: assignedLabels can be set with delegated permissions only';
    throw graphErrors.appOnlyNotSupported();
  }
  const accepted = rankedGroupWide(req, auth);
  // The audit record says so, and the analyzer reports such PATCHes apart from other ones.
  state.narrowed = { reason: 'assignedLabels', accepted: [...accepted] };
  const allowing = accepted.filter((p) => holds(auth.principal, p));
  if (allowing.length === 0) {
    state.permission = null;
    state.missing = [...accepted];
    state.policy = 'Sensitivity labels: setting assignedLabels needs a group-wide write permission';
    throw graphErrors.directoryDenied({ details: [missingPermissionDetail(auth.principal, auth.match, accepted, 'PATCH')], denial: { missing: [...accepted] } });
  }
  state.permission = allowing[0]!;

  const g = auth.target;
  if (!g.groupTypes.some((t) => t.toLowerCase() === 'unified')) {
    throw graphErrors.groupLabelInvalid('Sensitivity labels can be assigned only to Microsoft 365 groups.');
  }
  if (!Array.isArray(value)) throw graphErrors.invalidProperty('assignedLabels', 'Group');
  const ids: string[] = [];
  for (const item of value) {
    const labelId = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).labelId : undefined;
    if (typeof labelId !== 'string' || labelId.trim() === '') throw graphErrors.invalidProperty('assignedLabels', 'Group');
    if (!ids.some((x) => x.toLowerCase() === labelId.toLowerCase())) ids.push(labelId);
  }
  if (ids.length > 1) throw graphErrors.groupLabelInvalid('A group can have only one sensitivity label.');

  const labels = await labelStoreOf(state.ctx.s).list(auth.tenant.id);
  return ids.map((id) => {
    const label = labels.find((l) => l.id.toLowerCase() === id.toLowerCase());
    if (!label || !label.isActive) throw graphErrors.groupLabelInvalid(`The label '${id}' does not exist or is not published to the signed-in user.`);
    if (labels.some((c) => c.parentId === label.id)) throw graphErrors.groupLabelInvalid(`The label '${label.name}' has sublabels; assign one of its sublabels.`);
    return { labelId: label.id, displayName: label.name };
  });
}

// The catalog entry's group-wide permissions, least privileged first as the catalog ranks them.
function rankedGroupWide(req: FastifyRequest, auth: Authorization<GroupRecord>): string[] {
  const names = auth.match.permissions.filter((p) => GROUP_WIDE.has(p.toLowerCase()));
  return rankByPrivilege(req.graph.ctx.s.catalog, names, auth.match, auth.scheme);
}
