/**
 * A tiny warehouse for policy and publish tests: creates the model tables the policy stage reads, and the
 * model and policy tables the publish stage reads (columns as transforms/warehouse.ts), and fills them from
 * plain objects, with defaults for what a test leaves out. Rows go in as one multi-row INSERT per table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec } from '../../transforms/db.js';
import type { Policy } from '../../transforms/policies/config.js';
import { writeCredit } from '../../transforms/policies/credit.js';
import { writeDunning } from '../../transforms/policies/dunning.js';

type Cols = [string, string][];

const M = 'DECIMAL(18,2)';

export const MODEL_TABLES: Record<string, Cols> = {
  dim_person: [
    ['person_id', 'VARCHAR'], ['person_name', 'VARCHAR'], ['team_id', 'VARCHAR'], ['team_name', 'VARCHAR'], ['role', 'VARCHAR'],
    ['manager_id', 'VARCHAR'], ['monthly_salary', M], ['region', 'VARCHAR'], ['left_on', 'DATE'],
  ],
  // 任职记录: empty unless a test gives a person dated teams (every person is then in dim_person's team)
  dim_person_assignment: [
    ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'], ['team_name', 'VARCHAR'], ['manager_id', 'VARCHAR'], ['role', 'VARCHAR'],
    ['valid_from', 'DATE'], ['valid_to', 'DATE'],
  ],
  dim_team: [
    ['team_id', 'VARCHAR'], ['team_name', 'VARCHAR'], ['region', 'VARCHAR'], ['manager_id', 'VARCHAR'], ['director_id', 'VARCHAR'], ['person_count', 'INTEGER'],
  ],
  dim_period: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['start_date', 'DATE'], ['end_date', 'DATE'], ['days', 'INTEGER'], ['prev_period_key', 'VARCHAR'],
    ['year', 'INTEGER'], ['quarter', 'INTEGER'], ['month', 'INTEGER'], ['as_of_date', 'DATE'], ['is_partial', 'BOOLEAN'],
  ],
  dim_customer: [
    ['customer_id', 'VARCHAR'], ['customer_name', 'VARCHAR'], ['credit_limit', M], ['credit_days', 'INTEGER'], ['customer_type', 'VARCHAR'],
    ['region', 'VARCHAR'], ['owner_id', 'VARCHAR'], ['owner_team_id', 'VARCHAR'],
  ],
  dim_aging_bucket: [
    ['basis', 'VARCHAR'], ['bucket', 'VARCHAR'], ['bucket_order', 'INTEGER'], ['bucket_label', 'VARCHAR'], ['bucket_group', 'VARCHAR'],
    ['min_days', 'INTEGER'], ['max_days', 'INTEGER'],
  ],
  fct_invoice: [
    ['invoice_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'], ['invoice_date', 'DATE'], ['due_date', 'DATE'],
    ['amount', M], ['cost_amount', M], ['contract_id', 'VARCHAR'], ['deferred_until', 'DATE'], ['is_credit_note', 'BOOLEAN'],
  ],
  fct_receipt: [
    ['receipt_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['receipt_date', 'DATE'], ['amount', M], ['invoice_id', 'VARCHAR'], ['method', 'VARCHAR'],
    ['is_acceptance', 'BOOLEAN'], ['is_refund', 'BOOLEAN'], ['owner_id', 'VARCHAR'],
  ],
  fct_application: [
    ['source_id', 'VARCHAR'], ['source_type', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'],
    ['applied_date', 'DATE'], ['source_date', 'DATE'], ['amount', M], ['rule', 'VARCHAR'], ['is_acceptance', 'BOOLEAN'], ['invoice_date', 'DATE'], ['due_date', 'DATE'],
  ],
  fct_fx_difference: [
    ['receipt_id', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'],
    ['currency', 'VARCHAR'], ['applied_date', 'DATE'], ['amount_fc', M], ['invoice_rate', 'DECIMAL(18,6)'], ['receipt_rate', 'DECIMAL(18,6)'],
    ['amount_at_invoice_rate', M], ['amount_at_receipt_rate', M], ['fx_difference', M],
  ],
  fct_writeoff: [
    ['writeoff_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['requested_invoice_id', 'VARCHAR'], ['writeoff_date', 'DATE'],
    ['effective_date', 'DATE'], ['amount', M], ['rule', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'],
  ],
  fct_open_item: [
    ['as_of', 'DATE'], ['period_key', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'],
    ['invoice_date', 'DATE'], ['due_date', 'DATE'], ['deferred_until', 'DATE'], ['amount', M], ['open_amount', M], ['days_overdue', 'INTEGER'],
    ['aging_bucket', 'VARCHAR'], ['age_bucket', 'VARCHAR'], ['age_days', 'INTEGER'],
  ],
  mart_ar_metrics: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['level', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['unit_name', 'VARCHAR'], ['start_date', 'DATE'], ['end_date', 'DATE'],
    ['sales', M], ['collections', M], ['writeoffs', M], ['applied_collections', M], ['ar_begin', M], ['ar_balance', M], ['overdue_amount', M],
    ['current_amount', M], ['unapplied_amount', M], ['customers_open', 'INTEGER'], ['customers_overdue', 'INTEGER'], ['collection_target', M], ['sales_target', M],
    ['collection_rate_target', 'DOUBLE'], ['collection_rate_balance', 'DOUBLE'], ['sales_collection_rate', 'DOUBLE'], ['bad_debt_rate_collections', 'DOUBLE'],
    ['bad_debt_rate_sales', 'DOUBLE'], ['overdue_customer_ratio', 'DOUBLE'], ['overdue_rate', 'DOUBLE'], ['collection_cycle', 'DOUBLE'], ['receivables_turnover', 'DOUBLE'],
    ['dso', 'DOUBLE'], ['dso_countback', 'DOUBLE'], ['best_possible_dso', 'DOUBLE'], ['average_days_delinquent', 'DOUBLE'], ['cei', 'DOUBLE'],
    ['as_of_date', 'DATE'], ['gross_sales', M], ['acceptance_collections', M], ['applied_writeoffs', M], ['open_items', 'INTEGER'],
    ['dso_sales_3m', M], ['dso_days_3m', 'INTEGER'], ['ar_transferred', M],
  ],
  mart_aging: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['level', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['basis', 'VARCHAR'], ['bucket', 'VARCHAR'],
    ['bucket_order', 'INTEGER'], ['bucket_label', 'VARCHAR'], ['as_of', 'DATE'], ['amount', M], ['items', 'INTEGER'],
  ],
  mart_aging_wide: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['level', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['as_of', 'DATE'], ['total', M], ['items', 'INTEGER'],
    ...['d_not_due', 'd_1_30', 'd_31_60', 'd_61_90', 'd_91_180', 'd_181_365', 'd_365p', 'a_0_30', 'a_31_60', 'a_61_90', 'a_91_180', 'a_181_365', 'a_1_2y', 'a_2_3y', 'a_3yp']
      .map((c): [string, string] => [c, M]),
  ],
  // the collection log (empty unless a test inserts contacts and promises)
  fct_collection_contact: [
    ['contact_id', 'VARCHAR'], ['contact_date', 'DATE'], ['period_key', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['person_id', 'VARCHAR'],
    ['team_id', 'VARCHAR'], ['action', 'VARCHAR'], ['result', 'VARCHAR'], ['has_promise', 'BOOLEAN'], ['promise_date', 'DATE'], ['promise_amount', M],
    ['note', 'VARCHAR'], ['source_file', 'VARCHAR'], ['source_line', 'INTEGER'],
  ],
  fct_promise: [
    ['contact_id', 'VARCHAR'], ['contact_date', 'DATE'], ['customer_id', 'VARCHAR'], ['invoice_id', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'],
    ['action', 'VARCHAR'], ['promise_date', 'DATE'], ['promise_amount', M], ['paid_amount', M], ['shortfall', M], ['last_paid_date', 'DATE'],
    ['status', 'VARCHAR'], ['status_name', 'VARCHAR'], ['status_date', 'DATE'], ['as_of', 'DATE'],
  ],
  // policy tables (transforms/policies/write.ts) for the publish stage; runPolicies replaces them
  mart_scores: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['policy', 'VARCHAR'], ['level', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['item_order', 'INTEGER'],
    ['item', 'VARCHAR'], ['points', 'DOUBLE'], ['max_points', 'DOUBLE'], ['amount', M], ['note', 'VARCHAR'],
  ],
  mart_league: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['policy', 'VARCHAR'], ['level', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['unit_name', 'VARCHAR'],
    ['team_id', 'VARCHAR'], ['total_score', 'DOUBLE'], ['max_score', 'DOUBLE'], ['rank', 'INTEGER'], ['prev_rank', 'INTEGER'], ['movement', 'INTEGER'],
    ['team_rank', 'INTEGER'], ['grade', 'VARCHAR'], ['collection_rate_target', 'DOUBLE'],
  ],
  policy_catalog: [
    ['policy', 'VARCHAR'], ['kind', 'VARCHAR'], ['name', 'VARCHAR'], ['description', 'VARCHAR'], ['levels', 'VARCHAR'], ['grains', 'VARCHAR'],
    ['file', 'VARCHAR'], ['policy_order', 'INTEGER'],
  ],
  policy_parameters: [
    ['policy', 'VARCHAR'], ['parameter', 'VARCHAR'], ['label', 'VARCHAR'], ['param_order', 'INTEGER'], ['value', 'VARCHAR'], ['value_text', 'VARCHAR'],
    ['unit', 'VARCHAR'], ['source', 'VARCHAR'], ['clause', 'VARCHAR'], ['note', 'VARCHAR'],
  ],
  stg_kpi_inputs: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['unit_type', 'VARCHAR'], ['unit_id', 'VARCHAR'], ['kpi', 'VARCHAR'], ['value', 'VARCHAR'],
    ['value_number', 'DOUBLE'], ['source_file', 'VARCHAR'], ['source_line', 'INTEGER'],
  ],
  stg_targets: [
    ['period_key', 'VARCHAR'], ['grain', 'VARCHAR'], ['person_id', 'VARCHAR'], ['team_id', 'VARCHAR'], ['collection_target', M], ['sales_target', M],
    ['source_file', 'VARCHAR'], ['source_line', 'INTEGER'],
  ],
};

export type Row = Record<string, string | number | boolean | null | undefined>;

function literal(v: Row[string]): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `'${v.replaceAll("'", "''")}'`;
}

export async function createModelTables(conn: DuckDBConnection): Promise<void> {
  for (const [table, cols] of Object.entries(MODEL_TABLES)) {
    await exec(conn, `CREATE OR REPLACE TABLE ${table} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')})`);
  }
}

export async function insert(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = MODEL_TABLES[table];
  const known = new Set(cols.map(([c]) => c));
  for (const r of rows) for (const k of Object.keys(r)) if (!known.has(k)) throw new Error(`${table} has no column ${k}`);
  const values = rows.map((r) => `(${cols.map(([c]) => literal(r[c])).join(', ')})`).join(',\n');
  await exec(conn, `INSERT INTO ${table} VALUES ${values}`);
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/** dim_period rows for whole years: months, quarters and the year, each with its previous period. */
export function periodRows(fromYear: number, toYear: number): Row[] {
  const rows: Row[] = [];
  let prevM: string | null = null;
  let prevQ: string | null = null;
  let prevY: string | null = null;
  for (let y = fromYear; y <= toYear; y++) {
    for (let m = 1; m <= 12; m++) {
      const key = `${y}-${pad(m)}`;
      rows.push({ period_key: key, grain: 'month', start_date: `${key}-01`, end_date: monthEnd(y, m), days: Number(monthEnd(y, m).slice(8)), prev_period_key: prevM, year: y, quarter: Math.ceil(m / 3), month: m });
      prevM = key;
    }
    for (let q = 1; q <= 4; q++) {
      const key = `${y}-Q${q}`;
      rows.push({ period_key: key, grain: 'quarter', start_date: `${y}-${pad(q * 3 - 2)}-01`, end_date: monthEnd(y, q * 3), days: null, prev_period_key: prevQ, year: y, quarter: q, month: null });
      prevQ = key;
    }
    rows.push({ period_key: String(y), grain: 'year', start_date: `${y}-01-01`, end_date: `${y}-12-31`, days: null, prev_period_key: prevY, year: y, quarter: null, month: null });
    prevY = String(y);
  }
  return rows;
}

