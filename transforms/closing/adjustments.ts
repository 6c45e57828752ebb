/**
 * What the transform writes about closed periods (issue 19 item 2), after the policies, from the verified
 * closed store:
 * - closed_periods: one row per closed period (its current version: when, by whom, why it was reopened);
 * - closed_adjustments: where today's recomputation of a closed period differs from the frozen figures,
 *   per unit and item (and the unit's total): frozen, now, difference;
 * - closed_adjustment_documents: the documents dated in a closed period that the export has now but did not
 *   have at the close (or had with another amount, or no longer has): the cause of the differences.
 * - closed_recomputed_scores / closed_recomputed_league: today's rows of the closed periods, while
 *   mart_scores and mart_league get the frozen rows back (see RECOMPUTED).
 * The tables exist (empty) without a store, so queries of them never break.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { documentTables } from '../column-docs.js';
import { sqlString } from '../load/sql.js';
import { frozenFile, type StoreState } from './store.js';

/** An ISO time (…Z) as a TIMESTAMP literal in UTC. */
const utc = (iso: string) => `TIMESTAMP ${sqlString(iso.replace('T', ' ').replace('Z', ''))}`;

const CREATE = `
CREATE OR REPLACE TABLE closed_periods (
  period_key VARCHAR, grain VARCHAR, version INTEGER, closed_at TIMESTAMP, closed_by VARCHAR, reason VARCHAR,
  export_sha256 VARCHAR, versions INTEGER);
CREATE OR REPLACE TABLE closed_adjustments (
  period_key VARCHAR, version INTEGER, closed_at TIMESTAMP, policy VARCHAR, level VARCHAR, unit_id VARCHAR, unit_name VARCHAR,
  item VARCHAR, is_total BOOLEAN,
  frozen_amount DECIMAL(18,2), now_amount DECIMAL(18,2), amount_difference DECIMAL(18,2),
  frozen_points DOUBLE, now_points DOUBLE, points_difference DOUBLE,
  frozen_note VARCHAR, now_note VARCHAR);
CREATE OR REPLACE TABLE closed_adjustment_documents (
  period_key VARCHAR, version INTEGER, doc_type VARCHAR, doc_id VARCHAR, doc_date DATE, customer_id VARCHAR, person_id VARCHAR,
  frozen_amount DECIMAL(18,2), now_amount DECIMAL(18,2), change VARCHAR);
`;

/** Two full outer joins of the frozen and current rows of one closed period (items, then league totals). */
function periodSql(key: string, version: number, closedAt: string, scores: string, league: string, docs: string, start: string, end: string): string {
  const k = sqlString(key);
  const within = (col: string) => `${col} BETWEEN DATE ${sqlString(start)} AND DATE ${sqlString(end)}`;
  // items are matched by name (their order may shift when one appears or goes), the n-th of equal names with the n-th
  return `
INSERT INTO closed_adjustments
WITH closed AS (SELECT *, row_number() OVER (PARTITION BY policy, level, unit_id, item ORDER BY item_order) AS k FROM read_parquet(${sqlString(scores)})),
     recomputed AS (SELECT *, row_number() OVER (PARTITION BY policy, level, unit_id, item ORDER BY item_order) AS k FROM mart_scores WHERE period_key = ${k}),
     matched AS (
       SELECT policy, level, unit_id, item, coalesce(closed.item_order, recomputed.item_order) AS item_order,
              closed.amount AS fa, recomputed.amount AS na, closed.points AS fp, recomputed.points AS np, closed.note AS fn, recomputed.note AS nn, closed.k AS fk, recomputed.k AS nk
       FROM closed FULL JOIN recomputed USING (policy, level, unit_id, item, k)
     ),
     names AS (SELECT policy, level, unit_id, any_value(unit_name) AS unit_name FROM (
       SELECT policy, level, unit_id, unit_name FROM mart_league WHERE period_key = ${k}
       UNION ALL SELECT policy, level, unit_id, unit_name FROM read_parquet(${sqlString(league)})) GROUP BY ALL)
SELECT ${k}, ${version}, ${utc(closedAt)}, matched.policy, matched.level, matched.unit_id, names.unit_name, matched.item, false,
       fa, na, CAST(coalesce(na, 0) - coalesce(fa, 0) AS DECIMAL(18,2)), fp, np, CASE WHEN fp IS NOT NULL OR np IS NOT NULL THEN round(coalesce(np, 0) - coalesce(fp, 0), 2) END, fn, nn
FROM matched LEFT JOIN names USING (policy, level, unit_id)
WHERE fk IS NULL OR nk IS NULL OR fa IS DISTINCT FROM na OR fp IS DISTINCT FROM np
ORDER BY matched.policy, matched.level, matched.unit_id, matched.item_order;

INSERT INTO closed_adjustments
WITH closed AS (SELECT * FROM read_parquet(${sqlString(league)})),
     recomputed AS (SELECT * FROM mart_league WHERE period_key = ${k}),
     money_policy AS (SELECT policy FROM policy_catalog WHERE score_basis = 'amount')
SELECT ${k}, ${version}, ${utc(closedAt)}, policy, level, unit_id, coalesce(recomputed.unit_name, closed.unit_name), '合计', true,
       CASE WHEN m.policy IS NOT NULL THEN CAST(closed.total_score AS DECIMAL(18,2)) END,
       CASE WHEN m.policy IS NOT NULL THEN CAST(recomputed.total_score AS DECIMAL(18,2)) END,
       CASE WHEN m.policy IS NOT NULL THEN CAST(coalesce(recomputed.total_score, 0) - coalesce(closed.total_score, 0) AS DECIMAL(18,2)) END,
       CASE WHEN m.policy IS NULL THEN closed.total_score END, CASE WHEN m.policy IS NULL THEN recomputed.total_score END,
       CASE WHEN m.policy IS NULL THEN round(coalesce(recomputed.total_score, 0) - coalesce(closed.total_score, 0), 2) END,
       CASE WHEN closed.rank IS NOT NULL THEN '结账时第' || closed.rank || '名' END, CASE WHEN recomputed.rank IS NOT NULL THEN '现第' || recomputed.rank || '名' END
FROM closed FULL JOIN recomputed USING (policy, level, unit_id)
LEFT JOIN money_policy m USING (policy)
WHERE closed.total_score IS DISTINCT FROM recomputed.total_score OR closed.rank IS DISTINCT FROM recomputed.rank
ORDER BY policy, level, unit_id;

INSERT INTO closed_adjustment_documents
WITH closed AS (SELECT * FROM read_parquet(${sqlString(docs)})),
     recomputed AS (
       SELECT 'invoice' AS doc_type, invoice_id AS doc_id, invoice_date AS doc_date, customer_id, person_id, amount FROM fct_invoice WHERE ${within('invoice_date')}
       UNION ALL SELECT 'receipt', receipt_id, receipt_date, customer_id, owner_id, amount FROM fct_receipt WHERE ${within('receipt_date')}
       UNION ALL SELECT 'writeoff', writeoff_id, writeoff_date, customer_id, person_id, amount FROM fct_writeoff WHERE ${within('writeoff_date')})
SELECT ${k}, ${version}, doc_type, doc_id, coalesce(recomputed.doc_date, closed.doc_date), coalesce(recomputed.customer_id, closed.customer_id), coalesce(recomputed.person_id, closed.person_id),
       closed.amount, recomputed.amount,
       CASE WHEN closed.doc_id IS NULL THEN '结账后新增 added after the close'
            WHEN recomputed.doc_id IS NULL THEN '结账后删除 removed after the close'
            ELSE '金额变更 amount changed' END
FROM closed FULL JOIN recomputed USING (doc_type, doc_id)
WHERE closed.doc_id IS NULL OR recomputed.doc_id IS NULL OR closed.amount IS DISTINCT FROM recomputed.amount
ORDER BY 4, doc_type, doc_id;`;
}

