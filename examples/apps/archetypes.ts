import { mentoring } from './mentoring/scenario.js';
import { roomDisplay } from './room-display/scenario.js';
import { roomSignage } from './room-signage/scenario.js';
import { teamsGovernance } from './teams-governance/scenario.js';
import type { Archetype } from './scenario-kit/archetype.js';
import { workplaceBooking } from './workplace-booking/scenario.js';

// The five archetype apps, in the order scripts/run-examples.ts runs them. The room display goes
// last: its scenario moves tenantbox's clock forward by hours.

export const ARCHETYPES: Archetype[] = [workplaceBooking, roomSignage, mentoring, teamsGovernance, roomDisplay];