/** A metrics row: grain from the key, money defaults 0, rates computed like the model does where simple. */
export function metricsRow(r: Row & { period_key: string; level: string; unit_id: string }): Row {
  const grain = /^\d{4}-\d{2}$/.test(r.period_key) ? 'month' : r.period_key.includes('Q') ? 'quarter' : 'year';
  const num = (v: Row[string]) => (v === null || v === undefined ? null : Number(v));
  const coll = num(r.collections) ?? 0;
  const target = num(r.collection_target);
  const zeros = Object.fromEntries(['sales', 'collections', 'writeoffs', 'applied_collections', 'ar_begin', 'ar_balance', 'overdue_amount', 'current_amount', 'unapplied_amount'].map((c) => [c, 0]));
  return {
    grain,
    unit_name: r.unit_id,
    ...zeros,
    collection_rate_target: target ? coll / target : null,
    ...r,
  };
}

/** An open item at a month end; days_overdue and period_key derived from the dates. */
export function openItem(r: Row & { as_of: string; invoice_id: string; due_date: string; open_amount: number }): Row {
  const days = Math.round((Date.parse(r.as_of) - Date.parse(r.due_date)) / 86_400_000);
  return {
    period_key: r.as_of.slice(0, 7),
    customer_id: 'C1',
    invoice_date: r.due_date,
    amount: r.open_amount,
    days_overdue: days,
    aging_bucket: days <= 0 ? 'not_due' : '1-30',
    age_bucket: '0-30',
    ...r,
  };
}

