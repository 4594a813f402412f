import type { Body } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';

// A mailFolder create or update body: displayName (required on create) and isHidden (create only).
export function readFolderBody(body: Body, mode: 'create' | 'update'): { displayName?: string; isHidden?: boolean } {
  const out: { displayName?: string; isHidden?: boolean } = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'displayName') {
      if (typeof v !== 'string' || v.trim() === '') throw graphErrors.invalidProperty(k, 'mailFolder');
      out.displayName = v;
    } else if (k === 'isHidden' && mode === 'create') {
      if (typeof v !== 'boolean') throw graphErrors.invalidProperty(k, 'mailFolder');
      out.isHidden = v;
    } else if (k !== '@odata.type') {
      throw graphErrors.badRequest(
        `The property '${k}' does not exist on type 'microsoft.graph.mailFolder'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  if (mode === 'create' && out.displayName === undefined) throw graphErrors.requiredProperty('displayName', 'mailFolder');
  return out;
}
