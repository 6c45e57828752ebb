/**
 * The warehouse contract (SPEC §7): every table the transform writes, as one Kysely `Database`
 * interface. Tests, the CLI and the policy engine query through it, so renaming a column breaks the
 * compile instead of a page.
 *
 * Type conventions (what @duckdb/node-api returns through kysely-duckdb):
 * - money columns are DECIMAL(18,2) in DuckDB and arrive as `Money` (DuckDBDecimalValue); convert with
 *   `toDecimal()` from transforms/money.ts, never with Number().
 * - DATE columns arrive as a JS Date (local midnight); prefer selecting `strftime(col, '%Y-%m-%d')`
 *   when a test compares dates.
 * - rates and days are DOUBLE → number; NULL when the denominator is 0 or NULL (SPEC §5).
 */
import type { DuckDBDecimalValue } from '@duckdb/node-api';

export type Money = DuckDBDecimalValue;
/** DATE as it comes back from DuckDB. */
export type DateValue = Date;

// ───────────────────────────── load layer (written by transforms/load) ─────────────────────────────

/** Staging: one typed row per accepted input row; `source_file`/`source_line` trace it to the export. */
export interface StgCustomers {
  customer_id: string;
  customer_name: string;
  credit_limit: Money | null;
  /** default 30 applied by the loader when the column is absent or empty */
  credit_days: number;
  customer_type: string | null;
  region: string | null;
  owner_id: string | null;
  source_file: string;
  source_line: number;
}

export interface StgPeople {
  person_id: string;
  person_name: string;
  team_id: string;
  team_name: string;
  /** 业务员 | 销售经理 | 销售总监 | other text as given */
  role: string | null;
  manager_id: string | null;
  monthly_salary: Money | null;
  region: string | null;
  source_file: string;
  source_line: number;
}

export interface StgInvoices {
  invoice_id: string;
  customer_id: string;
  invoice_date: DateValue;
  /** < 0: a credit note (红字) */
  amount: Money;
  due_date: DateValue | null;
  person_id: string | null;
  cost_amount: Money | null;
  contract_id: string | null;
  deferred_until: DateValue | null;
  source_file: string;
  source_line: number;
}

export interface StgReceipts {
  receipt_id: string;
  customer_id: string;
  receipt_date: DateValue;
  /** < 0: a refund */
  amount: Money;
  invoice_id: string | null;
  /** normalised: 'cash' | 'bank_acceptance' | 'commercial_acceptance' | null (unknown → 'cash' is NOT assumed) */
  method: string | null;
  source_file: string;
  source_line: number;
}

export interface StgTargets {
  /** '2025-03' | '2025-Q1' | '2025' */
  period_key: string;
  grain: 'month' | 'quarter' | 'year';
  /** exactly one of person_id / team_id is set */
  person_id: string | null;
  team_id: string | null;
  collection_target: Money;
  sales_target: Money | null;
  source_file: string;
  source_line: number;
}

export interface StgWriteoffs {
  writeoff_id: string;
  customer_id: string;
  writeoff_date: DateValue;
  amount: Money;
  invoice_id: string | null;
  source_file: string;
  source_line: number;
}

export interface StgKpiInputs {
  period_key: string;
  grain: 'month' | 'quarter' | 'year';
  unit_type: 'person' | 'team' | 'company';
  unit_id: string;
  kpi: string;
  /** the value as given (a number, a percentage or a grade 优秀/良好/一般/差) */
  value: string;
  /** parsed number when the value is numeric ('12.5%' → 12.5), else null */
  value_number: number | null;
  source_file: string;
  source_line: number;
}

export interface LoadAudit {
  /** file name inside the export folder, e.g. 'invoices.csv' */
  file: string;
  /** null for a skipped file */
  entity: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Σ of the file's main amount column over rows whose amount parsed (null for files without one) */
  amount_read: Money | null;
  amount_loaded: Money | null;
  /** records with no value at all (e.g. `,,,,`): skipped, not in rows_read */
  rows_blank: number;
  /** 'csv' | 'xlsx' | 'absent' (an optional entity without a file, audited with 0 rows) | 'skipped' (a file that is no entity's) */
  format: string;
  /** 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030' | 'windows-1252' | 'utf-16le' | 'utf-16be' | 'xlsx'; null when absent or empty */
  encoding: string | null;
  /** CSV: physical lines of the file (wc -l, a last line without a line end included); null for XLSX, absent, skipped */
  lines: number | null;
}

