import type { GraphArea } from '../index.js';
import { registerGetLabel } from './get-label.js';
import { registerListLabels } from './list-labels.js';

// Sensitivity labels the tenant file defines, through the beta informationProtection API
// (semantics doc §4.2: InformationProtectionPolicy.Read / .Read.All). Teams governance apps read
// them to let a catalog manager attach a label to a team template (seed 004).
export const labelsArea: GraphArea = {
  name: 'sensitivityLabels',
  routes(app) {
    registerListLabels(app);
    registerGetLabel(app);
  },
};
