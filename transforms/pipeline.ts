/**
 * The whole transform (docs/architecture.md): export folder → load → model → policies → publish (the page tables) →
 * data dictionary, built into a temporary DuckDB file beside the target and renamed over it only when
 * everything succeeded. A failed or killed build leaves the previous warehouse byte for byte as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse } from './db.js';
import { loadExport, rejectSummary, type LoadSummary } from './load/index.js';
import { runModel } from './model/index.js';
import { runPolicies } from './policies/index.js';
import { runPublish } from './publish/index.js';
import { writeDictionary } from './dictionary.js';
import { checkOutput, isAlive, lockOutput } from './output.js';
import { fingerprintExport, writeFingerprint } from './closing/fingerprint.js';
import { writeClosedTables, type ClosedSummary } from './closing/adjustments.js';
import { verifyStore } from './closing/store.js';

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
  /** see LoadOptions.preset */
  preset?: string;
  /**
   * the closed-period store (`npm run close`): verified before any work (a damaged file stops the build with
   * ClosedStoreError), then compared with the recomputation (closed_periods, closed_adjustments,
   * closed_adjustment_documents). Undefined: no store, those tables are empty.
   */
  closedDir?: string;
}

export interface BuildResult extends LoadSummary {
  /** milliseconds per stage */
  timings: { load: number; model: number; policies: number; publish: number; total: number };
  /** the closed periods compared with the recomputation (none without a store) */
  closed: ClosedSummary;
}

export async function buildWarehouse({ from, out, policiesDir = 'policies', log = () => {}, maxRejectShare, preset, closedDir }: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // before any work: --out must be a place for a file, and no other build may be writing it
  const target = checkOutput(out);
  // … and the closed periods' figures must be the ones recorded at their close
  const closedStore = closedDir === undefined ? null : verifyStore(closedDir);
  const lock = lockOutput(target, out);
  const tmp = `${target}.tmp-${process.pid}`;
  let warehouse: Awaited<ReturnType<typeof openWarehouse>> | null = null;
  let closed = false;
  try {
    removeStaleBuilds(target);
    warehouse = await openWarehouse(tmp);
    const timings = { load: 0, model: 0, policies: 0, publish: 0, total: 0 };
    const stage = async <T>(name: keyof typeof timings, run: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const result = await run();
      timings[name] = Math.round(performance.now() - t0);
      log(`${name}: ${timings[name]} ms`);
      return result;
    };
    const conn = warehouse.conn;
    // transcoded and converted copies of the input live in the build's own folder, removed with it
    // (also by the next build when this one is killed)
    // the export's fingerprint (a close records it) is hashed while DuckDB loads in its own threads
    const fingerprint = fingerprintExport(from);
    fingerprint.catch(() => {}); // awaited below; a load failure must not leave it unhandled
    const summary = await stage('load', () => loadExport(conn, from, { onProgress: log, maxRejectShare, preset, tmpDir: `${tmp}.load` }));
    await writeFingerprint(conn, await fingerprint);
    await stage('model', () => runModel(conn));
    // the model's data-quality notes (a write-off above its invoice) joined the load's
    Object.assign(summary, await rejectSummary(conn));
    await stage('policies', () => runPolicies(warehouse!, policiesDir));
    // closed periods: today's recomputation against the frozen figures (empty tables without a store)
    const closedPeriods = await writeClosedTables(conn, closedStore);
    await stage('publish', () => runPublish(conn));
    // the data dictionary (the 数据字典 page): grains from the SQL files, comments from the tables
    await writeDictionary(conn);
    await conn.run('CHECKPOINT');
    await warehouse.close();
    closed = true;

    fsyncPath(tmp);
    // a WAL left by an unclean session of the old file would be replayed into the new one
    fs.rmSync(`${target}.wal`, { force: true });
    fs.renameSync(tmp, target);
    fsyncPath(path.dirname(target));
    timings.total = Math.round(performance.now() - started);
    return { ...summary, timings, closed: closedPeriods };
  } finally {
    if (warehouse && !closed) await warehouse.close().catch(() => {});
    removeBuild(tmp);
    lock.release();
  }
}

/** The temp file of a build, its WAL, DuckDB's spill directory and the loader's input copies. */
function removeBuild(tmp: string): void {
  for (const p of [tmp, `${tmp}.wal`, `${tmp}.tmp`, `${tmp}.load`]) fs.rmSync(p, { recursive: true, force: true });
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

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
