/**
 * Closing a period (`npm run close`): the period's assessment as the warehouse has it now — mart_scores and
 * mart_league rows of the period, the metrics they used (mart_ar_metrics), the policy parameters in force,
 * the people and teams (names, salaries, as they were), and the list of documents dated in the period —
 * written as Parquet into a new version folder of the closed store (store.ts), with a manifest and a
 * ledger line. Periods close in order, once; `reopen` writes the next version with its reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWarehouse, queryRows } from '../db.js';
import { sqlString } from '../load/sql.js';
import { combinedFingerprint } from './fingerprint.js';
import {
  appendLedger,
  FROZEN_TABLES,
  MANIFEST,
  sha256File,
  verifyStore,
  versionDir,
  type ExportFile,
  type FileEntry,
  type FrozenTable,
  type Manifest,
  type StoreState,
} from './store.js';

/** The period cannot be closed as asked (already closed, out of order, not complete): exit 1. */
export class CloseRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloseRefusedError';
  }
}

export interface CloseOptions {
  warehouse: string;
  period: string;
  store: string;
  /** who closes (default: the OS user) */
  by?: string;
  reopen?: boolean;
  reason?: string;
  /** for tests: the time recorded */
  now?: Date;
}

interface PeriodRow {
  period_key: string;
  grain: 'month' | 'quarter' | 'year';
  start_date: string;
  end_date: string;
  prev_period_key: string | null;
  is_partial: boolean;
}

