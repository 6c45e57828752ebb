/**
 * `tsx bench/profile.ts --from DIR [--work DIR] [--top N]`: where the transform's time goes, for one export.
 *
 * 1. load (bench/stage.ts, its own process) into <work>/profile/warehouse.duckdb, with its slowest SQL statements;
 * 2. the model, file by file in runModel's order, each file's CREATE statement under DuckDB's JSON profiler
 *    (the same as EXPLAIN ANALYZE): the slowest operators of each file, with their row counts;
 * 3. the policies in their own process under `node --cpu-prof`: their slowest SQL statements and the functions
 *    with the most self time ("(idle)" is the main thread waiting for DuckDB).
 * Profiles are kept in <work>/profile/ (model-<table>.json, *.cpuprofile); a summary is printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openWarehouse } from '../transforms/db.js';
import { dependencyOrder, readModelFiles } from '../transforms/model/index.js';
import { sqlString } from '../transforms/load/sql.js';
import { runStageChild, type StageReport } from './proc.js';

const MACROS = fileURLToPath(new URL('../transforms/model/macros.sql', import.meta.url));
const STAGE = fileURLToPath(new URL('./stage.ts', import.meta.url));

interface OperatorTime {
  operator: string;
  ms: number;
  rows: number;
  detail: string;
}

/** Every operator of a DuckDB JSON profile, flattened. */
function operators(node: Record<string, unknown>, out: OperatorTime[] = []): OperatorTime[] {
  if (typeof node.operator_type === 'string' || typeof node.operator_name === 'string') {
    const info = node.extra_info as Record<string, unknown> | undefined;
    const detail = info ? Object.entries(info).map(([k, v]) => `${k}: ${String(v).replace(/\s+/g, ' ').slice(0, 80)}`).join('; ') : '';
    out.push({
      operator: String(node.operator_name ?? node.operator_type).trim(),
      ms: Number(node.operator_timing ?? 0) * 1000,
      rows: Number(node.operator_cardinality ?? 0),
      detail: detail.slice(0, 160),
    });
  }
  for (const child of (node.children as Array<Record<string, unknown>> | undefined) ?? []) operators(child, out);
  return out;
}

async function profileModel(db: string, dir: string, top: number): Promise<void> {
  const wh = await openWarehouse(db);
  await wh.conn.run(fs.readFileSync(MACROS, 'utf8'));
  const rows: string[] = [];
  for (const file of dependencyOrder(readModelFiles())) {
    const out = path.join(dir, `model-${file.name}.json`);
    const statements = await wh.conn.extractStatements(file.sql);
    const t0 = performance.now();
    for (let i = 0; i < statements.count; i++) {
      if (i === 0) await wh.conn.run(`PRAGMA enable_profiling = 'json'; SET profiling_output = ${sqlString(out)}`);
      await (await statements.prepare(i)).run();
      if (i === 0) await wh.conn.run('PRAGMA disable_profiling');
    }
    const ms = performance.now() - t0;
    const profile = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
    const ops = operators(profile).sort((a, b) => b.ms - a.ms).slice(0, top);
    rows.push(`${file.stage}/${file.name}: ${(ms / 1000).toFixed(2)} s (cpu ${Number(profile.cpu_time ?? 0).toFixed(2)} s)`);
    for (const op of ops) rows.push(`    ${op.operator.padEnd(22)} ${(op.ms / 1000).toFixed(2).padStart(7)} s  ${op.rows.toLocaleString('en').padStart(13)} rows  ${op.detail}`);
    console.log(rows.splice(0).join('\n'));
  }
  await wh.close();
}

/** Self time per function of a V8 .cpuprofile, the largest first. */
function selfTimes(file: string, top: number): string[] {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules|transforms)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => `    ${(ms / 1000).toFixed(2).padStart(7)} s ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      work: { type: 'string', default: 'bench/work' },
      top: { type: 'string', default: '4' },
      'skip-model': { type: 'boolean', default: false },
    },
  });
  if (!values.from) throw new Error('usage: tsx bench/profile.ts --from DIR [--work DIR] [--top N] [--skip-model]');
  const dir = path.resolve(values.work!, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'warehouse.duckdb');
  const top = Number(values.top);

  const load = await runStageChild(['load', '--db', db, '--from', values.from, '--statements', '12'], { timeoutMs: 3_600_000, logFile: path.join(dir, 'load.log') });
  console.log(`load: ${(load.ms / 1000).toFixed(2)} s`);
  for (const s of [...load.steps].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`    ${s.name.padEnd(30)} ${(s.ms / 1000).toFixed(2)} s`);
  console.log('load, slowest statements:');
  for (const s of load.statements ?? []) console.log(`    ${(s.ms / 1000).toFixed(2).padStart(7)} s  ${s.name}`);

  if (values['skip-model']) {
    const model = await runStageChild(['model', '--db', db], { timeoutMs: 3_600_000, logFile: path.join(dir, 'model.log') });
    console.log(`model: ${(model.ms / 1000).toFixed(2)} s (not profiled)`);
  } else {
    await profileModel(db, dir, top);
  }

  const result = path.join(dir, 'policies.json');
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', STAGE, 'policies', '--db', db, '--result', result, '--statements', '12'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('policies failed');
  const report = JSON.parse(fs.readFileSync(result, 'utf8')) as StageReport;
  console.log(`policies: ${(report.ms / 1000).toFixed(2)} s`);
  for (const s of report.steps) console.log(`    ${s.name.padEnd(50)} ${(s.ms / 1000).toFixed(2)} s`);
  console.log('policies, slowest statements:');
  for (const s of report.statements ?? []) console.log(`    ${(s.ms / 1000).toFixed(2).padStart(7)} s  ${s.name}`);
  // one profile per thread (tsx runs a loader thread): the main thread's is the largest
  const prof = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0];
  if (prof) {
    console.log(`policies, self time by function (${path.join(dir, prof)}):`);
    console.log(selfTimes(path.join(dir, prof), 25).join('\n'));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
