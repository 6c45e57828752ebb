/**
 * One bench stage in its own process, so that its peak RSS is its own (`bench/proc.ts` runs it):
 *
 *   stage.ts load     --db FILE --from DIR   the loader into a fresh warehouse file
 *   stage.ts model    --db FILE              the model on a loaded file
 *   stage.ts policies --db FILE              the policies on a modelled file, then the publish stage (the
 *                                            page tables) and the data dictionary's tables, as buildWarehouse
 *                                            runs them right after the policies: the staged warehouse is
 *                                            complete (test/bench compares it with buildWarehouse's)
 *   stage.ts floor    --db FILE --from DIR   the floor: DuckDB's bare read_csv of the same files into
 *                                            tables of the staging types, nothing else
 *   stage.ts site-db  --db FILE              the default audience's site database from that warehouse and the
 *                                            browser's tables, as \`npm run build\` does (prepareSite); the plan
 *                                            (publishSite's input) is part of the report
 *   … --result FILE                          where the report (JSON, proc.ts StageReport) goes
 *   … --duckdb k=v,k=v                       DuckDB settings for the experiment (e.g. memory_limit=4GB)
 *   … --statements N                         also report the N slowest SQL statements (bench/profile.ts)
 *
 * Each stage calls the pipeline's own functions (loadExport, runModel, runPolicies, runPublish) on one connection,
 * as buildWarehouse does, and ends with a CHECKPOINT and close: writing the tables is part of the cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, queryRows, type Warehouse } from '../transforms/db.js';
import { ENTITIES, loadExport } from '../transforms/load/index.js';
import { ident, sqlString, sqlType } from '../transforms/load/sql.js';
import { runModel, type StepTiming } from '../transforms/model/index.js';
import { runPolicies } from '../transforms/policies/index.js';
import { runPublish } from '../transforms/publish/index.js';
import { Context } from '../transforms/policies/context.js';
import { KINDS } from '../transforms/policies/kinds/index.js';
import { writeDictionary } from '../transforms/dictionary.js';
import { fingerprintExport, writeFingerprint } from '../transforms/closing/fingerprint.js';
import { writeClosedTables } from '../transforms/closing/adjustments.js';
import { prepareSite, type SitePlan } from '../transforms/publish/site.js';
import type { StageReport } from './proc.js';

type Step = StageReport['steps'][number];

/**
 * Times every SQL statement the stage runs (DuckDBConnection.run, and runAndReadAll with its read),
 * for bench/profile.ts: returns the slowest `top` when called.
 */
function timeStatements(top: number): () => Step[] {
  const seen: Step[] = [];
  const proto = DuckDBConnection.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  let depth = 0;
  for (const method of ['run', 'runAndReadAll']) {
    const original = proto[method];
    proto[method] = async function (this: unknown, ...args: unknown[]) {
      depth++;
      const t0 = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        depth--;
        // runAndReadAll calls run: count the outer call only
        if (depth === 0) seen.push({ name: String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 160), ms: Math.round(performance.now() - t0) });
      }
    };
  }
  return () => [...seen].sort((a, b) => b.ms - a.ms).slice(0, top);
}

/** DuckDB settings given with --duckdb (none: the pipeline's defaults). */
let settings: Record<string, string> = {};
const open = (db: string) => openWarehouse(db, settings);

/** Times named pieces of work one after another. */
class Clock {
  readonly steps: Step[] = [];
  private last = performance.now();
  /** closes the running piece under `name` */
  lap(name: string, rows?: number): void {
    const now = performance.now();
    this.steps.push({ name, ms: Math.round(now - this.last), ...(rows === undefined ? {} : { rows }) });
    this.last = now;
  }
  restart(): void {
    this.last = performance.now();
  }
}

async function load(db: string, from: string, clock: Clock): Promise<void> {
  for (const p of [db, `${db}.wal`]) fs.rmSync(p, { force: true });
  const wh = await open(db);
  let phase = 'open';
  // the export's fingerprint is hashed while DuckDB loads, as the pipeline does (transforms/pipeline.ts); the lap
  // 'export fingerprint' is what is left to wait for (and write) after the load
  const fingerprint = fingerprintExport(from);
  fingerprint.catch(() => {});
  // the loader's progress lines mark its phases: "scanning x.csv (…)", "reading x.csv (…)", "validating x"
  await loadExport(wh.conn, from, {
    onProgress: (line) => {
      clock.lap(phase);
      phase = line.replace(/\s*\(.*$/, '');
    },
  });
  clock.lap(phase === 'open' ? 'load' : phase);
  await writeFingerprint(wh.conn, await fingerprint);
  clock.lap('export fingerprint');
  await finish(wh, clock);
}

/** Each file of runModel / runPublish as a step: they time each file themselves (SQL + row count). */
const fileSteps = (clock: Clock) => ({
  onStep: (s: StepTiming) => {
    // the clock follows to stay contiguous
    clock.restart();
    clock.steps.push({ name: `${s.stage}/${s.name}`, ms: Math.round(s.ms), rows: s.rows });
  },
});

async function model(db: string, clock: Clock): Promise<void> {
  const wh = await open(db);
  clock.lap('open');
  await runModel(wh.conn, fileSteps(clock));
  clock.lap('macros and bookkeeping');
  await finish(wh, clock);
}

async function policies(db: string, policiesDir: string, clock: Clock): Promise<void> {
  const wh = await open(db);
  clock.lap('open');
  // Time runPolicies' parts without changing it: wrap the shared context load and every evaluator.
  let inside = 0;
  const parts: Step[] = [];
  const timed = <A extends unknown[], R>(name: (...a: A) => string, fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...a);
      } finally {
        const ms = performance.now() - t0;
        inside += ms;
        parts.push({ name: name(...a), ms: Math.round(ms) });
      }
    };
  const contextLoad = Context.load;
  Context.load = timed((_wh: Parameters<typeof Context.load>[0]) => 'context (metrics rows → Decimal)', contextLoad.bind(Context));
  for (const kind of Object.values(KINDS)) {
    const evaluate = kind.evaluate.bind(kind);
    kind.evaluate = timed((policy) => `evaluate ${policy.id} (${kind.kind})`, evaluate);
  }
  const t0 = performance.now();
  // the credit grades and the dunning view are computed over every customer and month end: their own steps, so that
  // "config + write" is what issue 21 item 5 names (the policy files, writing the scores, league and rules tables)
  await runPolicies(wh, policiesDir, {
    onStep: (s) => {
      inside += s.ms;
      parts.push({ name: `${s.stage}/${s.name}`, ms: Math.round(s.ms) });
    },
  });
  await writeClosedTables(wh.conn, null);
  clock.steps.push(...parts, { name: 'config + write mart_scores / mart_league', ms: Math.round(performance.now() - t0 - inside) });
  clock.restart();
  await runPublish(wh.conn, fileSteps(clock));
  clock.restart();
  await writeDictionary(wh.conn);
  clock.lap('dict_table + data_dictionary');
  await finish(wh, clock);
}

