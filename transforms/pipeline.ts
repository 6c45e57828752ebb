/**
 * The whole transform (SPEC §2): export folder → load → model → policies, built into a temporary
 * DuckDB file beside the target and renamed over it only when everything succeeded. A failed or
 * killed build leaves the previous warehouse byte for byte as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse } from './db.js';
import { loadExport, rejectSummary, type LoadSummary } from './load/index.js';
import { runModel } from './model/index.js';
import { runPolicies } from './policies/index.js';
import { writeDictionary } from './dictionary.js';

export interface BuildOptions {
  /** the ERP export folder */
  from: string;
  /** the warehouse file to (re)place */
  out: string;
  policiesDir?: string;
  /** progress lines */
  log?: (line: string) => void;
  /** see LoadOptions.maxRejectShare */
  maxRejectShare?: number;
}

export interface BuildResult extends LoadSummary {
  /** milliseconds per stage */
  timings: { load: number; model: number; policies: number; total: number };
}

export async function buildWarehouse({ from, out, policiesDir = 'policies', log = () => {}, maxRejectShare }: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const target = path.resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  removeStaleBuilds(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const warehouse = await openWarehouse(tmp);
  let closed = false;
  try {
    const timings = { load: 0, model: 0, policies: 0, total: 0 };
    const stage = async <T>(name: keyof typeof timings, run: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const result = await run();
      timings[name] = Math.round(performance.now() - t0);
      log(`${name}: ${timings[name]} ms`);
      return result;
    };
    const summary = await stage('load', () => loadExport(warehouse.conn, from, { onProgress: log, maxRejectShare }));
    await stage('model', () => runModel(warehouse.conn));
    // the model's data-quality notes (a write-off above its invoice) joined the load's
    Object.assign(summary, await rejectSummary(warehouse.conn));
    await stage('policies', () => runPolicies(warehouse.conn, policiesDir));
    // the data dictionary's grains (the 数据字典 page); the comments are already on the tables
    await writeDictionary(warehouse.conn);
    await warehouse.conn.run('CHECKPOINT');
    await warehouse.close();
    closed = true;

    fsyncPath(tmp);
    // a WAL left by an unclean session of the old file would be replayed into the new one
    fs.rmSync(`${target}.wal`, { force: true });
    fs.renameSync(tmp, target);
    fsyncPath(path.dirname(target));
    timings.total = Math.round(performance.now() - started);
    return { ...summary, timings };
  } finally {
    if (!closed) await warehouse.close().catch(() => {});
    removeBuild(tmp);
  }
}

/** The temp file of a build, its WAL and DuckDB's spill directory. */
function removeBuild(tmp: string): void {
  for (const p of [tmp, `${tmp}.wal`, `${tmp}.tmp`]) fs.rmSync(p, { recursive: true, force: true });
}

/** Temp files of builds whose process is gone (killed, crashed): they must not pile up. */
function removeStaleBuilds(target: string): void {
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) return;
  const prefix = `${path.basename(target)}.tmp-`;
  for (const name of fs.readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? Number(/^\d+/.exec(name.slice(prefix.length))?.[0]) : NaN;
    if (Number.isInteger(pid) && (pid === process.pid || !isAlive(pid))) removeBuild(path.join(dir, `${prefix}${pid}`));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