/** The rows each frozen table keeps of the warehouse, for the period P (its dates START … END). */
function selections(p: PeriodRow, recomputed: boolean): Record<FrozenTable, string> {
  const key = sqlString(p.period_key);
  // a warehouse built with this period closed holds its frozen rows in the marts, today's apart (adjustments.ts)
  const scores = recomputed ? `(SELECT * FROM mart_scores WHERE period_key NOT IN (SELECT period_key FROM closed_periods) UNION ALL BY NAME SELECT * FROM closed_recomputed_scores)` : 'mart_scores';
  const league = recomputed ? `(SELECT * FROM mart_league WHERE period_key NOT IN (SELECT period_key FROM closed_periods) UNION ALL BY NAME SELECT * FROM closed_recomputed_league)` : 'mart_league';
  const within = (col: string) => `${col} BETWEEN DATE ${sqlString(p.start_date)} AND DATE ${sqlString(p.end_date)}`;
  return {
    mart_scores: `SELECT * FROM ${scores} WHERE period_key = ${key} ORDER BY policy, level, unit_id, item_order`,
    mart_league: `SELECT * FROM ${league} WHERE period_key = ${key} ORDER BY policy, level, rank, unit_id`,
    mart_ar_metrics: `SELECT * FROM mart_ar_metrics WHERE period_key = ${key} ORDER BY level, unit_id`,
    policy_catalog: `SELECT * FROM policy_catalog ORDER BY policy_order`,
    policy_parameters: `SELECT * FROM policy_parameters ORDER BY policy, param_order`,
    dim_person: `SELECT * FROM dim_person ORDER BY person_id`,
    dim_team: `SELECT * FROM dim_team ORDER BY team_id`,
    // what the close saw: a document dated in the period that a later export adds, drops or changes is
    // named in closed_adjustment_documents
    documents: `SELECT * FROM (
        SELECT 'invoice' AS doc_type, invoice_id AS doc_id, invoice_date AS doc_date, customer_id, person_id, amount FROM fct_invoice WHERE ${within('invoice_date')}
        UNION ALL SELECT 'receipt', receipt_id, receipt_date, customer_id, owner_id, amount FROM fct_receipt WHERE ${within('receipt_date')}
        UNION ALL SELECT 'writeoff', writeoff_id, writeoff_date, customer_id, person_id, amount FROM fct_writeoff WHERE ${within('writeoff_date')}
      ) ORDER BY doc_type, doc_id`,
  };
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Refuses a close that is repeated, out of order or of an incomplete period (see README, `npm run close`). */
export function checkOrder(state: StoreState, p: PeriodRow, months: PeriodRow[], opts: { reopen?: boolean }): void {
  const closed = state.current.get(p.period_key);
  if (opts.reopen) {
    if (!closed) throw new CloseRefusedError(`${p.period_key} 未结账, 无需重开 (not closed: close it without --reopen)`);
    return;
  }
  if (closed) {
    throw new CloseRefusedError(
      `${p.period_key} 已于 ${closed.manifest.closed_at} 由 ${closed.manifest.closed_by} 结账 (v${closed.manifest.version}); ` +
        `重新结账请用 --reopen --reason "原因" (already closed; to close again use --reopen --reason "…")`,
    );
  }
  if (p.is_partial) throw new CloseRefusedError(`${p.period_key} 的数据不完整 (the export does not cover the whole period yet): cannot close it`);
  const sameGrain = [...state.current.values()].map((v) => v.manifest).filter((m) => m.grain === p.grain);
  const later = sameGrain.filter((m) => m.period_key > p.period_key).map((m) => m.period_key).sort();
  if (later.length) throw new CloseRefusedError(`${later[later.length - 1]} 已结账, 不能再结更早的 ${p.period_key} (out of order: a later period is closed)`);
  // the first close of a grain may be any period (the company starts closing somewhere); after it, no gaps
  if (sameGrain.length && p.prev_period_key && !state.current.has(p.prev_period_key)) {
    throw new CloseRefusedError(`请先结 ${p.prev_period_key} (out of order: close ${p.prev_period_key} first)`);
  }
  if (p.grain !== 'month') {
    // a quarter or a year closes on closed months: those of it from the first closed month on, and its last
    const closedMonths = [...state.current.values()].map((v) => v.manifest).filter((m) => m.grain === 'month').map((m) => m.period_key).sort();
    const first = closedMonths[0];
    const inside = months.filter((m) => m.start_date >= p.start_date && m.end_date <= p.end_date);
    const open = inside.filter((m) => (first === undefined || m.period_key >= first || m === inside[inside.length - 1]) && !state.current.has(m.period_key));
    if (open.length) throw new CloseRefusedError(`请先结 ${open.map((m) => m.period_key).join('、')} (close the months of ${p.period_key} first)`);
  }
}

export async function closePeriod(o: CloseOptions): Promise<Manifest> {
  if (o.reopen && !o.reason?.trim()) throw new CloseRefusedError('--reopen 需要 --reason "原因" (a reopen must say why)');
  if (!fs.existsSync(o.warehouse)) throw new CloseRefusedError(`warehouse ${o.warehouse} not found: run npm run transform first`);
  const state = verifyStore(o.store);
  const w = await openWarehouse(o.warehouse, { access_mode: 'READ_ONLY' });
  try {
    const periods = w.db
      .selectFrom('dim_period')
      .select((eb) => ['period_key', 'grain', eb.cast<string>('start_date', 'varchar').as('start_date'), eb.cast<string>('end_date', 'varchar').as('end_date'), 'prev_period_key', 'is_partial']);
    const p: PeriodRow | undefined = await periods.where('period_key', '=', o.period).executeTakeFirst();
    if (!p) throw new CloseRefusedError(`期间 ${o.period} 不在仓库中 (no such period in ${o.warehouse}'s dim_period; months 2025-11, quarters 2025-Q4, years 2025)`);
    const months: PeriodRow[] = await periods.where('grain', '=', 'month').orderBy('period_key').execute();
    checkOrder(state, p, months, o);

    const version = (state.current.get(p.period_key)?.manifest.version ?? 0) + 1;
    const final = versionDir(o.store, p.period_key, version);
    // written beside the final folder, renamed into place whole: a failed close leaves no version behind
    const tmp = path.join(o.store, p.period_key, `.v${version}.tmp-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    try {
      const files: Record<string, FileEntry> = {};
      const recomputed = (await queryRows(w.conn, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'closed_recomputed_scores'`)).length > 0;
      const sel = selections(p, recomputed);
      for (const table of FROZEN_TABLES) {
        const file = path.join(tmp, `${table}.parquet`);
        await w.conn.run(`COPY (${sel[table]}) TO ${sqlString(file)} (FORMAT parquet)`);
        const [{ n }] = await queryRows<{ n: bigint }>(w.conn, `SELECT count(*) AS n FROM read_parquet(${sqlString(file)})`);
        files[`${table}.parquet`] = { sha256: sha256File(file), bytes: fs.statSync(file).size, rows: Number(n) };
      }
      const hasFingerprint = (await queryRows(w.conn, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'load_fingerprint'`)).length > 0;
      const exportFiles = hasFingerprint
        ? (await w.db.selectFrom('load_fingerprint').select(['file', 'bytes', 'sha256']).orderBy('file').execute()).map(
            (r): ExportFile => ({ file: r.file, bytes: Number(r.bytes), sha256: r.sha256 }),
          )
        : null;
      const manifest: Manifest = {
        period_key: p.period_key,
        grain: p.grain,
        start_date: p.start_date,
        end_date: p.end_date,
        version,
        closed_at: (o.now ?? new Date()).toISOString(),
        closed_by: o.by?.trim() || osUser(),
        reason: o.reopen ? o.reason!.trim() : null,
        supersedes: version > 1 ? version - 1 : null,
        warehouse: path.resolve(o.warehouse),
        export_fingerprint: exportFiles ? { sha256: combinedFingerprint(exportFiles), files: exportFiles } : null,
        files,
      };
      const manifestFile = path.join(tmp, MANIFEST);
      fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      const manifestSha = sha256File(manifestFile);
      fs.renameSync(tmp, final);
      appendLedger(o.store, manifest, manifestSha);
      return manifest;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } finally {
    await w.close();
  }
}
