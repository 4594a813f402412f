import { describe, expect, it } from 'vitest';
import { classify } from '../../src/graph/reports/activity.js';
import { parseCsv, toCsv } from '../../src/graph/reports/csv.js';
import { REPORTS } from '../../src/graph/reports/definitions.js';
import { parseReportCall, reportWindow } from '../../src/graph/reports/period.js';

// The pure parts of the reports: the function segment, the window of days, which audited calls
// count as which activity, and the CSV writer.

const NOW = Date.parse('2026-03-10T15:30:00Z');

describe('report function segments and windows', () => {
  it('parses period and date, quoted or encoded', () => {
    expect(parseReportCall("getEmailActivityCounts(period='D30')")).toEqual({ name: 'getEmailActivityCounts', param: { kind: 'period', value: 'D30' } });
    expect(parseReportCall('getEmailActivityCounts(period=%27D7%27)')).toEqual({ name: 'getEmailActivityCounts', param: { kind: 'period', value: 'D7' } });
    expect(parseReportCall('getEmailActivityUserDetail(date=2026-03-01)')).toEqual({ name: 'getEmailActivityUserDetail', param: { kind: 'date', value: '2026-03-01' } });
    expect(parseReportCall('getEmailActivityCounts')).toEqual({ name: 'getEmailActivityCounts', param: { kind: 'none' } });
    expect(parseReportCall('not a function!')).toBeUndefined();
  });

  it('D7 is the last seven days including today; a date is one day of the last 30', () => {
    const w = reportWindow({ name: 'x', param: { kind: 'period', value: 'D7' } }, NOW, true);
    expect(w.days).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    expect([new Date(w.sinceMs).toISOString(), new Date(w.untilMs).toISOString(), w.refreshDate, w.reportPeriod]).toEqual(['2026-03-04T00:00:00.000Z', '2026-03-11T00:00:00.000Z', '2026-03-10', '7']);
    expect(reportWindow({ name: 'x', param: { kind: 'period', value: 'd180' } }, NOW, true).days).toHaveLength(180);
    expect(reportWindow({ name: 'x', param: { kind: 'date', value: '2026-02-09' } }, NOW, true).days).toEqual(['2026-02-09']);
    expect(() => reportWindow({ name: 'x', param: { kind: 'date', value: '2026-02-08' } }, NOW, true)).toThrow(/last 30 days/);
    expect(() => reportWindow({ name: 'x', param: { kind: 'date', value: '2026-03-11' } }, NOW, true)).toThrow();
    expect(() => reportWindow({ name: 'x', param: { kind: 'period', value: 'D14' } }, NOW, true)).toThrow(/D7, D30, D90 and D180/);
    expect(() => reportWindow({ name: 'x', param: { kind: 'date', value: '2026-03-01' } }, NOW, false)).toThrow();
  });
});

describe('what counts as activity', () => {
  it('classifies audited templates by workload', () => {
    expect(classify({ method: 'GET', template: '/me/messages' })).toEqual(['exchange']);
    expect(classify({ method: 'GET', template: '/users/{id}/calendarview' })).toEqual(['exchange']);
    expect(classify({ method: 'POST', template: '/me/events/{id}/accept' })).toEqual(['exchange', 'meetingInteracted']);
    // Channel messages are counted from the Teams store, so posting one is only Teams activity here.
    expect(classify({ method: 'POST', template: '/teams/{id}/channels/{id}/messages' })).toEqual(['teams']);
    expect(classify({ method: 'POST', template: '/chats/{id}/messages' })).toEqual(['teams', 'privateChat']);
    expect(classify({ method: 'GET', template: '/me/joinedteams' })).toEqual(['teams']);
    expect(classify({ method: 'GET', template: '/me/drive/root/children' })).toEqual(['oneDrive']);
    expect(classify({ method: 'GET', template: '/sites/{id}' })).toEqual(['sharePoint']);
    expect(classify({ method: 'GET', template: '/users' })).toEqual([]);
    expect(classify({ method: 'GET', template: '/places/microsoft.graph.room' })).toEqual([]);
  });
});

describe('CSV', () => {
  it('writes Microsoft\'s headers, True/False, empty nulls, quoted commas, products joined with +; and reads back', () => {
    const def = REPORTS.get('getemailactivityuserdetail')!;
    const csv = toCsv(def, [
      { reportRefreshDate: '2026-03-10', userPrincipalName: 'a@x.test', displayName: 'Archer, Alice', isDeleted: false, deletedDate: null, lastActivityDate: null, sendCount: 3, receiveCount: 0, readCount: 1, meetingCreatedCount: 0, meetingInteractedCount: 0, assignedProducts: ['A', 'B'], reportPeriod: '7' },
    ]);
    expect(csv.split('\r\n')[1]).toBe('2026-03-10,a@x.test,"Archer, Alice",False,,,3,0,1,0,0,A+B,7');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(csv)).toEqual([
      { 'Report Refresh Date': '2026-03-10', 'User Principal Name': 'a@x.test', 'Display Name': 'Archer, Alice', 'Is Deleted': 'False', 'Deleted Date': '', 'Last Activity Date': '', 'Send Count': '3', 'Receive Count': '0', 'Read Count': '1', 'Meeting Created Count': '0', 'Meeting Interacted Count': '0', 'Assigned Products': 'A+B', 'Report Period': '7' },
    ]);
  });
});
