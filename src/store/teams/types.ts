// Microsoft Teams state (graph-docs resources/team.md, channel.md, chatmessage.md, teamstab.md,
// teamsappinstallation.md, teamsasyncoperation.md). A team belongs to a Microsoft 365 group and
// has the group's id; its members and owners ARE the group's members and owners (DirectoryStore),
// as in Microsoft 365, so membership has one source of truth. What only Teams knows lives here:
// settings, channels, private-channel rosters, messages, tabs, installed apps, async operations.

export interface TeamMemberSettings {
  allowCreateUpdateChannels: boolean;
  allowCreatePrivateChannels: boolean;
  allowDeleteChannels: boolean;
  allowAddRemoveApps: boolean;
  allowCreateUpdateRemoveTabs: boolean;
  allowCreateUpdateRemoveConnectors: boolean;
}

export interface TeamGuestSettings {
  allowCreateUpdateChannels: boolean;
  allowDeleteChannels: boolean;
}

export interface TeamMessagingSettings {
  allowUserEditMessages: boolean;
  allowUserDeleteMessages: boolean;
  allowOwnerDeleteMessages: boolean;
  allowTeamMentions: boolean;
  allowChannelMentions: boolean;
}

export interface TeamFunSettings {
  allowGiphy: boolean;
  giphyContentRating: 'moderate' | 'strict';
  allowStickersAndMemes: boolean;
  allowCustomMemes: boolean;
}

export interface TeamSettings {
  memberSettings: TeamMemberSettings;
  guestSettings: TeamGuestSettings;
  messagingSettings: TeamMessagingSettings;
  funSettings: TeamFunSettings;
  discoverySettings: { showInTeamsSearchAndSuggestions: boolean };
}

export interface TeamRecord extends TeamSettings {
  tenantId: string;
  /** The Microsoft 365 group's id. */
  id: string;
  /** The team's thread id, `19:…@thread.tacv2` (Graph's `internalId`). */
  internalId: string;
  specialization: string;
  visibility: 'public' | 'private';
  isArchived: boolean;
  createdDateTime: string;
  /** Emulated time (epoch ms) when asynchronous provisioning completes; the team answers 404 before. */
  provisionedAtMs: number;
}

export interface ChannelRecord {
  tenantId: string;
  teamId: string;
  /** `19:…@thread.tacv2`. */
  id: string;
  displayName: string;
  description: string | null;
  membershipType: 'standard' | 'private';
  isFavoriteByDefault: boolean | null;
  /** The General channel (`primaryChannel`): cannot be renamed or deleted. */
  isPrimary: boolean;
  email: string;
  createdDateTime: string;
}

/** A private channel's roster (standard channels list the team's members). */
export interface ChannelMemberRecord {
  tenantId: string;
  teamId: string;
  channelId: string;
  userId: string;
  roles: string[];
  createdDateTime: string;
}

export interface ChannelMessageRecord {
  tenantId: string;
  teamId: string;
  channelId: string;
  /** Epoch-millisecond string, as Teams numbers messages. */
  id: string;
  replyToId: string | null;
  /** The chatMessage resource body as Graph returns it. */
  data: Record<string, unknown>;
  createdMs: number;
}

export interface TabRecord {
  tenantId: string;
  teamId: string;
  channelId: string;
  id: string;
  displayName: string;
  teamsAppId: string;
  configuration: { entityId: string | null; contentUrl: string | null; removeUrl: string | null; websiteUrl: string | null };
  sortOrderIndex: string;
  createdMs: number;
}

export interface InstalledAppRecord {
  tenantId: string;
  teamId: string;
  id: string;
  teamsAppId: string;
  createdMs: number;
}

export interface TeamsOperationRecord {
  tenantId: string;
  teamId: string;
  id: string;
  operationType: 'createTeam';
  createdMs: number;
  /** Emulated time the operation reports `succeeded` from. */
  completesAtMs: number;
  targetResourceId: string;
  targetResourceLocation: string;
}

export interface TeamsStore {
  getTeam(tenantId: string, id: string): Promise<TeamRecord | undefined>;
  listTeams(tenantId: string): Promise<TeamRecord[]>;
  putTeam(t: TeamRecord): Promise<void>;
  /** Removes the team and everything that hangs off it (channels, messages, tabs, apps, operations). */
  deleteTeam(tenantId: string, id: string): Promise<boolean>;

  getChannel(tenantId: string, teamId: string, id: string): Promise<ChannelRecord | undefined>;
  listChannels(tenantId: string, teamId: string): Promise<ChannelRecord[]>;
  putChannel(c: ChannelRecord): Promise<void>;
  /** Removes the channel with its roster, messages and tabs. */
  deleteChannel(tenantId: string, teamId: string, id: string): Promise<boolean>;

  listChannelMembers(tenantId: string, teamId: string, channelId: string): Promise<ChannelMemberRecord[]>;
  putChannelMember(m: ChannelMemberRecord): Promise<void>;
  deleteChannelMember(tenantId: string, teamId: string, channelId: string, userId: string): Promise<boolean>;

  getMessage(tenantId: string, teamId: string, channelId: string, id: string, replyToId?: string | null): Promise<ChannelMessageRecord | undefined>;
  /** Root messages (`replyToId` null) or the replies to one message, oldest first. */
  listMessages(tenantId: string, teamId: string, channelId: string, replyToId: string | null): Promise<ChannelMessageRecord[]>;
  putMessage(m: ChannelMessageRecord): Promise<void>;

  getTab(tenantId: string, teamId: string, channelId: string, id: string): Promise<TabRecord | undefined>;
  listTabs(tenantId: string, teamId: string, channelId: string): Promise<TabRecord[]>;
  putTab(t: TabRecord): Promise<void>;
  deleteTab(tenantId: string, teamId: string, channelId: string, id: string): Promise<boolean>;

  getInstalledApp(tenantId: string, teamId: string, id: string): Promise<InstalledAppRecord | undefined>;
  listInstalledApps(tenantId: string, teamId: string): Promise<InstalledAppRecord[]>;
  putInstalledApp(a: InstalledAppRecord): Promise<void>;
  deleteInstalledApp(tenantId: string, teamId: string, id: string): Promise<boolean>;

  getOperation(tenantId: string, teamId: string, id: string): Promise<TeamsOperationRecord | undefined>;
  putOperation(o: TeamsOperationRecord): Promise<void>;
}