export interface LoadRejects {
  file: string;
  entity: string;
  /** 1-based line in the source file (the header is line 1); for XLSX the sheet row */
  line: number;
  /** canonical column name; null for a fault of the whole line (wrong field count, broken quoting) */
  column: string | null;
  value: string | null;
  reason: string;
  /** the column's header as written in the file (e.g. 价税合计 for amount) */
  source_column: string | null;
  /** 'error': the row was rejected; 'warning': an optional value nulled or defaulted (the row loaded), or a note on a loaded row */
  severity: 'error' | 'warning';
}

// ───────────────────────────── model layer (written by transforms/model) ─────────────────────────────

export interface DimCustomer {
  customer_id: string;
  customer_name: string;
  credit_limit: Money | null;
  credit_days: number;
  customer_type: string | null;
  region: string | null;
  owner_id: string | null;
  owner_team_id: string | null;
}

export interface DimPerson {
  person_id: string;
  person_name: string;
  team_id: string;
  team_name: string;
  role: string | null;
  manager_id: string | null;
  monthly_salary: Money | null;
  region: string | null;
}

export interface DimTeam {
  team_id: string;
  team_name: string;
  region: string | null;
  /** the team's 销售经理 (first by person_id when several) */
  manager_id: string | null;
  /** the 销售总监 above the manager, when known */
  director_id: string | null;
  person_count: number;
}

export interface DimPeriod {
  /** '2025-03' | '2025-Q1' | '2025' */
  period_key: string;
  grain: 'month' | 'quarter' | 'year';
  start_date: DateValue;
  end_date: DateValue;
  days: number;
  /** the period of the same grain before this one (null for the first) */
  prev_period_key: string | null;
  year: number;
  quarter: number | null;
  month: number | null;
  /** the date balances are measured at: end_date, or the last month end with data when the period runs past it */
  as_of_date: DateValue;
  /** TRUE when the period runs past the last month with data (its balances are at as_of_date) */
  is_partial: boolean;
}

/** The aging buckets of SPEC §4/§7, defined once (transforms/model/staging/dim_aging_bucket.sql). */
export interface DimAgingBucket {
  basis: 'due' | 'age';
  bucket: string;
  bucket_order: number;
  /** Chinese label, e.g. 逾期31-60天, 一年以上两年以内 */
  bucket_label: string;
  /** 未到期 / 已逾期 (due); 一年以内 / 一年以上两年以内 / 两年以上三年以内 / 三年以上 (age) */
  bucket_group: string;
  /** inclusive bounds in days; null = unbounded */
  min_days: number | null;
  max_days: number | null;
}

export interface FctInvoice {
  invoice_id: string;
  customer_id: string;
  person_id: string | null;
  team_id: string | null;
  invoice_date: DateValue;
  /** resolved: given due_date, else invoice_date + customer credit_days */
  due_date: DateValue;
  amount: Money;
  cost_amount: Money | null;
  contract_id: string | null;
  deferred_until: DateValue | null;
  is_credit_note: boolean;
}

export interface FctReceipt {
  receipt_id: string;
  customer_id: string;
  receipt_date: DateValue;
  amount: Money;
  invoice_id: string | null;
  method: string | null;
  is_acceptance: boolean;
  is_refund: boolean;
  /** the customer's owner, who is credited with what stays unapplied */
  owner_id: string | null;
  /** the owner's team */
  owner_team_id: string | null;
}

export interface FctApplication {
  /** the receipt_id, or the invoice_id of a credit note applied like a receipt */
  source_id: string;
  source_type: 'receipt' | 'credit_note';
  invoice_id: string;
  customer_id: string;
  person_id: string | null;
  team_id: string | null;
  /** max(source date, invoice date): the day the money met the invoice */
  applied_date: DateValue;
  /** the source document's own date */
  source_date: DateValue;
  amount: Money;
  /** 'explicit' (named invoice) | 'fifo' */
  rule: 'explicit' | 'fifo';
  is_acceptance: boolean;
  /** of the invoice paid (days-to-pay analyses without a join) */
  invoice_date: DateValue;
  due_date: DateValue;
}

/**
 * One row per (write-off, invoice it reduced): Σ amount per writeoff_id = the write-off's amount.
 * A write-off naming an invoice reduces it first ('explicit', capped at the invoice amount); the rest and
 * write-offs naming none reduce the customer's oldest-due open invoices ('fifo'); what finds no invoice is
 * one row with invoice_id null ('unallocated').
 */
