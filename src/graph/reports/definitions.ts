import { dateOf, lastOf, n, newestFirst, perDay, products, totals, type ReportDef } from './report-kit.js';

export type { ReportContext, ReportDef } from './report-kit.js';

// The usage reports tenantbox computes, with Microsoft's columns in Microsoft's order (CSV header
// and JSON property name of each), from graph-docs reportroot-get*.md (beta pages, which also list
// the JSON shape). Licences are not modelled: a user with a mailbox counts as licensed for every
// product ("MICROSOFT 365 E3" [I]); nobody is deleted; calls, audio and video read as zero. The
// privacy setting that conceals user names is off, so names are shown.

const office365ActiveUserDetail: ReportDef = {
  name: 'getOffice365ActiveUserDetail',
  allowsDate: true,
  pageSize: 200,
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['User Principal Name', 'userPrincipalName'],
    ['Display Name', 'displayName'],
    ['Is Deleted', 'isDeleted'],
    ['Deleted Date', 'deletedDate'],
    ['Has Exchange License', 'hasExchangeLicense'],
    ['Has OneDrive License', 'hasOneDriveLicense'],
    ['Has SharePoint License', 'hasSharePointLicense'],
    ['Has Skype For Business License', 'hasSkypeForBusinessLicense'],
    ['Has Yammer License', 'hasYammerLicense'],
    ['Has Teams License', 'hasTeamsLicense'],
    ['Exchange Last Activity Date', 'exchangeLastActivityDate'],
    ['OneDrive Last Activity Date', 'oneDriveLastActivityDate'],
    ['SharePoint Last Activity Date', 'sharePointLastActivityDate'],
    ['Skype For Business Last Activity Date', 'skypeForBusinessLastActivityDate'],
    ['Yammer Last Activity Date', 'yammerLastActivityDate'],
    ['Teams Last Activity Date', 'teamsLastActivityDate'],
    ['Exchange License Assign Date', 'exchangeLicenseAssignDate'],
    ['OneDrive License Assign Date', 'oneDriveLicenseAssignDate'],
    ['SharePoint License Assign Date', 'sharePointLicenseAssignDate'],
    ['Skype For Business License Assign Date', 'skypeForBusinessLicenseAssignDate'],
    ['Yammer License Assign Date', 'yammerLicenseAssignDate'],
    ['Teams License Assign Date', 'teamsLicenseAssignDate'],
    ['Assigned Products', 'assignedProducts'],
  ],
  rows({ users, facts, window }) {
    const t = totals(facts);
    return users.map((u) => {
      const x = t.get(u.id.toLowerCase());
      const licensed = u.mailbox;
      const assigned = licensed ? dateOf(u.createdDateTime) : null;
      return {
        reportRefreshDate: window.refreshDate,
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        isDeleted: false,
        deletedDate: null,
        hasExchangeLicense: licensed,
        hasOneDriveLicense: licensed,
        hasSharePointLicense: licensed,
        hasSkypeForBusinessLicense: false,
        hasYammerLicense: licensed,
        hasTeamsLicense: licensed,
        exchangeLastActivityDate: x?.last.exchange ?? null,
        oneDriveLastActivityDate: x?.last.oneDrive ?? null,
        sharePointLastActivityDate: x?.last.sharePoint ?? null,
        skypeForBusinessLastActivityDate: null,
        yammerLastActivityDate: null,
        teamsLastActivityDate: x?.last.teams ?? null,
        exchangeLicenseAssignDate: assigned,
        oneDriveLicenseAssignDate: assigned,
        sharePointLicenseAssignDate: assigned,
        skypeForBusinessLicenseAssignDate: null,
        yammerLicenseAssignDate: assigned,
        teamsLicenseAssignDate: assigned,
        assignedProducts: products(u),
      };
    });
  },
};

