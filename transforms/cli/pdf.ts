/**
 * `npm run pdf -- [--month YYYY-MM] [--build DIR]`: the monthly report of a built site as a PDF,
 * <build>/reports/<month>.pdf (default: the latest month of build/). `npm run build` writes the latest month's
 * itself; this prints any other month, or reprints after changing report.yaml. See transforms/publish/pdf.ts.
 */
import { parseArgs } from 'node:util';
import { printReport, reportMonths } from '../publish/pdf.js';

const HELP = `npm run pdf -- [--month YYYY-MM] [--build DIR]

  --month YYYY-MM   the report's month (default: the latest month the build has a report page for)
  --build DIR       the built site (default: build; build-management for the management site)
  --help            this text

Writes <build>/reports/<month>.pdf: A4, the company name (report.yaml) and the as-of date in the header, page
numbers in the footer. Needs Debian's chromium (CHROMIUM_PATH to use another).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { month: { type: 'string' }, build: { type: 'string', default: 'build' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const month = values.month ?? reportMonths(values.build!).at(-1);
  if (!month) throw new Error(`${values.build}/reports/ has no month: run npm run build first`);
  const r = await printReport(values.build!, month);
  console.log(`✔ ${r.file} (${Math.round(r.bytes / 1024)} KB, ${(r.ms / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(`✘ pdf failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