export interface FctWriteoff {
  writeoff_id: string;
  customer_id: string;
  /** the invoice reduced; null for the unallocated part */
  invoice_id: string | null;
  /** the invoice named in the export, if any */
  requested_invoice_id: string | null;
  /** wo(P) of SPEC §5 is Σ amount by writeoff_date */
  writeoff_date: DateValue;
  /** greatest(writeoff_date, invoice_date): the day the invoice's open amount drops */
  effective_date: DateValue;
  amount: Money;
  rule: 'explicit' | 'fifo' | 'unallocated';
  /** the reduced invoice's person (else the customer's owner) */
  person_id: string | null;
  team_id: string | null;
}

export interface FctOpenItem {
  /** month end */
  as_of: DateValue;
  period_key: string;
  invoice_id: string;
  customer_id: string;
  person_id: string | null;
  team_id: string | null;
  invoice_date: DateValue;
  due_date: DateValue;
  deferred_until: DateValue | null;
  amount: Money;
  open_amount: Money;
  /** as_of − due_date; ≤ 0 when not yet due */
  days_overdue: number;
  /** not_due | 1-30 | 31-60 | 61-90 | 91-180 | 181-365 | 365+ */
  aging_bucket: string;
  /** 0-30 | 31-60 | 61-90 | 91-180 | 181-365 | 1-2y | 2-3y | 3y+ */
  age_bucket: string;
  /** as_of − invoice_date */
  age_days: number;
}

export interface FctUnapplied {
  as_of: DateValue;
  period_key: string;
  customer_id: string;
  owner_id: string | null;
  team_id: string | null;
  unapplied_amount: Money;
}

export type Level = 'company' | 'team' | 'person' | 'customer';
export type Grain = 'month' | 'quarter' | 'year';

export interface MartArMetrics {
  period_key: string;
  grain: Grain;
  level: Level;
  /** 'company' for the company row */
  unit_id: string;
  unit_name: string;
  start_date: DateValue;
  end_date: DateValue;
  /** e: the date balances are measured at (dim_period.as_of_date) */
  as_of_date: DateValue;
  sales: Money;
  collections: Money;
  writeoffs: Money;
  /** collections applied to the unit's invoices with applied_date in P (the AR roll-forward's outflow) */
  applied_collections: Money;
  ar_begin: Money;
  ar_balance: Money;
  overdue_amount: Money;
  current_amount: Money;
  unapplied_amount: Money;
  customers_open: number;
  customers_overdue: number;
  collection_target: Money | null;
  sales_target: Money | null;
  collection_rate_target: number | null;
  collection_rate_balance: number | null;
  sales_collection_rate: number | null;
  bad_debt_rate_collections: number | null;
  bad_debt_rate_sales: number | null;
  overdue_customer_ratio: number | null;
  overdue_rate: number | null;
  collection_cycle: number | null;
  receivables_turnover: number | null;
  dso: number | null;
  dso_countback: number | null;
  best_possible_dso: number | null;
  average_days_delinquent: number | null;
  cei: number | null;
  /** Σ positive invoices dated in P; ar_balance = ar_begin + gross_sales − applied_collections − applied_writeoffs */
  gross_sales: Money;
  /** the part of collections received as acceptance notes (承兑) */
  acceptance_collections: Money;
  /** write-offs reducing the unit's invoices with effective_date in P */
  applied_writeoffs: Money;
  /** open invoices at e */
  open_items: number;
  /** the DSO denominator: sales of the 3 months ending e (months inside the data) and their days */
  dso_sales_3m: Money;
  dso_days_3m: number;
}

export interface MartAging {
  period_key: string;
  grain: Grain;
  level: Level;
  unit_id: string;
  basis: 'due' | 'age';
  bucket: string;
  /** display order of the bucket within its basis, 1-based */
  bucket_order: number;
  /** Chinese label (dim_aging_bucket) */
  bucket_label: string;
  /** the date the aging is measured at (the period's as_of_date) */
  as_of: DateValue;
  amount: Money;
  items: number;
}

