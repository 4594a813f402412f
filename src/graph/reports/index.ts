import type { GraphArea } from '../index.js';
import { registerReportRoute } from './report-route.js';

export { registerReportDownloads, DOWNLOAD_PATH } from './download.js';
export { parseCsv } from './csv.js';

// Microsoft 365 usage reports (Reports.Read.All), computed from the tenant's own emulated activity:
// the audit log, mail sent/received/read, meetings organized. CSV downloads are served by
// registerReportDownloads, mounted outside the Graph pipeline (see download.ts).
export const reportsArea: GraphArea = {
  name: 'reports',
  routes(app) {
    registerReportRoute(app);
  },
};