const office365ActiveUserCounts: ReportDef = {
  name: 'getOffice365ActiveUserCounts',
  allowsDate: false,
  pageSize: null,
  odataType: 'office365ActiveUserCounts',
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['Office 365', 'office365'],
    ['Exchange', 'exchange'],
    ['OneDrive', 'oneDrive'],
    ['SharePoint', 'sharePoint'],
    ['Skype For Business', 'skypeForBusiness'],
    ['Yammer', 'yammer'],
    ['Teams', 'teams'],
    ['Report Date', 'reportDate'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ facts, window }) {
    return newestFirst(window).map((day) => {
      const { active } = perDay(facts, day);
      return {
        reportRefreshDate: window.refreshDate,
        office365: active.any.size,
        exchange: active.exchange.size,
        oneDrive: active.oneDrive.size,
        sharePoint: active.sharePoint.size,
        skypeForBusiness: 0,
        yammer: 0,
        teams: active.teams.size,
        reportDate: day,
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

const teamsUserActivityUserDetail: ReportDef = {
  name: 'getTeamsUserActivityUserDetail',
  allowsDate: true,
  pageSize: 2000,
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['Tenant Display Name', 'tenantDisplayName'],
    ['Shared Channel Tenant Display Names', 'sharedChannelTenantDisplayNames'],
    ['User Id', 'userId'],
    ['User Principal Name', 'userPrincipalName'],
    ['Last Activity Date', 'lastActivityDate'],
    ['Is Deleted', 'isDeleted'],
    ['Deleted Date', 'deletedDate'],
    ['Assigned Products', 'assignedProducts'],
    ['Team Chat Message Count', 'teamChatMessageCount'],
    ['Private Chat Message Count', 'privateChatMessageCount'],
    ['Call Count', 'callCount'],
    ['Meeting Count', 'meetingCount'],
    ['Post Messages', 'postMessages'],
    ['Reply Messages', 'replyMessages'],
    ['Urgent Messages', 'urgentMessages'],
    ['Meetings Organized Count', 'meetingsOrganizedCount'],
    ['Meetings Attended Count', 'meetingsAttendedCount'],
    ['Ad Hoc Meetings Organized Count', 'adHocMeetingsOrganizedCount'],
    ['Ad Hoc Meetings Attended Count', 'adHocMeetingsAttendedCount'],
    ['Scheduled One-time Meetings Organized Count', 'scheduledOneTimeMeetingsOrganizedCount'],
    ['Scheduled One-time Meetings Attended Count', 'scheduledOneTimeMeetingsAttendedCount'],
    ['Scheduled Recurring Meetings Organized Count', 'scheduledRecurringMeetingsOrganizedCount'],
    ['Scheduled Recurring Meetings Attended Count', 'scheduledRecurringMeetingsAttendedCount'],
    ['Audio Duration', 'audioDuration'],
    ['Video Duration', 'videoDuration'],
    ['Screen Share Duration', 'screenShareDuration'],
    ['Audio Duration In Seconds', 'audioDurationInSeconds'],
    ['Video Duration In Seconds', 'videoDurationInSeconds'],
    ['Screen Share Duration In Seconds', 'screenShareDurationInSeconds'],
    ['Has Other Action', 'hasOtherAction'],
    ['Is Licensed', 'isLicensed'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ tenant, users, facts, window }) {
    const t = totals(facts);
    return users.map((u) => {
      const x = t.get(u.id.toLowerCase());
      const organized = n(x, 'meetingOrganized');
      return {
        reportRefreshDate: window.refreshDate,
        tenantDisplayName: tenant.displayName,
        sharedChannelTenantDisplayNames: '',
        userId: u.id,
        userPrincipalName: u.userPrincipalName,
        lastActivityDate: x?.last.teams ?? null,
        isDeleted: false,
        deletedDate: null,
        assignedProducts: products(u),
        teamChatMessageCount: n(x, 'teamChat'),
        privateChatMessageCount: n(x, 'privateChat'),
        callCount: 0,
        meetingCount: organized,
        postMessages: n(x, 'postMessage'),
        replyMessages: n(x, 'replyMessage'),
        urgentMessages: n(x, 'urgentMessage'),
        meetingsOrganizedCount: organized,
        meetingsAttendedCount: 0,
        adHocMeetingsOrganizedCount: 0,
        adHocMeetingsAttendedCount: 0,
        scheduledOneTimeMeetingsOrganizedCount: organized,
        scheduledOneTimeMeetingsAttendedCount: 0,
        scheduledRecurringMeetingsOrganizedCount: 0,
        scheduledRecurringMeetingsAttendedCount: 0,
        audioDuration: '00:00:00',
        videoDuration: '00:00:00',
        screenShareDuration: '00:00:00',
        audioDurationInSeconds: 0,
        videoDurationInSeconds: 0,
        screenShareDurationInSeconds: 0,
        hasOtherAction: (x?.counts.teams ?? 0) > 0,
        isLicensed: u.mailbox,
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

const teamsUserActivityCounts: ReportDef = {
  name: 'getTeamsUserActivityCounts',
  allowsDate: false,
  pageSize: null,
  odataType: 'teamsUserActivityCounts',
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['Report Date', 'reportDate'],
    ['Team Chat Messages', 'teamChatMessages'],
    ['Private Chat Messages', 'privateChatMessages'],
    ['Calls', 'calls'],
    ['Meetings', 'meetings'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ facts, window }) {
    return newestFirst(window).map((day) => {
      const { counts } = perDay(facts, day);
      return {
        reportRefreshDate: window.refreshDate,
        reportDate: day,
        teamChatMessages: counts.teamChat ?? 0,
        privateChatMessages: counts.privateChat ?? 0,
        calls: 0,
        meetings: counts.meetingOrganized ?? 0,
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

const emailActivityUserDetail: ReportDef = {
  name: 'getEmailActivityUserDetail',
  allowsDate: true,
  pageSize: 200,
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['User Principal Name', 'userPrincipalName'],
    ['Display Name', 'displayName'],
    ['Is Deleted', 'isDeleted'],
    ['Deleted Date', 'deletedDate'],
    ['Last Activity Date', 'lastActivityDate'],
    ['Send Count', 'sendCount'],
    ['Receive Count', 'receiveCount'],
    ['Read Count', 'readCount'],
    ['Meeting Created Count', 'meetingCreatedCount'],
    ['Meeting Interacted Count', 'meetingInteractedCount'],
    ['Assigned Products', 'assignedProducts'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ users, facts, window }) {
    const t = totals(facts);
    return users.map((u) => {
      const x = t.get(u.id.toLowerCase());
      return {
        reportRefreshDate: window.refreshDate,
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        isDeleted: false,
        deletedDate: null,
        lastActivityDate: lastOf(x, 'send', 'read', 'meetingCreated', 'meetingInteracted'),
        sendCount: n(x, 'send'),
        receiveCount: n(x, 'receive'),
        readCount: n(x, 'read'),
        meetingCreatedCount: n(x, 'meetingCreated'),
        meetingInteractedCount: n(x, 'meetingInteracted'),
        assignedProducts: products(u),
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

const emailActivityCounts: ReportDef = {
  name: 'getEmailActivityCounts',
  allowsDate: false,
  pageSize: null,
  odataType: 'emailActivitySummary',
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['Send', 'send'],
    ['Receive', 'receive'],
    ['Read', 'read'],
    ['Meeting Created', 'meetingCreated'],
    ['Meeting Interacted', 'meetingInteracted'],
    ['Report Date', 'reportDate'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ facts, window }) {
    return newestFirst(window).map((day) => {
      const { counts } = perDay(facts, day);
      return {
        reportRefreshDate: window.refreshDate,
        send: counts.send ?? 0,
        receive: counts.receive ?? 0,
        read: counts.read ?? 0,
        meetingCreated: counts.meetingCreated ?? 0,
        meetingInteracted: counts.meetingInteracted ?? 0,
        reportDate: day,
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

// Exchange Online's default quotas for a 50 GB mailbox (Set-Mailbox defaults): warning at 49 GB,
// no sending at 49.5 GB, nothing at 50 GB; 30 GB of recoverable items.
const GB = 1024 ** 3;
const mailboxUsageDetail: ReportDef = {
  name: 'getMailboxUsageDetail',
  allowsDate: false,
  pageSize: 200,
  needsUsage: true,
  columns: [
    ['Report Refresh Date', 'reportRefreshDate'],
    ['User Principal Name', 'userPrincipalName'],
    ['Display Name', 'displayName'],
    ['Is Deleted', 'isDeleted'],
    ['Deleted Date', 'deletedDate'],
    ['Created Date', 'createdDate'],
    ['Last Activity Date', 'lastActivityDate'],
    ['Item Count', 'itemCount'],
    ['Storage Used (Byte)', 'storageUsedInBytes'],
    ['Issue Warning Quota (Byte)', 'issueWarningQuotaInBytes'],
    ['Prohibit Send Quota (Byte)', 'prohibitSendQuotaInBytes'],
    ['Prohibit Send/Receive Quota (Byte)', 'prohibitSendReceiveQuotaInBytes'],
    ['Deleted Item Count', 'deletedItemCount'],
    ['Deleted Item Size (Byte)', 'deletedItemSizeInBytes'],
    ['Deleted Item Quota (Byte)', 'deletedItemQuota'],
    ['Has Archive', 'hasArchive'],
    ['Report Period', 'reportPeriod'],
  ],
  rows({ mailboxes, facts, window, usage }) {
    const t = totals(facts);
    return mailboxes.map((u) => {
      const x = t.get(u.id.toLowerCase());
      const use = usage.get(u.id);
      return {
        reportRefreshDate: window.refreshDate,
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        isDeleted: false,
        deletedDate: null,
        createdDate: dateOf(u.createdDateTime),
        lastActivityDate: x?.last.exchange ?? null,
        itemCount: use?.items ?? 0,
        storageUsedInBytes: use?.bytes ?? 0,
        issueWarningQuotaInBytes: 49 * GB,
        prohibitSendQuotaInBytes: 49.5 * GB,
        prohibitSendReceiveQuotaInBytes: 50 * GB,
        deletedItemCount: use?.deletedItems ?? 0,
        deletedItemSizeInBytes: use?.deletedBytes ?? 0,
        deletedItemQuota: 30 * GB,
        hasArchive: false,
        reportPeriod: window.reportPeriod,
      };
    });
  },
};

export const REPORTS: ReadonlyMap<string, ReportDef> = new Map(
  [office365ActiveUserDetail, office365ActiveUserCounts, teamsUserActivityUserDetail, teamsUserActivityCounts, emailActivityUserDetail, emailActivityCounts, mailboxUsageDetail].map(
    (r) => [r.name.toLowerCase(), r],
  ),
);
