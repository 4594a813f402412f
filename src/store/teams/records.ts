import type { Ids } from '../../shared/ids.js';
import type { ChannelRecord, TeamRecord, TeamSettings } from './types.js';

// How a new team and its channels look, shared by the seeder and the Graph routes that create
// teams. Defaults are those of Teams' standard template as the Graph docs show them (team-post.md,
// resources/teammembersettings.md …): members may manage channels, apps and tabs; guests may not.

export function defaultTeamSettings(): TeamSettings {
  return {
    memberSettings: {
      allowCreateUpdateChannels: true,
      allowCreatePrivateChannels: true,
      allowDeleteChannels: true,
      allowAddRemoveApps: true,
      allowCreateUpdateRemoveTabs: true,
      allowCreateUpdateRemoveConnectors: true,
    },
    guestSettings: { allowCreateUpdateChannels: false, allowDeleteChannels: false },
    messagingSettings: {
      allowUserEditMessages: true,
      allowUserDeleteMessages: true,
      allowOwnerDeleteMessages: true,
      allowTeamMentions: true,
      allowChannelMentions: true,
    },
    funSettings: { allowGiphy: true, giphyContentRating: 'moderate', allowStickersAndMemes: true, allowCustomMemes: true },
    discoverySettings: { showInTeamsSearchAndSuggestions: true },
  };
}

/** A Teams thread id, `19:<32 hex>@thread.tacv2`, the shape of team and channel ids. */
export function newThreadId(ids: Ids): string {
  return `19:${ids.uuid().replace(/-/g, '')}@thread.tacv2`;
}

export function newTeamRecord(o: {
  tenantId: string;
  groupId: string;
  internalId: string;
  now: string;
  provisionedAtMs: number;
  visibility?: 'public' | 'private';
  settings?: Partial<TeamSettings>;
}): TeamRecord {
  const d = defaultTeamSettings();
  const s = o.settings ?? {};
  return {
    tenantId: o.tenantId,
    id: o.groupId,
    internalId: o.internalId,
    specialization: 'none',
    visibility: o.visibility ?? 'public',
    isArchived: false,
    createdDateTime: o.now,
    provisionedAtMs: o.provisionedAtMs,
    memberSettings: { ...d.memberSettings, ...s.memberSettings },
    guestSettings: { ...d.guestSettings, ...s.guestSettings },
    messagingSettings: { ...d.messagingSettings, ...s.messagingSettings },
    funSettings: { ...d.funSettings, ...s.funSettings },
    discoverySettings: { ...d.discoverySettings, ...s.discoverySettings },
  };
}

/** Every team has a General channel (its `primaryChannel`); its id is the team's thread id, as in Teams. */
export function generalChannel(team: TeamRecord, description: string | null = null): ChannelRecord {
  return {
    tenantId: team.tenantId,
    teamId: team.id,
    id: team.internalId,
    displayName: 'General',
    description,
    membershipType: 'standard',
    isFavoriteByDefault: null,
    isPrimary: true,
    email: '',
    createdDateTime: team.createdDateTime,
  };
}
