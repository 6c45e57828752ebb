/**
 * `npm run bench` (issues 9 and 14): for each size, generate the sample export (seeded), then time each stage
 * in its own process — load, model, policies — with its peak RSS, and the floor: DuckDB's bare read_csv of
 * the same files into tables of the staging types; then every table's key (TABLE_KEY) on that size's warehouse
 * (a key that repeats only at millions of rows is a wrong answer there). Then, from that size's warehouse, the site as
 * `npm run build` publishes it (bench/site.ts: the site database in its own process, `evidence sources`,
 * `evidence build` as process trees) and the built site in Chromium; the same for the default sample when it
 * is not one of the sizes. Prints a table and writes bench/results/<date>-<sizes>.json and .md,
 * bench/results/latest.md and the README's Performance section.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_INVOICES, DEFAULT_SEED } from '../tools/sample/index.js';
import { openWarehouse, queryRows } from '../transforms/db.js';
import { repeatedKeysSql, SITE_TABLES, TABLE_KEY } from '../transforms/warehouse.js';
import { ChildFailedError, logReason, runStageChild } from './proc.js';
import {
  checkTargets, consoleTable, fmtCount, fmtSize, growthOf, markdown, TRANSFORM_STAGES, updateReadme, WIDE_COMPARED_WITH, WIDE_SHAPE,
  type BenchResult, type Machine, type SiteRun, type SizeResult, type StageResult,
} from './report.js';
import { benchSample, type BenchSample, type SampleShape } from './samples.js';
import { measureSite, publish, PublishStepError } from './site.js';

const HELP = `npm run bench -- [--sizes 100000,1000000,10000000] [--out bench/results] [options]

  --sizes LIST      invoices per sample export, comma-separated (k/M suffixes allowed: 100k,1M,10M)
  --out DIR         results folder (default bench/results); the README's Performance section is
                    updated only when results go to the default folder
  --no-site         skip the site (site database, evidence sources / build) and the browser measurements
  --site-only       only the site of the default sample (its transform, then the site and the browser)
  --no-wide         skip the wide export (${WIDE_SHAPE.invoices.toLocaleString('en')} invoices, ${WIDE_SHAPE.customers.toLocaleString('en')} customers, ${WIDE_SHAPE.people.toLocaleString('en')} people: cost against
                    units, transform only), run after the sizes when they include 1M
  --seed N          sample seed (default ${DEFAULT_SEED})
  --repeat N        run each size's stages N times, keep the fastest run of each (default 1)
  --work DIR        samples and warehouses (default bench/work; samples are kept and reused)
  --keep            keep each size's warehouse files
  --timeout-min N   time bound of one stage (default 60)
  --duckdb K=V,…    DuckDB settings for every stage and the floor, for experiments
                    (e.g. memory_limit=8GB,threads=2; default: the pipeline's, transforms/db.ts)
  --report FILE     no run: the tables, targets and README section again from a saved run's .json
  --help            this text

The site is published from each size's warehouse (and from the default sample's) as \`npm run build\` does:
into .site/sales/ and build/ (the last size's site stays there); warehouse.duckdb is left alone.
Browser measurements need Chromium (CHROMIUM_PATH, default /usr/bin/chromium); without it they are skipped.`;

const DEFAULT_OUT = 'bench/results';

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  const n = Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a size: ${text}`);
  return n;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function duckdbVersion(): Promise<string> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll('SELECT version()');
  const v = String(reader.getRows()[0][0]);
  conn.closeSync();
  db.closeSync();
  return v;
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'transforms', 'policies', 'pages', 'sources', 'bench'], { encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

interface Ctx {
  /** extra arguments of every stage child */
  stageArgs: string[];
  work: string;
  logs: string;
  timeoutMs: number;
  loadavg: number[];
  /** publish and measure the site of every size */
  site: boolean;
  sites: SiteRun[];
}