export interface Fixture {
  persons?: Row[];
  teams?: Row[];
  periods?: Row[];
  customers?: Row[];
  buckets?: Row[];
  metrics?: Row[];
  invoices?: Row[];
  applications?: Row[];
  writeoffs?: Row[];
  openItems?: Row[];
  aging?: Row[];
  agingWide?: Row[];
  kpis?: Row[];
  scores?: Row[];
  league?: Row[];
  catalog?: Row[];
  /** policy_parameters rows; default: collection_task's 回款之星 parameters (2 stars, by score then CEI, both bars) */
  parameters?: Row[];
  /** the dunning policy (dim_dunning_level, mart_dunning); default none: both empty */
  dunning?: Policy[];
  /** the credit policy (dim_credit_grade, mart_customer_credit, read by the dunning escalation); default none: both empty */
  credit?: Policy[];
  /** fct_collection_contact and fct_promise rows (the collection log), default none */
  contacts?: Row[];
  promises?: Row[];
}

/** collection_task's meeting_star_* parameters as policy_parameters holds them (value: JSON text) */
export function meetingStarParameters(count = 2, order: string[] = ['total_score', 'cei'], overdueBar = true, dsoBar = true): Row[] {
  return [
    ['meeting_star_count', String(count)],
    ['meeting_star_order', JSON.stringify(order)],
    ['meeting_star_overdue_not_rising', String(overdueBar)],
    ['meeting_star_dso_not_worse', String(dsoBar)],
  ].map(([parameter, value], i) => ({ policy: 'collection_task', parameter, param_order: i + 1, value, source: 'policy_default' }));
}