/** mart_aging with the buckets as columns (marts/mart_aging_wide.sql): one row per (period_key, level, unit_id). */
export interface MartAgingWide {
  period_key: string;
  grain: Grain;
  level: Level;
  unit_id: string;
  as_of: DateValue;
  /** Σ open_amount at as_of = Σ d_* = Σ a_* */
  total: Money;
  items: number;
  d_not_due: Money;
  d_1_30: Money;
  d_31_60: Money;
  d_61_90: Money;
  d_91_180: Money;
  d_181_365: Money;
  d_365p: Money;
  a_0_30: Money;
  a_31_60: Money;
  a_61_90: Money;
  a_91_180: Money;
  a_181_365: Money;
  a_1_2y: Money;
  a_2_3y: Money;
  a_3yp: Money;
}

// ───────────────────── model intermediates (transforms/model/intermediate): traceability ─────────────────────

/** Receipts and write-offs naming their invoice, capped at what it can take (write-offs first). */
export interface IntExplicitAllocation {
  source_type: 'receipt' | 'writeoff';
  source_id: string;
  customer_id: string;
  invoice_id: string;
  source_date: DateValue;
  applied_date: DateValue;
  requested: Money;
  allocated: Money;
}

/** The FIFO stream per customer: [cum_start, cum_end) of the cumulative sources. */
export interface IntFifoSource {
  customer_id: string;
  seq: bigint;
  source_type: 'receipt' | 'credit_note' | 'writeoff';
  source_id: string;
  source_date: DateValue;
  amount: Money;
  is_acceptance: boolean;
  cum_start: Money;
  cum_end: Money;
}

/** The FIFO queue per customer: invoices by (due_date, invoice_id) and refunds. */
export interface IntFifoConsumer {
  customer_id: string;
  seq: bigint;
  consumer_type: 'invoice' | 'refund';
  consumer_id: string;
  consumer_date: DateValue;
  sort_date: DateValue;
  amount: Money;
  cum_start: Money;
  cum_end: Money;
}

/** Overlaps of source slices and queue slices; consumer null = source left unplaced. */
export interface IntFifoMatch {
  customer_id: string;
  source_type: 'receipt' | 'credit_note' | 'writeoff';
  source_id: string;
  source_date: DateValue;
  is_acceptance: boolean;
  consumer_type: 'invoice' | 'refund' | null;
  consumer_id: string | null;
  consumer_date: DateValue | null;
  matched_date: DateValue | null;
  amount: Money;
  seg_start: Money;
  seg_end: Money;
}

/** Each receipt split by the persons credited (谁放货谁清收): applied part → invoice's person, rest → owner. */
export interface IntCollectionCredit {
  receipt_id: string;
  customer_id: string;
  receipt_date: DateValue;
  is_acceptance: boolean;
  person_id: string | null;
  team_id: string | null;
  basis: 'applied' | 'owner';
  amount: Money;
}

/** Monthly flows per unit. */
export interface IntUnitMonthFlow {
  month_start: DateValue;
  level: Level;
  unit_id: string;
  sales: Money;
  gross_sales: Money;
  collections: Money;
  acceptance_collections: Money;
  writeoffs: Money;
  applied_collections: Money;
  applied_writeoffs: Money;
}

/** Month-end balances per unit. */
export interface IntUnitMonthBalance {
  as_of: DateValue;
  level: Level;
  unit_id: string;
  ar_balance: Money;
  overdue_amount: Money;
  current_amount: Money;
  unapplied_amount: Money;
  open_items: number;
  customers_open: number;
  customers_overdue: number;
}

/** Reporting units per level ('_unassigned' when facts lack a person or team). */
export interface IntUnit {
  level: Level;
  level_order: number;
  unit_id: string;
  unit_name: string;
  team_id: string | null;
  /** 1-based position by (level_order, unit_id): the marts' integer sort key */
  unit_seq: number;
}

/** DSO inputs per unit and month end. */
export interface IntUnitMonthDso {
  as_of: DateValue;
  level: Level;
  unit_id: string;
  sales: Money;
  sales_3m: Money;
  days_3m: number;
  ar_balance: Money;
  countback_days: number | null;
}

/** Resolved targets per unit and period. */
export interface IntUnitTarget {
  period_key: string;
  level: 'company' | 'team' | 'person';
  unit_id: string;
  collection_target: Money | null;
  sales_target: Money | null;
}

// ───────────────────────────── policy layer (written by transforms/policies) ─────────────────────────────

