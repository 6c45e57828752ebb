/**
 * `npm run build`: the main job. ERP export folder (the bundled sample, generated when absent) →
 * warehouse.duckdb (atomic) → `evidence sources --strict` → `evidence build:strict` into a cleared build/.
 * Any failing step exits non-zero with its message; every step is time-bounded.
 */
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildWarehouse } from '../pipeline.js';
import { writeSample } from '../sample/index.js';
import { runEvidence, StepFailedError } from './steps.js';

const HELP = `npm run build -- [--from DIR] [--out FILE] [--site-only]

  --from DIR     ERP export folder (default: sample/, generated with the default seed when absent)
  --out FILE     warehouse file (default: warehouse.duckdb; the site reads this one)
  --site-only    skip the transform; publish the existing warehouse
  --help         this text

Steps: sample (when absent) → transform → evidence sources --strict → evidence build:strict → build/
Time bounds (minutes, env): BUILD_SOURCES_TIMEOUT_MIN (default 10), BUILD_SITE_TIMEOUT_MIN (default 20).`;

const DEFAULT_SAMPLE_DIR = 'sample';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string', default: 'warehouse.duckdb' },
      'site-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const started = Date.now();
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
    await buildWarehouse({ from, out: values.out!, log: (line: string) => console.log(line) });
  }
  if (values.out !== 'warehouse.duckdb') {
    console.log(`(site skipped: the site reads warehouse.duckdb, not ${values.out})`);
    return;
  }
  const minutes = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 60_000;
  console.log('▶ evidence sources --strict');
  await runEvidence(['sources', '--strict'], minutes('BUILD_SOURCES_TIMEOUT_MIN', 10));
  // Evidence copies into build/ without clearing it: stale pages and data would survive.
  rmSync('build', { recursive: true, force: true });
  console.log('▶ evidence build:strict');
  await runEvidence(['build:strict'], minutes('BUILD_SITE_TIMEOUT_MIN', 20));
  console.log(`✔ site built in build/ (${Math.round((Date.now() - started) / 1000)} s). Serve it: npm run preview`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`✘ build failed: ${message}`);
  if (!(err instanceof StepFailedError) && err instanceof Error && process.env.DEBUG) console.error(err.stack);
  process.exit(1);
});
