/**
 * `npm run build`: the main job. ERP export folder (the bundled sample, generated when absent) →
 * warehouse.duckdb (atomic) → the audience's site database → `evidence sources --strict` (the browser's
 * tables only) → `evidence build:strict` into a cleared build/ (or build-management/), see transforms/publish/site.ts.
 * Any failing step exits non-zero with its message; every step is time-bounded.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildWarehouse } from '../pipeline.js';
import { writeSample } from '../../tools/sample/index.js';
import { prepareSite, publishSite, UnshippableTableError } from '../publish/site.js';
import { AUDIENCES, SITE_OUTPUT, type Audience } from '../publish/site-database.js';
import { runEvidence, StepFailedError } from './steps.js';
import { CHROMIUM, printReport, reportMonths } from '../publish/pdf.js';
import { ClosedStoreError, verifyStore } from '../closing/store.js';

const HELP = `npm run build -- [--from DIR] [--out FILE] [--site-only] [--audience sales|management]

  --from DIR        ERP export folder (default: sample/, generated with the default seed when absent)
  --out FILE        warehouse file (default: warehouse.duckdb; the site reads this one)
  --site-only       skip the transform; publish the existing warehouse
  --closed DIR      the closed-period store (npm run close; default closed), verified first: a damaged or
                    edited file stops the build (exit 3) naming it
  --audience NAME   sales (default): the site for the whole sales organisation, in ${SITE_OUTPUT.sales.buildDir}/, without
                    any pay data; management: the same pages with salaries, deductions, commissions and
                    compensation, in ${SITE_OUTPUT.management.buildDir}/ (serve it behind a login: docs/deploy.md)
  --help            this text

Steps: sample (when absent) → transform → site database → evidence sources --strict → evidence build:strict
→ the latest month's report as a PDF (<build>/reports/<yyyy-mm>.pdf; npm run pdf for another month)
Time bounds (minutes, env): BUILD_SOURCES_TIMEOUT_MIN (default 10), BUILD_SITE_TIMEOUT_MIN (default 20).
Pages are prerendered in one thread (PRERENDER_WORKERS env: N renderer threads, auto: one per core; default 0).`;

const DEFAULT_SAMPLE_DIR = 'sample';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string', default: 'warehouse.duckdb' },
      'site-only': { type: 'boolean', default: false },
      closed: { type: 'string', default: 'closed' },
      audience: { type: 'string', default: 'sales' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const audience = values.audience as Audience;
  if (!AUDIENCES.includes(audience)) {
    console.error(`✘ --audience ${values.audience}: expected ${AUDIENCES.join(' or ')}`);
    process.exit(2);
  }
  const started = Date.now();
  // the transform verifies it too; a site-only build checks it here, before any work
  verifyStore(values.closed!);
  if (!values['site-only']) {
    let from = values.from;
    if (!from) {
      from = DEFAULT_SAMPLE_DIR;
      if (!existsSync(from)) {
        console.log(`▶ sample: no export folder given and ${from}/ is absent — generating the seeded sample`);
        await writeSample({ outDir: from });
      }
    }
    console.log(`▶ transform: ${from} → ${values.out}`);
    await buildWarehouse({ from, out: values.out!, log: (line: string) => console.log(line), closedDir: values.closed });
  }
  if (values.out !== 'warehouse.duckdb') {
    console.log(`(site skipped: the site reads warehouse.duckdb, not ${values.out})`);
    return;
  }
  const minutes = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 60_000;
  console.log(`▶ site database (${audience}): ${SITE_OUTPUT[audience].database}`);
  const plan = await prepareSite(audience);
  console.log(`  ${plan.tables.length} tables; shipped for the browser's re-queries: ${plan.browserTables.join(', ') || 'none'}`);
  console.log('▶ evidence sources --strict (the browser\'s tables) → evidence build:strict');
  const timeouts = { sources: minutes('BUILD_SOURCES_TIMEOUT_MIN', 10), build: minutes('BUILD_SITE_TIMEOUT_MIN', 20) };
  await publishSite(plan, (step, args, env) => runEvidence(args, timeouts[step], { ...process.env, ...env }));
  // the latest month's report as a PDF beside its page (the report page links to it (rel="external": the prerender crawler must not take the file for a page)); other months: npm run pdf
  const latest = reportMonths(plan.buildDir).at(-1);
  if (latest && !existsSync(CHROMIUM)) {
    // a machine without Chromium still builds the site; only the PDF waits for one
    console.log(`⚠ pdf skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH, then npm run pdf)`);
  } else if (latest) {
    console.log(`▶ pdf: ${plan.buildDir}/reports/${latest}.pdf`);
    const pdf = await printReport(plan.buildDir, latest);
    console.log(`  ${Math.round(pdf.bytes / 1024)} KB in ${(pdf.ms / 1000).toFixed(1)} s`);
  }
  console.log(`✔ ${audience} site built in ${plan.buildDir}/ (${Math.round((Date.now() - started) / 1000)} s). Serve it: npm run preview${audience === 'sales' ? '' : ` -- ${plan.buildDir}`}`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`✘ build failed: ${message}`);
  if (err instanceof ClosedStoreError) process.exit(3);
  if (!(err instanceof StepFailedError) && !(err instanceof UnshippableTableError) && err instanceof Error && process.env.DEBUG) console.error(err.stack);
  process.exit(1);
});