/** The floor: the same CSV files, read by DuckDB alone into typed tables in a fresh file. */
async function floor(db: string, from: string, clock: Clock): Promise<Record<string, number>> {
  for (const p of [db, `${db}.wal`]) fs.rmSync(p, { force: true });
  const wh = await open(db);
  clock.lap('open');
  const tables: Record<string, number> = {};
  for (const file of fs.readdirSync(from).filter((f) => f.endsWith('.csv')).sort()) {
    const entity = ENTITIES.find((e) => e.name === path.basename(file, '.csv'));
    if (!entity) continue;
    const full = path.join(from, file);
    const header = firstLine(full).replace(/^\uFEFF/, '').split(',');
    // the staging type of each column (the sample writes canonical headers); anything else as text
    const columns = header.map((h) => {
      const def = entity.columns.find((c) => c.name === h);
      return `${sqlString(h)}: '${def ? sqlType(def.type) : 'VARCHAR'}'`;
    });
    const table = `floor_${entity.name}`;
    await wh.conn.run(
      `CREATE TABLE ${ident(table)} AS SELECT * FROM read_csv(${sqlString(full)}, header = true, auto_detect = false, ` +
        `delim = ',', quote = '"', escape = '"', columns = {${columns.join(', ')}})`,
    );
    const [{ n }] = await queryRows<{ n: bigint }>(wh.conn, `SELECT count(*) AS n FROM ${ident(table)}`);
    tables[entity.name] = Number(n);
    clock.lap(`read_csv ${file}`, Number(n));
  }
  await finish(wh, clock);
  return tables;
}

/** The site database (step 1 of transforms/publish/site.ts) and the browser's tables (step 2), from `db`. */
async function siteDb(db: string, clock: Clock): Promise<SitePlan> {
  const plan = await prepareSite('sales', db);
  clock.lap('site database + browser tables');
  return plan;
}

async function finish(wh: Warehouse, clock: Clock): Promise<void> {
  await wh.conn.run('CHECKPOINT');
  clock.lap('checkpoint');
  await wh.close();
  clock.lap('close');
}

/** `memory_limit=4GB,threads=2` → { memory_limit: '4GB', threads: '2' } */
function parseSettings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',').filter((p) => p.trim())) {
    const [k, v] = pair.split('=');
    if (!k || v === undefined || !/^\w+$/.test(k.trim())) throw new Error(`--duckdb: not a setting: ${pair}`);
    out[k.trim()] = v.trim();
  }
  return out;
}

function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const text = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    return text.split(/\r?\n/)[0];
  } finally {
    fs.closeSync(fd);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      from: { type: 'string' },
      policies: { type: 'string', default: 'policies' },
      result: { type: 'string' },
      duckdb: { type: 'string', default: '' },
      statements: { type: 'string' },
    },
  });
  const stage = positionals[0];
  settings = parseSettings(values.duckdb!);
  const db = values.db;
  if (!db || !values.result) throw new Error('usage: stage.ts load|model|policies|floor|site-db --db FILE [--from DIR] --result FILE');
  const needFrom = () => {
    if (!values.from) throw new Error(`${stage}: --from DIR is required`);
    return values.from;
  };
  const statements = values.statements ? timeStatements(Number(values.statements)) : null;
  const clock = new Clock();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tables: Record<string, number> | undefined;
  let site: SitePlan | undefined;
  switch (stage) {
    case 'load':
      await load(db, needFrom(), clock);
      break;
    case 'model':
      await model(db, clock);
      break;
    case 'policies':
      await policies(db, values.policies!, clock);
      break;
    case 'floor':
      tables = await floor(db, needFrom(), clock);
      break;
    case 'site-db':
      site = await siteDb(db, clock);
      break;
    default:
      throw new Error(`unknown stage ${stage}`);
  }
  const ms = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const report: StageReport = {
    stage,
    ms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    // maxRSS is in KiB (getrusage)
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    steps: clock.steps.filter((s) => s.ms > 0 || s.rows !== undefined),
    ...(tables ? { tables } : {}),
    ...(site ? { site } : {}),
    ...(statements ? { statements: statements() } : {}),
  };
  fs.writeFileSync(values.result, JSON.stringify(report));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