/**
 * The recomputed rows of closed periods are kept apart (a reopen freezes them: close.ts), and mart_scores /
 * mart_league of a closed period become its frozen rows: what was closed (and paid) is what every page and
 * query shows; the differences are in closed_adjustments.
 */
const RECOMPUTED = `
CREATE OR REPLACE TABLE closed_recomputed_scores AS SELECT * FROM mart_scores WHERE period_key IN (SELECT period_key FROM closed_periods);
CREATE OR REPLACE TABLE closed_recomputed_league AS SELECT * FROM mart_league WHERE period_key IN (SELECT period_key FROM closed_periods);
`;

export interface ClosedSummary {
  /** closed periods, in order */
  periods: string[];
  /** rows of closed_adjustments (items and totals) and closed_adjustment_documents */
  adjustments: number;
  documents: number;
}

const CLOSED_TABLES = ['closed_periods', 'closed_adjustments', 'closed_adjustment_documents', 'closed_recomputed_scores', 'closed_recomputed_league'];

export async function writeClosedTables(conn: DuckDBConnection, state: StoreState | null): Promise<ClosedSummary> {
  await conn.run(CREATE);
  if (!state) {
    await conn.run(RECOMPUTED);
    await documentTables(conn, CLOSED_TABLES);
    return { periods: [], adjustments: 0, documents: 0 };
  }
  const versions = new Map<string, number>();
  for (const v of state.versions) versions.set(v.manifest.period_key, (versions.get(v.manifest.period_key) ?? 0) + 1);
  for (const [key, v] of [...state.current].sort(([a], [b]) => a.localeCompare(b))) {
    const m = v.manifest;
    await conn.run(
      `INSERT INTO closed_periods VALUES (${sqlString(key)}, ${sqlString(m.grain)}, ${m.version}, ${utc(m.closed_at)}, ${sqlString(m.closed_by)}, ` +
        `${m.reason === null ? 'NULL' : sqlString(m.reason)}, ${m.export_fingerprint ? sqlString(m.export_fingerprint.sha256) : 'NULL'}, ${versions.get(key)})`,
    );
    await conn.run(periodSql(key, m.version, m.closed_at, frozenFile(v, 'mart_scores'), frozenFile(v, 'mart_league'), frozenFile(v, 'documents'), m.start_date, m.end_date));
  }
  await conn.run(RECOMPUTED);
  await documentTables(conn, CLOSED_TABLES);
  for (const [key, v] of state.current) {
    const k = sqlString(key);
    await conn.run(`
      DELETE FROM mart_scores WHERE period_key = ${k};
      INSERT INTO mart_scores BY NAME SELECT * FROM read_parquet(${sqlString(frozenFile(v, 'mart_scores'))});
      DELETE FROM mart_league WHERE period_key = ${k};
      INSERT INTO mart_league BY NAME SELECT * FROM read_parquet(${sqlString(frozenFile(v, 'mart_league'))});`);
  }
  const count = async (table: string) => Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
  return { periods: [...state.current.keys()].sort(), adjustments: await count('closed_adjustments'), documents: await count('closed_adjustment_documents') };
}
