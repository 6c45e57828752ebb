// The company whose receivables the site reports (report.yaml company_name; transforms/publish/site.ts sets
// VITE_SCORECARD_COMPANY from it): the header of printed statements of account, as of the monthly report's PDF.
export const company = import.meta.env.VITE_SCORECARD_COMPANY ?? '';