export interface MartScores {
  period_key: string;
  grain: Grain;
  /** the policy file's id (policies/<file>.yaml `id`) */
  policy: string;
  level: 'team' | 'person';
  unit_id: string;
  /** the item's position within the unit's evaluation, 1-based */
  item_order: number;
  item: string;
  /** null when the item has no input (缺数据) */
  points: number | null;
  max_points: number | null;
  /** money the item moves, from the person's side: + commission / reward / refund, − penalty / deduction /
   * compensation; null when none */
  amount: Money | null;
  /** why: the inputs and the rule applied; '缺数据: …' when the item has no input */
  note: string | null;
}

export interface MartLeague {
  period_key: string;
  grain: Grain;
  policy: string;
  level: 'team' | 'person';
  unit_id: string;
  unit_name: string;
  team_id: string | null;
  /** Σ mart_scores.points of the unit (points policies) or Σ mart_scores.amount (money-only policies) */
  total_score: number;
  /** Σ mart_scores.max_points (items without input left out); null for money-only policies */
  max_score: number | null;
  rank: number;
  prev_rank: number | null;
  /** prev_rank − rank: > 0 moved up */
  movement: number | null;
  team_rank: number | null;
  grade: string | null;
  collection_rate_target: number | null;
}

/** One row per policy file: what the rules page lists. */
export interface PolicyCatalog {
  policy: string;
  kind: string;
  name: string;
  description: string;
  /** comma-separated: person,team */
  levels: string;
  /** comma-separated: month,quarter,year */
  grains: string;
  file: string;
  policy_order: number;
}

/** One row per policy parameter: its value (JSON text), unit, seed or policy default, and seed clause. */
export interface PolicyParameters {
  policy: string;
  parameter: string;
  param_order: number;
  value: string;
  value_text: string;
  unit: string;
  source: 'seed' | 'policy_default';
  clause: string;
  note: string | null;
}

export interface Database {
  stg_customers: StgCustomers;
  stg_people: StgPeople;
  stg_invoices: StgInvoices;
  stg_receipts: StgReceipts;
  stg_targets: StgTargets;
  stg_writeoffs: StgWriteoffs;
  stg_kpi_inputs: StgKpiInputs;
  load_audit: LoadAudit;
  load_rejects: LoadRejects;
  dim_customer: DimCustomer;
  dim_person: DimPerson;
  dim_team: DimTeam;
  dim_period: DimPeriod;
  dim_aging_bucket: DimAgingBucket;
  fct_invoice: FctInvoice;
  fct_receipt: FctReceipt;
  fct_application: FctApplication;
  fct_writeoff: FctWriteoff;
  fct_open_item: FctOpenItem;
  fct_unapplied: FctUnapplied;
  mart_ar_metrics: MartArMetrics;
  mart_aging: MartAging;
  mart_aging_wide: MartAgingWide;
  int_explicit_allocation: IntExplicitAllocation;
  int_fifo_source: IntFifoSource;
  int_fifo_consumer: IntFifoConsumer;
  int_fifo_match: IntFifoMatch;
  int_collection_credit: IntCollectionCredit;
  int_unit_month_flow: IntUnitMonthFlow;
  int_unit_month_balance: IntUnitMonthBalance;
  int_unit: IntUnit;
  int_unit_month_dso: IntUnitMonthDso;
  int_unit_target: IntUnitTarget;
  mart_scores: MartScores;
  mart_league: MartLeague;
  policy_catalog: PolicyCatalog;
  policy_parameters: PolicyParameters;
}

/**
 * The tables analysts query: `sources/warehouse/<name>.sql` exposes each one to the pages as
 * `warehouse.<name>` (test/site/sources.test.ts keeps the two in sync). SPEC §7's tables, plus
 * dim_aging_bucket (the Chinese labels and order of the aging buckets) and the rules tables of SPEC §6
 * (policy_catalog, policy_parameters: the rules page lists every parameter).
 */
export const CONTRACT_TABLES = [
  'dim_customer',
  'dim_person',
  'dim_team',
  'dim_period',
  'dim_aging_bucket',
  'fct_invoice',
  'fct_receipt',
  'fct_application',
  'fct_writeoff',
  'fct_open_item',
  'fct_unapplied',
  'mart_ar_metrics',
  'mart_aging',
  'mart_aging_wide',
  'mart_scores',
  'mart_league',
  'load_audit',
  'load_rejects',
  'policy_catalog',
  'policy_parameters',
] as const satisfies readonly (keyof Database)[];