function fileBytes(file: string): number {
  return [file, `${file}.wal`].reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** load → model → policies on one warehouse file, each stage in its own process. */
async function transformStages(ctx: Ctx, sample: BenchSample, db: string, tag: string): Promise<Record<(typeof TRANSFORM_STAGES)[number], StageResult>> {
  const out = {} as Record<(typeof TRANSFORM_STAGES)[number], StageResult>;
  for (const stage of TRANSFORM_STAGES) {
    const args = [stage, '--db', db, ...(stage === 'load' ? ['--from', sample.dir] : []), ...ctx.stageArgs];
    out[stage] = await runStageChild(args, { timeoutMs: ctx.timeoutMs, logFile: path.join(ctx.logs, `${tag}-${stage}.log`) });
    log(`  ${stage}: ${(out[stage].ms / 1000).toFixed(2)} s, peak RSS ${(out[stage].peakRssBytes / 1e9).toFixed(2)} GB`);
  }
  return out;
}

async function benchSize(ctx: Ctx, invoices: number, seed: number, repeat: number, keep: boolean, shape?: SampleShape): Promise<SizeResult> {
  ctx.loadavg.push(os.loadavg()[0]);
  const sample = await benchSample(ctx.work, invoices, seed, shape);
  const what = shape ? `wide export (${fmtCount(invoices)} invoices, ${fmtCount(shape.customers)} customers, ${fmtCount(shape.people)} people asked)` : `${fmtCount(invoices)} invoices`;
  log(`${what}: sample ${sample.generatedMs ? `generated in ${(sample.generatedMs / 1000).toFixed(1)} s` : 'reused'} (${(sample.csvBytes / 1e6).toFixed(0)} MB CSV)`);
  const tag = shape ? 'wide' : fmtSize(invoices);
  const db = path.join(ctx.work, `warehouse-${tag}.duckdb`);
  const floorDb = path.join(ctx.work, `floor-${tag}.duckdb`);
  let best: SizeResult['stages'] | null = null;
  let warehouseBytes = 0;
  for (let i = 0; i < repeat; i++) {
    const stages = {
      ...(await transformStages(ctx, sample, db, tag)),
      floor: await runStageChild(['floor', '--db', floorDb, '--from', sample.dir, ...ctx.stageArgs], { timeoutMs: ctx.timeoutMs, logFile: path.join(ctx.logs, `${tag}-floor.log`) }),
    };
    log(`  floor: ${(stages.floor.ms / 1000).toFixed(2)} s, peak RSS ${(stages.floor.peakRssBytes / 1e9).toFixed(2)} GB`);
    warehouseBytes = fileBytes(db);
    // the fastest run of each stage; memory is the highest seen in any run
    if (!best) best = stages;
    else {
      for (const k of Object.keys(stages) as Array<keyof typeof stages>) {
        const peak = Math.max(best[k].peakRssBytes, stages[k].peakRssBytes);
        if (stages[k].ms < best[k].ms) best[k] = stages[k];
        best[k].peakRssBytes = peak;
      }
    }
  }
  for (const p of [floorDb, `${floorDb}.wal`]) fs.rmSync(p, { force: true });
  const keys = await repeatedKeys(db);
  log(`  keys: ${keys.tables} tables, ${keys.repeated.length ? `REPEATED in ${keys.repeated.join('; ')}` : 'every key unique'} (${(keys.ms / 1000).toFixed(1)} s)`);
  // the wide export measures the transform against units; its site is not among the sizes' rows
  if (ctx.site && !shape) ctx.sites.push(await benchSite(ctx, sample, db, tag, invoices, null));
  if (!keep) for (const p of [db, `${db}.wal`]) fs.rmSync(p, { force: true });
  const stages = best!;
  const transform = {
    ms: TRANSFORM_STAGES.reduce((s, k) => s + stages[k].ms, 0),
    cpuMs: TRANSFORM_STAGES.reduce((s, k) => s + stages[k].cpuMs, 0),
    peakRssBytes: Math.max(...TRANSFORM_STAGES.map((k) => stages[k].peakRssBytes)),
  };
  return {
    invoices,
    seed,
    rows: sample.stats.rows,
    csvBytes: sample.csvBytes,
    sampleMs: sample.generatedMs,
    stages,
    transform,
    ratio: transform.ms / stages.floor.ms,
    cpuRatio: transform.cpuMs / stages.floor.cpuMs,
    warehouseBytes,
    keys,
    ...(shape ? { shape } : {}),
  };
}

/** Every table's key (TABLE_KEY) on this size's warehouse, with the check test/model/keys.test.ts runs on the sample. */
async function repeatedKeys(db: string): Promise<NonNullable<SizeResult['keys']>> {
  const t0 = performance.now();
  const wh = await openWarehouse(db, { access_mode: 'READ_ONLY' });
  try {
    const present = new Set(
      (await queryRows<{ name: string }>(wh.conn, `SELECT table_name AS name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal`)).map((r) => r.name),
    );
    const tables = SITE_TABLES.filter((t) => present.has(t));
    const repeated: string[] = [];
    for (const table of tables) {
      if ((await queryRows(wh.conn, repeatedKeysSql(table))).length) repeated.push(`${table} (${TABLE_KEY[table].join(', ')})`);
    }
    return { tables: tables.length, repeated, ms: Math.round(performance.now() - t0) };
  } finally {
    await wh.close();
  }
}

/** The default sample through the transform stages (not part of the transform table), then its site. */
async function benchDefaultSite(ctx: Ctx, seed: number): Promise<SiteRun> {
  ctx.loadavg.push(os.loadavg()[0]);
  const sample = await benchSample(ctx.work, DEFAULT_INVOICES, seed);
  log(`default sample (${fmtCount(DEFAULT_INVOICES)} invoices): transform for its site`);
  const db = path.join(ctx.work, 'warehouse-default.duckdb');
  const stages = await transformStages(ctx, sample, db, 'default');
  const transform = {
    ms: TRANSFORM_STAGES.reduce((s, k) => s + stages[k].ms, 0),
    peakRssBytes: Math.max(...TRANSFORM_STAGES.map((k) => stages[k].peakRssBytes)),
  };
  try {
    return await benchSite(ctx, sample, db, 'default', DEFAULT_INVOICES, transform);
  } finally {
    for (const p of [db, `${db}.wal`]) fs.rmSync(p, { force: true });
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gbs = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/**
 * The site from one size's warehouse, as `npm run build -- --site-only` would publish it from there, measured
 * step by step (bench/site.ts); a failing step is recorded (which, why, what it cost) and the run goes on.
 */
async function benchSite(ctx: Ctx, sample: BenchSample, db: string, tag: string, invoices: number, transform: SiteRun['transform']): Promise<SiteRun> {
  ctx.loadavg.push(os.loadavg()[0]);
  const rows = sample.stats.rows;
  const run: SiteRun = {
    invoices,
    customers: rows['customers.csv'] ?? 0,
    people: rows['people.csv'] ?? 0,
    defaultSample: invoices === DEFAULT_INVOICES,
    transform,
    siteDb: null,
    siteDbBytes: 0,
    tables: 0,
    browserTables: [],
    sources: null,
    build: null,
    built: null,
    browser: null,
    browserError: null,
    failure: null,
  };
  log(`  site (${fmtCount(run.customers)} customers): site database`);
  try {
    run.siteDb = await runStageChild(['site-db', '--db', db], { timeoutMs: ctx.timeoutMs, logFile: path.join(ctx.logs, `${tag}-site-db.log`) });
  } catch (err) {
    run.failure = { step: 'site database', message: (err as Error).message, reason: err instanceof ChildFailedError ? (err.reason ?? null) : null, measured: null };
    log(`  ✘ site database: ${(err as Error).message}`);
    return run;
  }
  const plan = run.siteDb.site!;
  run.siteDbBytes = fileBytes(plan.database);
  run.tables = plan.tables.length;
  run.browserTables = plan.browserTables;
  log(`  site database: ${secs(run.siteDb.ms)}, peak RSS ${gbs(run.siteDb.peakRssBytes)}, ${(run.siteDbBytes / 1e6).toFixed(0)} MB; browser's tables: ${plan.browserTables.join(', ') || 'none'}`);
  log('  evidence sources --strict, evidence build:strict');
  try {
    const pub = await publish(plan, ctx.logs, tag, ctx.timeoutMs);
    run.sources = pub.sources;
    run.build = pub.build;
    run.built = { buildBytes: pub.buildBytes, dataBytes: pub.dataBytes, pages: pub.pages, largestDataFile: pub.largestDataFile };
  } catch (err) {
    if (!(err instanceof PublishStepError)) throw err;
    run.sources = err.done.sources ?? null;
    run.build = err.done.build ?? null;
    run.failure = { step: `evidence ${err.step}`, message: err.message, reason: err.reason, measured: err.measured, prerendered: err.prerendered };
    log(`  ✘ evidence ${err.step}: ${err.message}`);
    return run;
  }
  log(
    `  sources ${secs(run.sources.ms)} ${gbs(run.sources.peakTreeRssBytes)}, build ${secs(run.build.ms)} ${gbs(run.build.peakTreeRssBytes)}; ` +
      `build/ ${(run.built.buildBytes / 1e6).toFixed(1)} MB, build/data ${(run.built.dataBytes / 1e6).toFixed(1)} MB, ${fmtCount(run.built.pages)} HTML pages`,
  );
  log('  pages in Chromium');
  try {
    run.browser = await measureSite(plan.buildDir);
  } catch (err) {
    run.browserError = (err as Error).message.split('\n')[0];
    log(`  browser measurements skipped: ${run.browserError}`);
  }
  return run;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100000,1000000,10000000' },
      out: { type: 'string', default: DEFAULT_OUT },
      work: { type: 'string', default: 'bench/work' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      repeat: { type: 'string', default: '1' },
      'no-site': { type: 'boolean', default: false },
      'site-only': { type: 'boolean', default: false },
      'no-wide': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'timeout-min': { type: 'string', default: '60' },
      duckdb: { type: 'string', default: '' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.report) {
    rereport(values.report, values.out!);
    return;
  }
  const sizes = values['site-only'] ? [] : [...new Set(values.sizes!.split(',').map(parseSize))].sort((a, b) => a - b);
  const seed = Number(values.seed);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer`);
  const withSite = !values['no-site'];
  const out = values.out!;
  const work = path.resolve(values.work!);
  const date = new Date().toISOString();
  const duckdb = values.duckdb!;
  const ctx: Ctx = {
    stageArgs: duckdb ? ['--duckdb', duckdb] : [],
    work,
    logs: path.join(work, 'logs'),
    timeoutMs: Number(values['timeout-min']) * 60_000,
    loadavg: [],
    site: withSite,
    sites: [],
  };
  fs.mkdirSync(ctx.logs, { recursive: true });

  const machine: Machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    duckdb: await duckdbVersion(),
    loadavg: ctx.loadavg,
  };
  // the default sample's site first (the smallest, and what `npm run build` makes), unless it is a size
  if (withSite && !sizes.includes(DEFAULT_INVOICES)) ctx.sites.push(await benchDefaultSite(ctx, seed));
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await benchSize(ctx, n, seed, repeat, values.keep!));
  // cost against units (issue 21): beside the 1 M export, one with its customers and people but a fifth of its documents
  const { invoices: wideInvoices, ...wideShape } = WIDE_SHAPE;
  const wide = sizes.includes(WIDE_COMPARED_WITH) && !values['no-wide'] ? await benchSize(ctx, wideInvoices, seed, repeat, values.keep!, wideShape) : null;
  const site = ctx.sites;
  ctx.loadavg.push(os.loadavg()[0]);

  const partial = { date, commit: gitCommit(), machine, options: { sizes, seed, repeat, site: withSite, duckdb }, sizes: results, wide, growth: growthOf(results), site };
  writeResults({ ...partial, targets: checkTargets(partial) }, out);
}

/** The run's JSON, its markdown (dated and latest.md) and, from the default folder, the README section. */
function writeResults(result: BenchResult, out: string): void {
  const { date, options } = result;
  const md = markdown(result);
  fs.mkdirSync(out, { recursive: true });
  const base = path.join(out, `${date.slice(0, 10)}-${options.sizes.map(fmtSize).join('-') || 'site'}${options.site && options.sizes.length ? '-site' : ''}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, `# Benchmark ${date.slice(0, 10)}\n\n${md}`);
  fs.writeFileSync(path.join(out, 'latest.md'), md);
  console.log(`\n${consoleTable(result)}\n\nresults: ${base}.json, ${base}.md, ${path.join(out, 'latest.md')}`);
  if (path.resolve(out) === path.resolve(DEFAULT_OUT)) {
    console.log(updateReadme('README.md', md) ? 'README.md: Performance section updated' : 'README.md: no bench markers, not updated');
  }
}

/**
 * `--report FILE`: the tables and targets of a saved run again, with this code's report (nothing is
 * measured). A failure saved without the line of its log that says why gets it from that log, if still there.
 */
function rereport(file: string, out: string): void {
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult;
  for (const run of result.site) {
    const f = run.failure;
    const log = f && /; log: (\S+)/.exec(f.message)?.[1];
    if (f && f.reason === undefined && log) f.reason = logReason(log);
  }
  writeResults({ ...result, targets: checkTargets(result) }, out);
}

main().catch((err: unknown) => {
  console.error(`✘ bench failed: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
  process.exit(1);
});
