/**
 * Builds the site once for the e2e tests, unless build/ is newer than everything it is made from and was built
 * from the e2e export.
 *
 * The e2e export is the seeded sample (sample/, generated when absent) with two customers renamed to hostile
 * text — `<script>alert(1)</script>` and `=HYPERLINK("x")` — so the tests can check that pages show such names
 * as text. Renaming changes no number: every figure the tests compare is the same as the plain sample's.
 * Salaries get distinctive cents (for test/e2e/pay.test.ts). The build is `npm run build -- --from <e2e export>`,
 * then `npm run build -- --site-only --audience management`, the commands a user runs; their output goes to
 * test-results/build.log. E2E_NO_BUILD=1 skips all this and tests build/ as it is (while iterating on tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, statSync, readdirSync, existsSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { queryWarehouse } from './warehouse.js';

const INPUTS = [
  'pages', 'partials', 'sources', 'queries', 'policies', 'transforms', 'patches', 'components',
  'evidence.config.yaml', 'package-lock.json', 'warehouse.duckdb',
];

export const SAMPLE_DIR = 'sample';
export const E2E_EXPORT = 'test-results/e2e-export';
/** customer_id → the hostile name the e2e export gives it (customers with a page: C00001 has none, see customer_latest.has_page) */
export const HOSTILE_NAMES: Record<string, string> = {
  C00002: '<script>alert(1)</script>',
  C00003: '=HYPERLINK("x")',
};

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Both sites are built: the default one (build/) and the management one (build-management/). */
export const SITE_MARKERS = ['build/index.html', 'build-management/index.html'];

export function siteIsFresh(): boolean {
  if (!SITE_MARKERS.every(existsSync) || !existsSync('warehouse.duckdb')) return false;
  const built = Math.min(...SITE_MARKERS.map((m) => statSync(m).mtimeMs));
  return INPUTS.every((input) => newestMtime(input) <= built);
}

/** Does warehouse.duckdb come from the e2e export (the hostile names are in it)? */
async function warehouseHasHostileNames(): Promise<boolean> {
  if (!existsSync('warehouse.duckdb')) return false;
  const [id, name] = Object.entries(HOSTILE_NAMES)[0];
  const rows = await queryWarehouse<{ n: bigint }>(
    `select count(*) as n from dim_customer where customer_id = '${id}' and customer_name = '${name.replaceAll("'", "''")}'`,
  );
  return Number(rows[0].n) === 1;
}

function run(args: string[], log: number, env: NodeJS.ProcessEnv): void {
  const result = spawnSync('npm', args, { stdio: ['ignore', log, log], env, timeout: 30 * 60_000 });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed (status ${result.status}); see test-results/build.log`);
  }
}

/** One CSV field, quoted when it needs to be. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** sample/ → test-results/e2e-export/ with the hostile customer names (the sample writes plain, unquoted ids). */
function writeE2eExport(): void {
  mkdirSync(E2E_EXPORT, { recursive: true });
  for (const file of readdirSync(SAMPLE_DIR)) copyFileSync(path.join(SAMPLE_DIR, file), path.join(E2E_EXPORT, file));
  const customers = readFileSync(path.join(SAMPLE_DIR, 'customers.csv'), 'utf8').split('\n');
  const header = customers[0].replace(/^\uFEFF/, '').split(',');
  const nameColumn = header.indexOf('customer_name');
  if (header[0] !== 'customer_id' || nameColumn !== 1) throw new Error('sample customers.csv: unexpected header');
  const renamed = customers.map((line) => {
    const id = line.slice(0, line.indexOf(','));
    if (!(id in HOSTILE_NAMES)) return line;
    // customer_id,customer_name,…: the sample's names hold no comma or quote, so the second field ends at the next comma
    const rest = line.slice(id.length + 1);
    return `${id},${csvField(HOSTILE_NAMES[id])}${rest.slice(rest.indexOf(','))}`;
  });
  writeFileSync(path.join(E2E_EXPORT, 'customers.csv'), renamed.join('\n'));
  writeFileSync(path.join(E2E_EXPORT, 'people.csv'), distinctiveSalaries(readFileSync(path.join(SAMPLE_DIR, 'people.csv'), 'utf8')));
}

/**
 * The sample's salaries are round hundreds (7000.00) in the range of everyday amounts: a search for them in the
 * built site would find invoices, targets and differences of the same value. The e2e export lifts every salary by
 * ¥8,000,000 plus 11–99 cents, a range no other figure of the site reaches per person, so that a salary found
 * anywhere in build/ (test/e2e/pay.test.ts) is the salary. Only pay amounts change with it: no score, rank or
 * grade depends on a salary.
 */
function distinctiveSalaries(csv: string): string {
  const lines = csv.split('\n');
  const column = lines[0].replace(/^\uFEFF/, '').split(',').indexOf('monthly_salary');
  if (column === -1) throw new Error('sample people.csv: no monthly_salary column');
  return lines
    .map((line, i) => {
      const fields = line.split(',');
      if (i === 0 || !fields[column]) return line;
      fields[column] = (Number(fields[column]) + 8_000_000 + (11 + ((i * 37) % 89)) / 100).toFixed(2);
      return fields.join(',');
    })
    .join('\n');
}

export default async function setup(): Promise<void> {
  if (process.env.E2E_NO_BUILD) {
    console.log('[e2e] E2E_NO_BUILD: testing build/ as it is');
    return;
  }
  if (siteIsFresh() && (await warehouseHasHostileNames())) {
    console.log('[e2e] build/ is newer than its inputs and built from the e2e export: reusing it');
    return;
  }
  mkdirSync('test-results', { recursive: true });
  const logPath = 'test-results/build.log';
  const log = openSync(logPath, 'w');
  // The build must see a user's environment, not vitest's: NODE_ENV=test makes Evidence/SvelteKit
  // build in a debug mode that prerenders its explore pages (and fails on them).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && key !== 'TEST'),
  );
  if (!existsSync(SAMPLE_DIR)) {
    console.log('[e2e] generating the seeded sample (npm run sample) …');
    run(['run', 'sample'], log, env);
  }
  writeE2eExport();
  console.log(`[e2e] building the site from ${E2E_EXPORT} (npm run build, log: ${logPath}) …`);
  run(['run', 'build', '--', '--from', E2E_EXPORT], log, env);
  console.log('[e2e] building the management site (npm run build -- --site-only --audience management) …');
  run(['run', 'build', '--', '--site-only', '--audience', 'management'], log, env);
}