export async function buildMarts(conn: DuckDBConnection, f: Fixture): Promise<void> {
  await createModelTables(conn);
  await insert(conn, 'dim_person', f.persons ?? []);
  await insert(conn, 'dim_team', f.teams ?? []);
  await insert(conn, 'dim_period', f.periods ?? periodRows(2025, 2025));
  await insert(conn, 'dim_customer', f.customers ?? []);
  await insert(conn, 'dim_aging_bucket', f.buckets ?? []);
  await insert(conn, 'mart_ar_metrics', f.metrics ?? []);
  await insert(conn, 'mart_aging', f.aging ?? []);
  await insert(conn, 'mart_aging_wide', f.agingWide ?? []);
  await insert(conn, 'mart_scores', f.scores ?? []);
  await insert(conn, 'mart_league', f.league ?? []);
  await insert(conn, 'policy_catalog', f.catalog ?? []);
  await insert(conn, 'policy_parameters', f.parameters ?? meetingStarParameters());
  await insert(conn, 'fct_invoice', f.invoices ?? []);
  await insert(conn, 'fct_application', f.applications ?? []);
  await insert(conn, 'fct_writeoff', f.writeoffs ?? []);
  await insert(conn, 'fct_open_item', f.openItems ?? []);
  await insert(conn, 'fct_collection_contact', f.contacts ?? []);
  await insert(conn, 'fct_promise', f.promises ?? []);
  await writeCredit(conn, f.credit ?? []);
  await writeDunning(conn, f.dunning ?? []);
  await insert(
    conn,
    'stg_kpi_inputs',
    (f.kpis ?? []).map((k, i) => ({ grain: 'month', unit_type: 'team', source_file: 'kpi_inputs.csv', source_line: i + 2, value_number: Number.isFinite(Number(k.value)) ? Number(k.value) : null, ...k })),
  );
}
