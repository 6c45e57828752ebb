/**
 * The warehouse contract (docs/architecture.md, The warehouse contract): every table the transform writes, as one Kysely `Database`
 * interface. Tests, the CLI and the policy engine query through it, so renaming a column breaks the
 * compile instead of a page.
 *
 * Type conventions (what @duckdb/node-api returns through kysely-duckdb):
 * - money columns are DECIMAL(18,2) in DuckDB and arrive as `Money` (DuckDBDecimalValue); convert with
 *   `toDecimal()` from transforms/money.ts, never with Number().
 * - DATE columns arrive as a JS Date (local midnight); prefer selecting `strftime(col, '%Y-%m-%d')`
 *   when a test compares dates.
 * - rates and days are DOUBLE → number; NULL when the denominator is 0 or NULL (docs/metrics.md, Money and rates).
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
  /** 离职日期: the person's last day; null while employed (an older warehouse or a test's own DDL lacks it) */
  left_on?: DateValue | null;
  source_file: string;
  source_line: number;
}

/** 任职记录 (issue 19): from valid_from on, the person belongs to team_id; optional input (no file: no rows). */
export interface StgAssignments {
  person_id: string;
  team_id: string;
  team_name: string | null;
  manager_id: string | null;
  role: string | null;
  valid_from: DateValue;
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
  /** 币别 as given, normalised (CNY, USD, EUR …); null when the export has no currency column (CNY) */
  currency: string | null;
  /** 汇率 to CNY as given */
  fx_rate: string | null;
  /** 原币 amount as given; `amount` is always 本币 (CNY): given, else round(原币 × 汇率, 2) */
  amount_fc: Money | null;
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
  /** 币别 as given, normalised (CNY, USD, EUR …); null when the export has no currency column (CNY) */
  currency: string | null;
  /** 汇率 to CNY as given */
  fx_rate: string | null;
  /** 原币 amount as given; `amount` is always 本币 (CNY): given, else round(原币 × 汇率, 2) */
  amount_fc: Money | null;
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
  /** 币别 as given, normalised (CNY, USD, EUR …); null when the export has no currency column (CNY) */
  currency: string | null;
  /** 汇率 to CNY as given */
  fx_rate: string | null;
  /** 原币 amount as given; `amount` is always 本币 (CNY): given, else round(原币 × 汇率, 2) */
  amount_fc: Money | null;
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

/** 收款计划 (issue 20): an invoice's instalments, one row per due date; optional input (no file: no rows). */
export interface StgPaymentSchedule {
  invoice_id: string;
  due_date: DateValue;
  /** in the invoice's own currency (原币; 本币 for a CNY invoice); the lines of one invoice add up to it */
  amount: Money;
  source_file: string;
  source_line: number;
}

/** 催收记录 (issue 18): one row per contact with a customer; optional input (no file: no rows). */
export interface StgCollectionLog {
  contact_date: DateValue;
  customer_id: string;
  /** the invoice the contact was about; null: the customer's balance */
  invoice_id: string | null;
  /** who contacted the customer (人员编码) */
  person_id: string;
  /** 催收方式 as written: 电话, 上门拜访, 发送对账单 … */
  action: string;
  /** 催收结果 as written: 承诺付款, 拒绝, 未联系上 … */
  result: string | null;
  /** 承诺付款日: given together with promise_amount, never before contact_date */
  promise_date: DateValue | null;
  /** 承诺金额 (本币, > 0) */
  promise_amount: Money | null;
  note: string | null;
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
  /** XLSX: the worksheet read (a workbook's sheets are chosen by their header or by mapping.yaml sheets:) */
  sheet: string | null;
  /** line (XLSX: sheet row) of the header's first row: above 1 when title or filter lines were skipped */
  header_line: number | null;
  /** the title and filter lines above the header, one per line; null when there are none */
  preamble: string | null;
  /** subtotal and total rows (小计/合计/总计 with empty key columns): not data, not in rows_read */
  total_rows: number;
  /** the file's own grand total (its last 合计/总计 row): must equal amount_read, else a warning in load_rejects */
  amount_total: Money | null;
  total_line: number | null;
  /** when the file was loaded (UTC) */
  loaded_at: DateValue;
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

/** stg_customers' columns without its source line, and the owner's team (dim_customer.sql). */
export type DimCustomer = Omit<StgCustomers, 'source_file' | 'source_line'> & {
  /** the owner's team in the people file; null without an owner */
  owner_team_id: string | null;
};

/**
 * stg_people's columns without its source line: dim_person is the validated people file (dim_person.sql), with
 * today's team (the latest 任职记录 row's, when the person has any) and the last day employed.
 */
export type DimPerson = Omit<StgPeople, 'source_file' | 'source_line' | 'left_on'> & { left_on: DateValue | null };

/**
 * 任职记录 (dim_person_assignment.sql): each person's teams over time, one row per span. A dated fact is
 * attributed to the team of the span holding its date (docs/metrics.md, Organisation history).
 */
export interface DimPersonAssignment {
  person_id: string;
  team_id: string;
  team_name: string;
  manager_id: string | null;
  role: string | null;
  /** the span's first day; null for a person's first span, which reaches back to any earlier date */
  valid_from: DateValue | null;
  /** the next span's first day (exclusive); null for the span valid today */
  valid_to: DateValue | null;
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

/** The aging buckets (docs/metrics.md, Aging buckets), defined once (transforms/model/staging/dim_aging_bucket.sql). */
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
  /** resolved: the last instalment's due date (payment schedule), else the given due_date, else invoice_date + customer credit_days */
  due_date: DateValue;
  amount: Money;
  cost_amount: Money | null;
  contract_id: string | null;
  deferred_until: DateValue | null;
  is_credit_note: boolean;
  /** 币别 (CNY when the export gives none) */
  currency: string;
  /** 汇率 to CNY (1 for CNY; DECIMAL(18,6) as text) */
  fx_rate: string | null;
  /** 原币 amount (= amount for CNY) */
  amount_fc: Money | null;
  /** lines of its payment schedule (收款计划), null without one */
  instalments: number | null;
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
  /** 币别 (CNY when the export gives none) */
  currency: string;
  /** 汇率 to CNY (1 for CNY; DECIMAL(18,6) as text) */
  fx_rate: string | null;
  /** 原币 amount (= amount for CNY) */
  amount_fc: Money | null;
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
  /** wo(P) (docs/metrics.md) is Σ amount by writeoff_date */
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

/** 应收移交 (fct_ar_transfer.sql, issue 19): an invoice's open amount passing to another holder or team. */
export interface FctArTransfer {
  /** the first day the new holder / team has it */
  transfer_date: DateValue;
  period_key: string;
  invoice_id: string;
  customer_id: string;
  from_person_id: string | null;
  from_team_id: string | null;
  to_person_id: string | null;
  to_team_id: string | null;
  /** handover: another person (离职交接); team_move: the same person in another team (调岗) */
  reason: 'handover' | 'team_move';
  /** the open amount at the end of the day before transfer_date */
  amount: Money;
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
  /** Σ positive invoices dated in P; ar_balance = ar_begin + gross_sales − applied_collections − applied_writeoffs + ar_transferred */
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
  /** AR handed over to the unit in P, net (fct_ar_transfer: + in, − out); 0 without organisation changes */
  ar_transferred: Money;
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
  /** the document's own 本币 given up: = allocated, except a receipt in its invoice's foreign currency (its 原币 at its own rate) */
  consumed: Money;
  /** consumed − allocated: the exchange difference (0 but for same-currency foreign receipts) */
  fx_difference: Money;
}

/**
 * 汇兑差额: a receipt in its invoice's foreign currency applied in 原币; the invoice loses the 原币 at its
 * own rate (fct_application), the receipt gives it up at the receipt's rate; the difference is kept here.
 */
export interface FctFxDifference {
  receipt_id: string;
  invoice_id: string;
  customer_id: string;
  person_id: string | null;
  team_id: string | null;
  currency: string;
  applied_date: DateValue;
  amount_fc: Money;
  invoice_rate: string;
  receipt_rate: string;
  amount_at_invoice_rate: Money;
  amount_at_receipt_rate: Money;
  /** > 0 a gain (汇兑收益), < 0 a loss (汇兑损失) */
  fx_difference: Money;
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

/** Each receipt split by the persons credited (谁放货谁清收): applied part → invoice's person, rest → owner. A view (int_collection_credit.sql). */
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
  ar_transferred: Money;
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

/** SHA-256 of each file of the export the warehouse was built from (transforms/closing/fingerprint.ts). */
export interface LoadFingerprint {
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * The closed-period store's view in the warehouse (transforms/closing/adjustments.ts): written by every
 * transform from the verified closed/ store; empty without one. Not site tables: closed_adjustments is pay.
 */
export interface ClosedPeriods {
  period_key: string;
  grain: Grain;
  version: number;
  closed_at: DateValue;
  closed_by: string;
  reason: string | null;
  export_sha256: string | null;
  versions: number;
}

export interface ClosedAdjustments {
  period_key: string;
  version: number;
  closed_at: DateValue;
  policy: string;
  level: 'team' | 'person';
  unit_id: string;
  unit_name: string | null;
  /** the mart_scores item; '合计' for the league total (is_total) */
  item: string;
  is_total: boolean;
  frozen_amount: Money | null;
  now_amount: Money | null;
  amount_difference: Money | null;
  frozen_points: number | null;
  now_points: number | null;
  points_difference: number | null;
  frozen_note: string | null;
  now_note: string | null;
}

export interface ClosedAdjustmentDocuments {
  period_key: string;
  version: number;
  doc_type: 'invoice' | 'receipt' | 'writeoff';
  doc_id: string;
  doc_date: DateValue;
  customer_id: string;
  person_id: string | null;
  frozen_amount: Money | null;
  now_amount: Money | null;
  change: string;
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
  /** NULL: not ranked — a points policy with nothing to score for the unit (max_score 0), shown 不参加排名 */
  rank: number | null;
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
  /** the levels as the rules page says them: 个人、团队 */
  levels_label: string;
  /** the grains as the rules page says them: 月度、季度、年度 */
  grains_label: string;
  file: string;
  policy_order: number;
  /** points: total = Σ item points; amount: total = Σ item amounts (money-only: pay, management site only) */
  score_basis: 'points' | 'amount';
}

/** One row per policy parameter: its value (JSON text), unit, seed or policy default, and seed clause. */
export interface PolicyParameters {
  policy: string;
  parameter: string;
  /** the parameter's Chinese name (transforms/policies/labels.ts) */
  label: string;
  param_order: number;
  value: string;
  value_text: string;
  unit: string;
  source: 'seed' | 'policy_default';
  clause: string;
  note: string | null;
}

/** 催收记录 (issue 18): every contact of the collection log (transforms/model/marts/fct_collection_contact.sql). */
export interface FctCollectionContact {
  /** CL000001 …: numbered by (contact_date, customer_id, source_file, source_line) */
  contact_id: string;
  contact_date: DateValue;
  /** month of the contact, '2025-03' */
  period_key: string;
  customer_id: string;
  /** the invoice the contact was about; null: the customer's balance */
  invoice_id: string | null;
  person_id: string;
  /** the collector's team */
  team_id: string | null;
  action: string;
  result: string | null;
  has_promise: boolean;
  promise_date: DateValue | null;
  promise_amount: Money | null;
  note: string | null;
  source_file: string;
  source_line: number;
}

export type PromiseStatus = 'kept' | 'partly_kept' | 'broken' | 'open';

/**
 * 付款承诺 (issue 18): every promise judged against the receipts dated from its contact day to its promise day
 * (of the named invoice, when it names one) — docs/metrics.md, Promises.
 */
export interface FctPromise {
  contact_id: string;
  contact_date: DateValue;
  customer_id: string;
  invoice_id: string | null;
  person_id: string;
  team_id: string | null;
  action: string;
  promise_date: DateValue;
  promise_amount: Money;
  /** receipts counted toward the promise */
  paid_amount: Money;
  /** promise_amount − paid_amount, at least 0 */
  shortfall: Money;
  last_paid_date: DateValue | null;
  /** as of `as_of`; at an earlier month end t it was 'open' unless status_date ≤ t */
  status: PromiseStatus;
  /** 已兑现 | 部分兑现 | 未兑现 | 未到期 */
  status_name: string;
  /** when the status became final (kept: the day the amount was reached; else the promise day); null while open */
  status_date: DateValue | null;
  /** the data's last month end */
  as_of: DateValue;
}

/** The dunning levels of policies/dunning.yaml (issue 18), one row per level. */
export interface DimDunningLevel {
  policy: string;
  level: number;
  level_name: string;
  action: string;
  /** 业务员 | 销售经理 | 销售总监 | 财务 | 法务 */
  role: string;
  /** reached at this many days past due (negative: before the due date) … */
  min_days_past_due: number;
  /** … or with an open amount ≥ this and ≥ large_min_days_past_due days */
  large_amount: Money | null;
  large_min_days_past_due: number | null;
  /** the policy's count_from_deferral, the same on every row */
  count_from_deferral: boolean;
  /** the escalation rule (the same on every row): levels added for a recent promise not kept … */
  escalation_broken_promise_levels: number;
  /** … whose day fell within this many days of the month end … */
  escalation_broken_promise_days: number;
  /** … and for a blacklisted customer */
  escalation_blacklist_levels: number;
}

/** The credit grades of policies/credit.yaml (issue 18), best first. */
export interface DimCreditGrade {
  policy: string;
  grade: string;
  /** 1 = the best */
  grade_order: number;
  /** DECIMAL(6,2): a score of at least this has the grade (the best such) */
  min_score: Money;
  /** the credit terms the grade carries (款到发货 for the lowest) */
  terms: string;
}

/**
 * 客户信用等级 (issue 18): every customer graded at every month end (transforms/policies/mart_customer_credit.sql;
 * docs/policies.md, 客户信用等级与黑名单). Points are DECIMAL(6,2), shares and days DOUBLE rounded to 0.1.
 */
export interface MartCustomerCredit {
  as_of: DateValue;
  period_key: string;
  customer_id: string;
  customer_name: string | null;
  owner_id: string | null;
  /** score_grade, or the blacklist grade while blacklisted */
  grade: string;
  /** the grade at the month end before; null when not graded then */
  previous_grade: string | null;
  /** first month end of the current run of this grade */
  since: DateValue;
  score: Money;
  score_grade: string;
  terms: string | null;
  /** amount-weighted days late of the receipts in the window; null when none */
  days_late: number | null;
  days_late_points: Money;
  overdue_share_pct: number | null;
  overdue_points: Money;
  /** promises broken (nothing paid by their day) in the window */
  broken_promises: number;
  promise_points: Money;
  writeoff_amount: Money;
  writeoff_points: Money;
  limit_usage_pct: number | null;
  limit_points: Money;
  ar_balance: Money;
  overdue_amount: Money;
  credit_limit: Money | null;
  max_days_overdue: number;
  blacklisted: boolean;
  /** this month end meets a blacklist condition */
  blacklist_trigger: boolean;
  blacklisted_since: DateValue | null;
  reason: string;
}

/** A view: every open item at every month end with its dunning level, action and who is responsible. */
export interface MartDunning extends Omit<FctOpenItem, 'amount' | 'age_bucket' | 'age_days'> {
  /** days_overdue, or as_of − deferred_until when a 特批 deferral counts */
  days_past_due: number;
  /** the level by days and amount alone */
  base_level: number;
  /** levels added by the escalation rule (level − base_level) */
  escalation_levels: number;
  /** why it was raised (promises not kept, 黑名单客户); null when not */
  escalation_reason: string | null;
  level: number;
  level_name: string;
  action: string;
  role: string;
  /** the salesperson, or the team's manager or director; NULL for 财务 and 法务 */
  responsible_id: string | null;
}

// ───────────── publish layer (transforms/publish, after the policies): the page-shaped tables ─────────────
// Every number is a mart's own (see each file's header); these add names, labels, links, previous-period
// values, top-N cuts and the row order pages rely on.

/** mart_league with the policy's name and the unit's metrics of the period and the previous one. */
export interface LeagueBoard extends MartLeague {
  end_date: DateValue;
  policy_name: string;
  policy_kind: string;
  policy_order: number;
  team_name: string | null;
  /** max_score IS NULL: total_score is an amount (元) */
  score_is_money: boolean;
  /** Σ points of the unit's bonus items (in total_score, not in max_score); 0 without a bonus */
  bonus_points: number;
  /** '↑n' | '↓n' | '—' | '新' (no previous rank) */
  movement_text: string;
  /** the unit's mart_ar_metrics of the period (NULL when it has none) */
  sales: Money | null;
  collections: Money | null;
  collection_target: Money | null;
  ar_balance: Money | null;
  overdue_amount: Money | null;
  overdue_rate: number | null;
  dso: number | null;
  cei: number | null;
  /** of the previous period of the same grain (dim_period.prev_period_key) */
  prev_dso: number | null;
  prev_overdue_amount: Money | null;
  /** /people/<id>/ or /teams/<id>/ */
  link: string;
}

/** The customer's own fields on customer_page and customer_latest: dim_customer with its owner's name and team. */
interface CustomerColumns {
  customer_id: string;
  customer_name: string;
  customer_type: string | null;
  credit_limit: Money | null;
  credit_days: number;
  region: string | null;
  owner_id: string | null;
  owner_name: string | null;
  owner_team_id: string | null;
  owner_team_name: string | null;
}

/** One customer page: kind 'month' rows (mart_ar_metrics) and kind 'item' rows (open items at the latest month end). */
export interface CustomerPage extends CustomerColumns {
  kind: 'month' | 'item';
  period_key: string;
  end_date: DateValue;
  /** month rows only (NULL on item rows) */
  sales: Money | null;
  collections: Money | null;
  writeoffs: Money | null;
  ar_balance: Money | null;
  overdue_amount: Money | null;
  overdue_rate: number | null;
  dso: number | null;
  cei: number | null;
  unapplied_amount: Money | null;
  /** item rows only (NULL on month rows) */
  invoice_id: string | null;
  invoice_date: DateValue | null;
  due_date: DateValue | null;
  deferred_until: DateValue | null;
  amount: Money | null;
  open_amount: Money | null;
  days_overdue: number | null;
  aging_label: string | null;
  age_label: string | null;
  person_id: string | null;
  person_name: string | null;
}

/** The documents behind a customer page: its open invoices' histories and its recent receipts' applications. */
export interface CustomerTrail {
  customer_id: string;
  section: 'invoice' | 'receipt';
  doc_id: string;
  doc_date: DateValue;
  doc_amount: Money;
  /** invoice rows only */
  due_date: DateValue | null;
  /** invoice rows only: the open amount at the latest month end */
  doc_open_amount: Money | null;
  event_order: number;
  event_date: DateValue;
  event: '开票' | '收款核销' | '红字冲销' | '坏账核销' | '月末未收' | '收款' | '核销' | '未核销';
  counterpart_id: string | null;
  rule: string | null;
  amount: Money | null;
  /** 月末未收 rows only */
  open_amount: Money | null;
  /** all documents of the section for the customer; at most 50 are listed */
  section_docs: number;
  /** open amount of the unlisted invoices, or amount of the unlisted receipts (0 when all are listed) */
  section_rest_amount: Money;
}

/** mart_ar_metrics of teams and persons by month, with the previous month's values (prev_*). */
export interface UnitMonthMetrics {
  level: 'team' | 'person';
  unit_id: string;
  unit_name: string;
  period_key: string;
  end_date: DateValue;
  sales: Money;
  collections: Money;
  writeoffs: Money;
  ar_balance: Money;
  overdue_amount: Money;
  current_amount: Money;
  unapplied_amount: Money;
  collection_target: Money | null;
  collection_rate_target: number | null;
  sales_collection_rate: number | null;
  overdue_rate: number | null;
  dso: number | null;
  cei: number | null;
  customers_open: number;
  customers_overdue: number;
  open_items: number;
  prev_ar_balance: Money | null;
  prev_overdue_amount: Money | null;
  prev_collections: Money | null;
  prev_collection_rate_target: number | null;
  prev_overdue_rate: number | null;
  prev_dso: number | null;
}

/** mart_scores of the month, quarter and year ending at the last month end, with the policy's name. */
export interface UnitScoresLatest extends MartScores {
  policy_name: string;
  policy_order: number;
}

/** The company's aging at each month end, both bases, every bucket with its label. */
export interface ReportAging {
  period_key: string;
  as_of: DateValue;
  basis: 'due' | 'age';
  bucket: string;
  bucket_order: number;
  bucket_label: string;
  bucket_group: string;
  amount: Money;
  items: number;
}

/** Customers whose AR exceeds their credit limit at a month end. */
export interface ReportOverLimit {
  period_key: string;
  customer_id: string;
  customer_name: string;
  customer_type: string | null;
  /** NULL: not set */
  credit_limit: Money | null;
  /** over: AR above a limit above 0; zero: AR on a limit of 0 (款到发货, no credit); not_set: AR, no limit */
  limit_kind: 'over' | 'zero' | 'not_set';
  limit_kind_label: string;
  limit_kind_order: number;
  ar_balance: Money;
  /** ar_balance − credit_limit; NULL when no limit is set */
  excess: Money | null;
  overdue_amount: Money;
  /** the customer's page when it has one (customer_latest.link) */
  link: string | null;
}

/**
 * The 季度经验交流会's 回款之星 of each quarter, chosen from the collection_task quarterly person league by the
 * policy's meeting_star_* parameters, and the top-ranked persons that bar kept out (transforms/publish/meeting_stars.sql).
 */
export interface MeetingStars {
  period_key: string;
  /** 1 … meeting_star_count; NULL for a person kept out */
  star_rank: number | null;
  rank: number;
  unit_id: string;
  unit_name: string;
  team_id: string | null;
  team_name: string | null;
  grade: string | null;
  total_score: number | null;
  max_score: number | null;
  bonus_points: number;
  collection_rate_target: number | null;
  collections: Money | null;
  collection_target: Money | null;
  cei: number | null;
  dso: number | null;
  prev_dso: number | null;
  /** dso − prev_dso */
  dso_change: number | null;
  prev_overdue_amount: Money | null;
  overdue_amount: Money | null;
  /** prev_overdue_amount − overdue_amount, a missing balance as 0 */
  overdue_reduction: Money;
  eligible: boolean;
  /** 逾期余额上升 / DSO 变长 / both; NULL for a star */
  exclusion: string | null;
  link: string;
}

/** Open items at least 90 days overdue at each month end. */
export interface ReportOverdueItems {
  period_key: string;
  as_of: DateValue;
  invoice_id: string;
  customer_id: string;
  customer_name: string;
  person_id: string | null;
  person_name: string | null;
  team_id: string | null;
  due_date: DateValue;
  days_overdue: number;
  open_amount: Money;
  /** the customer's page when it has one (customer_latest.link) */
  customer_link: string | null;
  person_link: string | null;
}

/** The 10 customers with the largest overdue amount at each month end. */
export interface ReportTopOverdue {
  period_key: string;
  /** 1 … 10 (row_number: BIGINT) */
  rank: bigint;
  customer_id: string;
  customer_name: string;
  customer_type: string | null;
  team_name: string | null;
  overdue_amount: Money;
  ar_balance: Money;
  overdue_rate: number | null;
  credit_limit: Money | null;
  /** the customer's page when it has one (customer_latest.link) */
  link: string | null;
}

/** The columns both aging page tables share: total, the due-date buckets d_*, the invoice-date buckets over 1 year. NULL = an empty bucket. */
interface AgingPageColumns {
  total: Money;
  d_not_due: Money | null;
  d_1_30: Money | null;
  d_31_60: Money | null;
  d_61_90: Money | null;
  d_91_180: Money | null;
  d_181_365: Money | null;
  d_365p: Money | null;
  a_1_2y: Money | null;
  a_2_3y: Money | null;
  a_3yp: Money | null;
}

/** mart_aging_wide at month ends for each team's 10 customers with the largest open balance. */
export interface AgingCustomerTop extends AgingPageColumns {
  period_key: string;
  customer_id: string;
  customer_name: string;
  /** the owner's team */
  team_id: string | null;
  /** a_0_30 + … + a_181_365 (一年以内) */
  a_1y: Money | null;
  /** the customer's page when it has one (customer_latest.link) */
  link: string | null;
}

/** mart_aging_wide at month ends for teams and persons. */
export interface AgingUnitMonth extends AgingPageColumns {
  period_key: string;
  level: 'team' | 'person';
  unit_id: string;
  team_id: string | null;
  a_0_30: Money | null;
  a_31_60: Money | null;
  a_61_90: Money | null;
  a_91_180: Money | null;
  a_181_365: Money | null;
}

/** The latest month's mart_ar_metrics on customer_latest and person_latest: NULL when the unit has no row then. */
interface LatestMonthColumns {
  period_key: string | null;
  end_date: DateValue | null;
  ar_balance: Money | null;
  overdue_amount: Money | null;
  overdue_rate: number | null;
  collections: Money | null;
  /** the unit's page (a customer's only when it has one: customer_latest.has_page) */
  link: string | null;
}

/** Every customer with its owner and its metrics of the latest month. */
export interface CustomerLatest extends CustomerColumns, LatestMonthColumns {
  sales: Money | null;
  open_items: number | null;
  /** a page of its own: a balance at the latest month end, or documents in the 12 months up to it */
  has_page: boolean;
}

/** The customer index's search (shipped to the browser): what the index lists of customer_latest. */
export interface CustomerSearch {
  customer_id: string;
  customer_name: string;
  customer_type: string | null;
  region: string | null;
  owner_name: string | null;
  owner_team_name: string | null;
  ar_balance: Money | null;
  overdue_amount: Money | null;
  /** the customer's page when it has one (customer_latest.link) */
  link: string | null;
}

/** Every person with the metrics and the collection_task place of the latest month. */
export interface PersonLatest extends LatestMonthColumns {
  person_id: string;
  person_name: string;
  role: string | null;
  team_id: string;
  team_name: string;
  manager_id: string | null;
  region: string | null;
  collection_target: Money | null;
  collection_rate_target: number | null;
  dso: number | null;
  rank: number | null;
  team_rank: number | null;
  grade: string | null;
  total_score: number | null;
}

/** A collector's items to act on at the latest month end (≤ 200 per person). */
export interface WorklistItem {
  as_of: DateValue;
  period_key: string;
  person_id: string;
  person_name: string | null;
  team_id: string | null;
  team_name: string | null;
  invoice_id: string;
  customer_id: string;
  customer_name: string | null;
  customer_link: string | null;
  invoice_date: DateValue;
  due_date: DateValue;
  deferred_until: DateValue | null;
  open_amount: Money;
  days_past_due: number;
  level: number;
  level_name: string;
  action: string;
  role: string;
  responsible_id: string | null;
  responsible_name: string | null;
  base_level: number;
  escalation_reason: string | null;
  /** the customer's latest contact about this invoice or its balance, on or before the month end */
  last_contact_date: DateValue | null;
  last_contact_action: string | null;
  last_contact_result: string | null;
  last_contact_person_name: string | null;
  /** the earliest open promise about this invoice or the balance */
  open_promise_date: DateValue | null;
  open_promise_amount: Money | null;
  /** promises not kept in full in the escalation window, and what they left unpaid */
  unkept_promises: number;
  unkept_promise_shortfall: Money;
  row_in_person: number;
  person_items: number;
  person_rest_amount: Money;
}

/** Items to act on at the latest month end by team and dunning level. */
export interface WorklistLevelSummary {
  as_of: DateValue;
  period_key: string;
  team_id: string;
  team_name: string;
  level: number;
  level_name: string;
  action: string;
  role: string;
  items: number;
  customers: number;
  open_amount: Money;
}

/** One row per collector with items to act on at the latest month end. */
export interface WorklistPerson {
  as_of: DateValue;
  period_key: string;
  person_id: string;
  person_name: string | null;
  team_id: string | null;
  team_name: string | null;
  items: number;
  customers: number;
  open_amount: Money;
  escalated_items: number;
  escalated_amount: Money;
  max_level: number;
  max_level_name: string;
  /** items whose customer was contacted about them or its balance in the month */
  contacted_items: number;
  contacts_in_month: number;
  open_promises: number;
  open_promise_amount: Money;
  unkept_promise_shortfall: Money;
  link: string;
}

/** A customer's statement of account for the latest month: opening, the month's documents, closing. */
/** The customer page's credit grade history (issue 18): mart_customer_credit of the last 12 month ends. */
export interface CustomerCreditPage extends Omit<MartCustomerCredit, 'score'> {
  /** mart_customer_credit.score as DOUBLE */
  score: number;
  /** 1 = the latest month end */
  row_in_customer: number;
}

/**
 * The customer page's contacts and promises (issue 18): the customer's latest 10 contacts, each with its promise
 * judged (fct_promise), and the customer's counts over the whole log.
 */
export interface CustomerContactPage {
  customer_id: string;
  contact_id: string;
  contact_date: DateValue;
  invoice_id: string | null;
  person_id: string;
  person_name: string | null;
  action: string;
  result: string | null;
  note: string | null;
  promise_date: DateValue | null;
  promise_amount: Money | null;
  paid_amount: Money | null;
  shortfall: Money | null;
  status: string | null;
  status_name: string | null;
  /** 1 = the latest contact */
  row_in_customer: number;
  customer_contacts: number;
  customer_promises: number;
  promises_kept: number;
  promises_partly_kept: number;
  promises_broken: number;
  promises_open: number;
}

export interface StatementLine {
  period_key: string;
  as_of: DateValue;
  customer_id: string;
  customer_name: string;
  owner_id: string | null;
  owner_name: string | null;
  owner_team_id: string | null;
  owner_team_name: string | null;
  /** 0 opening, 1 … n documents, n + 1 closing */
  line_no: number;
  doc_date: DateValue;
  /** 期初余额 | 销售发票 | 红字发票 | 收款 | 退款 | 坏账核销 | 汇兑差额 | 期末余额 */
  kind: string;
  doc_id: string | null;
  due_date: DateValue | null;
  /** what the line adds to the balance; NULL on the balance lines */
  amount: Money | null;
  /** running balance: AR − unapplied cash */
  balance: Money;
}

/** fct_open_item at the latest month end with names and bucket labels. */
export interface OpenItemLatest extends FctOpenItem {
  customer_name: string | null;
  /** customer_latest.link: the customer's page, NULL when it has none */
  customer_link: string | null;
  person_name: string | null;
  team_name: string | null;
  aging_label: string | null;
  age_label: string | null;
}

// ───────────── data dictionary (transforms/dictionary.ts, after the publish stage) ─────────────

/** One row per table of CONTRACT_TABLES and PUBLISH_TABLES. */
export interface DictTable {
  table_name: string;
  table_order: number;
  layer: string;
  grain: string | null;
  /** in Chinese (transforms/dictionary-zh.ts) */
  grain_zh: string | null;
  description_zh: string | null;
  defined_in: string;
}

/** The 数据字典 page: one row per column of every dict_table table, its comment split into label and description. */
export interface DataDictionary {
  table_order: number;
  table_name: string;
  layer: string;
  grain: string | null;
  /** in Chinese (transforms/dictionary-zh.ts) */
  grain_zh: string | null;
  description_zh: string | null;
  defined_in: string;
  table_label: string;
  table_description: string | null;
  column_index: number;
  column_name: string;
  data_type: string;
  /** what a page sees: DOUBLE, TIMESTAMP, BOOLEAN or VARCHAR */
  page_type: string;
  column_label: string;
  column_description: string | null;
}

export interface Database {
  stg_customers: StgCustomers;
  stg_people: StgPeople;
  stg_invoices: StgInvoices;
  stg_receipts: StgReceipts;
  stg_targets: StgTargets;
  stg_writeoffs: StgWriteoffs;
  stg_kpi_inputs: StgKpiInputs;
  stg_collection_log: StgCollectionLog;
  stg_payment_schedule: StgPaymentSchedule;
  stg_assignments: StgAssignments;
  load_audit: LoadAudit;
  load_rejects: LoadRejects;
  dim_customer: DimCustomer;
  dim_person: DimPerson;
  dim_person_assignment: DimPersonAssignment;
  dim_team: DimTeam;
  dim_period: DimPeriod;
  dim_aging_bucket: DimAgingBucket;
  fct_invoice: FctInvoice;
  fct_receipt: FctReceipt;
  fct_application: FctApplication;
  fct_writeoff: FctWriteoff;
  fct_open_item: FctOpenItem;
  fct_unapplied: FctUnapplied;
  fct_fx_difference: FctFxDifference;
  fct_ar_transfer: FctArTransfer;
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
  load_fingerprint: LoadFingerprint;
  closed_periods: ClosedPeriods;
  closed_adjustments: ClosedAdjustments;
  closed_adjustment_documents: ClosedAdjustmentDocuments;
  /** today's mart_scores rows of the closed periods (mart_scores holds their frozen rows) */
  closed_recomputed_scores: MartScores;
  /** today's mart_league rows of the closed periods (mart_league holds their frozen rows) */
  closed_recomputed_league: MartLeague;
  policy_catalog: PolicyCatalog;
  policy_parameters: PolicyParameters;
  dim_dunning_level: DimDunningLevel;
  mart_dunning: MartDunning;
  fct_collection_contact: FctCollectionContact;
  fct_promise: FctPromise;
  dim_credit_grade: DimCreditGrade;
  mart_customer_credit: MartCustomerCredit;
  league_board: LeagueBoard;
  meeting_stars: MeetingStars;
  customer_page: CustomerPage;
  customer_trail: CustomerTrail;
  unit_month_metrics: UnitMonthMetrics;
  unit_scores_latest: UnitScoresLatest;
  report_aging: ReportAging;
  report_over_limit: ReportOverLimit;
  report_overdue_items: ReportOverdueItems;
  report_top_overdue: ReportTopOverdue;
  aging_customer_top: AgingCustomerTop;
  aging_unit_month: AgingUnitMonth;
  customer_latest: CustomerLatest;
  customer_search: CustomerSearch;
  person_latest: PersonLatest;
  open_item_latest: OpenItemLatest;
  worklist_item: WorklistItem;
  worklist_level_summary: WorklistLevelSummary;
  worklist_person: WorklistPerson;
  statement_line: StatementLine;
  customer_credit_page: CustomerCreditPage;
  customer_contact_page: CustomerContactPage;
  /** mart_ar_metrics, level company and team */
  ar_metrics_summary: MartArMetrics;
  dict_table: DictTable;
  data_dictionary: DataDictionary;
}

/**
 * The tables analysts query (docs/architecture.md, The warehouse contract): the model's dimensions, facts and
 * marts, dim_aging_bucket (the Chinese labels and order of the aging buckets), the scores and the rules tables
 * of docs/policies.md (policy_catalog, policy_parameters: the rules page lists every parameter). Written by the load, model and policy stages.
 */
export const CONTRACT_TABLES = [
  'dim_customer',
  'dim_person',
  'dim_person_assignment',
  'dim_team',
  'dim_period',
  'dim_aging_bucket',
  'fct_invoice',
  'fct_receipt',
  'fct_application',
  'fct_writeoff',
  'fct_open_item',
  'fct_unapplied',
  'fct_fx_difference',
  'fct_ar_transfer',
  'mart_ar_metrics',
  'mart_aging',
  'mart_aging_wide',
  'mart_scores',
  'mart_league',
  'load_audit',
  'load_rejects',
  'policy_catalog',
  'policy_parameters',
  // the collection cycle (issue 18): the dunning levels and every open item's level (a view over fct_open_item)
  'dim_dunning_level',
  'mart_dunning',
  // the collection log's contacts and the promises judged against the receipts
  'fct_collection_contact',
  'fct_promise',
  // the customers' credit grades and the blacklist (policies/credit.yaml)
  'dim_credit_grade',
  'mart_customer_credit',
  // the closes of periods (issue 19): the league page marks a closed period 已结账 with its date
  'closed_periods',
] as const satisfies readonly (keyof Database)[];

/**
 * The page-shaped tables of the publish stage: one `transforms/publish/<name>.sql` each (run after the
 * policies). Kept apart from CONTRACT_TABLES because they are not the contract's: they exist for the site's own
 * pages, and may change with them. The data dictionary lists them after the contract tables.
 */
export const PUBLISH_TABLES = [
  'league_board',
  'meeting_stars',
  'unit_month_metrics',
  'unit_scores_latest',
  'customer_page',
  'customer_trail',
  'customer_latest',
  'customer_search',
  'person_latest',
  'open_item_latest',
  'report_aging',
  'report_top_overdue',
  'report_over_limit',
  'report_overdue_items',
  'aging_unit_month',
  'aging_customer_top',
  'ar_metrics_summary',
  'worklist_item',
  'worklist_level_summary',
  'worklist_person',
  'statement_line',
  'customer_credit_page',
  'customer_contact_page',
] as const satisfies readonly (keyof Database)[];

/**
 * Every table the site reads: `sources/warehouse/<name>.sql` is exactly `select * from <name>` for each of
 * them and for nothing else (test/site/sources.test.ts), so a page's `warehouse.<name>` is the warehouse
 * table <name>. The contract and publish tables, and data_dictionary (written last, by
 * transforms/dictionary.ts, from the comments of the others).
 */
export const SITE_TABLES = [...CONTRACT_TABLES, ...PUBLISH_TABLES, 'data_dictionary'] as const satisfies readonly (keyof Database)[];

export type SiteTable = (typeof SITE_TABLES)[number];

// ───────────────────────────── keys: each table's grain as columns ─────────────────────────────

/** A key column of table T; `name?` where the column may be NULL in some rows (NULL then counts as a value). */
export type KeyColumn<T extends SiteTable> = (keyof Database[T] & string) | `${keyof Database[T] & string}?`;

/**
 * Each table's key: the columns that identify one of its rows, i.e. its `-- Grain:` as columns. Unique in every
 * warehouse and never NULL but where marked `?` (test/model/keys.test.ts, on the sample and the IBM export,
 * with the relationships of REFERENCED_BY_COLUMN). Typed: renaming a key column breaks `tsc`.
 */
export const TABLE_KEY: { [T in SiteTable]: readonly KeyColumn<T>[] } = {
  dim_customer: ['customer_id'],
  dim_person: ['person_id'],
  dim_person_assignment: ['person_id', 'valid_from?'],
  dim_team: ['team_id'],
  dim_period: ['period_key'],
  dim_aging_bucket: ['basis', 'bucket'],
  fct_invoice: ['invoice_id'],
  fct_receipt: ['receipt_id'],
  fct_application: ['source_type', 'source_id', 'invoice_id', 'rule'],
  fct_writeoff: ['writeoff_id', 'invoice_id?'],
  fct_open_item: ['as_of', 'invoice_id', 'due_date'],
  fct_unapplied: ['as_of', 'customer_id'],
  fct_fx_difference: ['receipt_id', 'invoice_id'],
  fct_ar_transfer: ['invoice_id', 'transfer_date'],
  mart_ar_metrics: ['period_key', 'level', 'unit_id'],
  mart_aging: ['period_key', 'level', 'unit_id', 'basis', 'bucket'],
  mart_aging_wide: ['period_key', 'level', 'unit_id'],
  mart_scores: ['period_key', 'policy', 'level', 'unit_id', 'item_order'],
  mart_league: ['period_key', 'policy', 'level', 'unit_id'],
  load_audit: ['file', 'entity'],
  load_rejects: ['file', 'line?', 'column?', 'reason'],
  policy_catalog: ['policy'],
  policy_parameters: ['policy', 'parameter'],
  dim_dunning_level: ['policy', 'level'],
  mart_dunning: ['as_of', 'invoice_id', 'due_date'],
  closed_periods: ['period_key'],
  league_board: ['period_key', 'policy', 'level', 'unit_id'],
  meeting_stars: ['period_key', 'unit_id'],
  unit_month_metrics: ['level', 'unit_id', 'period_key'],
  unit_scores_latest: ['level', 'unit_id', 'grain', 'policy', 'item_order'],
  customer_page: ['customer_id', 'kind', 'period_key', 'invoice_id?', 'due_date?'],
  customer_trail: ['customer_id', 'section', 'doc_id', 'event_order'],
  customer_latest: ['customer_id'],
  customer_search: ['customer_id'],
  person_latest: ['person_id'],
  open_item_latest: ['invoice_id', 'due_date'],
  report_aging: ['period_key', 'basis', 'bucket'],
  report_top_overdue: ['period_key', 'rank'],
  report_over_limit: ['period_key', 'customer_id'],
  report_overdue_items: ['period_key', 'invoice_id', 'due_date'],
  aging_unit_month: ['period_key', 'level', 'unit_id'],
  aging_customer_top: ['period_key', 'customer_id'],
  ar_metrics_summary: ['period_key', 'level', 'unit_id'],
  worklist_item: ['person_id', 'invoice_id', 'due_date'],
  worklist_level_summary: ['team_id', 'level'],
  worklist_person: ['person_id'],
  statement_line: ['customer_id', 'line_no'],
  fct_collection_contact: ['contact_id'],
  fct_promise: ['contact_id'],
  dim_credit_grade: ['policy', 'grade'],
  mart_customer_credit: ['as_of', 'customer_id'],
  customer_credit_page: ['customer_id', 'as_of'],
  customer_contact_page: ['customer_id', 'contact_id'],
  data_dictionary: ['table_name', 'column_name?'],
};

/**
 * The contract tables stored in no particular order (issue 21 items 3 and 6: the same input gives the same rows, and
 * the same order only where the contract names one). These are the document tables, the largest the model writes —
 * at 10 M invoices fct_open_item 25 M rows, fct_application 14 M, fct_invoice 10 M, fct_receipt 9 M, fct_collection_contact
 * 10 M — and their final ORDER BY was 17, 8, 5, 2.5 and 2.3 s of the model there (docs/performance.md). Every other dim_/fct_/mart_ table keeps
 * its ORDER BY on its key; a reader of these orders what it reads (test/model/invariants.test.ts compares their
 * content, both ways).
 */
export const UNORDERED_TABLES = ['fct_invoice', 'fct_receipt', 'fct_application', 'fct_open_item', 'fct_collection_contact'] as const satisfies readonly (typeof CONTRACT_TABLES)[number][];

/**
 * SQL: up to five keys of `table` that more than one row has (each with its count n); no row when its key is
 * unique. The one statement of the uniqueness check: test/model/keys.test.ts runs it on the sample and the IBM
 * export, `npm run bench` on every size it builds (a key that repeats only at millions of rows is still caught).
 */
export function repeatedKeysSql(table: SiteTable): string {
  const names = (TABLE_KEY[table] as readonly string[]).map((c) => `"${c.replace(/\?$/, '')}"`);
  return `SELECT ${names.join(', ')}, count(*) AS n FROM ${table} GROUP BY ALL HAVING count(*) > 1 LIMIT 5`;
}

/**
 * Relationships, by column name: wherever a site table has one of these columns, each non-NULL value is a key of
 * the dimension or fact named (test/model/keys.test.ts). `unit_id` is checked by its row's `level`.
 */
export const REFERENCED_BY_COLUMN = {
  customer_id: ['dim_customer', 'customer_id'],
  person_id: ['dim_person', 'person_id'],
  owner_id: ['dim_person', 'person_id'],
  manager_id: ['dim_person', 'person_id'],
  director_id: ['dim_person', 'person_id'],
  responsible_id: ['dim_person', 'person_id'],
  team_id: ['dim_team', 'team_id'],
  owner_team_id: ['dim_team', 'team_id'],
  invoice_id: ['fct_invoice', 'invoice_id'],
  receipt_id: ['fct_receipt', 'receipt_id'],
  period_key: ['dim_period', 'period_key'],
} as const satisfies Record<string, readonly [SiteTable, string]>;

// ───────────────────────────── what the site may publish, and to whom ─────────────────────────────

/**
 * Pay: salaries, salary deductions and refunds, commissions, rewards and penalties in money, bad-debt
 * compensation — for management, HR and finance only. Declared here, once, at the data: the default site
 * (audience `sales`, the whole sales organisation) is built from a site database made without these columns
 * and rows (transforms/publish/site-database.ts), so they reach no source, no prerendered result and no page;
 * the management site (`--audience management`) keeps them.
 * - `columns`: dropped from the table;
 * - `rows`: an SQL condition over the table's own columns (and the warehouse's tables), true for a row that is
 *   pay as a whole: a money item (an amount and no points), or any row of a money-only policy (score_basis
 *   'amount': ar_total, commission, overdue_ratio_salary, whose every result is money).
 * The data dictionary's rows describing a pay column are dropped with it.
 */
const MONEY_ONLY_POLICY = `policy IN (SELECT policy FROM policy_catalog WHERE score_basis = 'amount')`;
const MONEY_ITEM = `(points IS NULL AND amount IS NOT NULL)`;
export const PAY_DATA: { [T in SiteTable]?: { columns?: (keyof Database[T] & string)[]; rows?: string } } = {
  dim_person: { columns: ['monthly_salary'] },
  mart_scores: { columns: ['amount'], rows: `${MONEY_ITEM} OR ${MONEY_ONLY_POLICY}` },
  mart_league: { rows: MONEY_ONLY_POLICY },
  league_board: { rows: MONEY_ONLY_POLICY },
  unit_scores_latest: { columns: ['amount'], rows: `${MONEY_ITEM} OR ${MONEY_ONLY_POLICY}` },
};

/**
 * How each table the pages can query grows, which decides whether the browser may download it. The site
 * ships only the tables that a query re-run by an input (`${inputs.…}`) names; every other query is run
 * while the site is built, against the site database, and only its result is shipped. A table that grows with
 * documents (invoices, receipts, applications, month-end open items) or with customers × periods must never
 * be shipped: `npm run check-pages` and the build refuse an input-driven query that names one.
 * - 'documents': one row per document or per document and month end;
 * - 'customer_periods': customers × periods (× buckets);
 * - 'unit_periods': teams and people × periods, or a bounded top-N per team and period;
 * - 'units': one row per customer, person or team;
 * - 'reference': a fixed, small list (periods, buckets, policies, the load's files).
 */
export type TableScale = 'documents' | 'customer_periods' | 'unit_periods' | 'units' | 'reference';
export const SHIPPABLE_SCALES: readonly TableScale[] = ['unit_periods', 'units', 'reference'];
/** A shippable table above this many rows is refused too (a page's data should stay within ≈ 2 MB). */
export const SHIPPABLE_MAX_ROWS = 100_000;

export const TABLE_SCALE: Record<SiteTable, TableScale> = {
  dim_customer: 'units',
  dim_person: 'units',
  dim_person_assignment: 'units',
  dim_team: 'units',
  dim_period: 'reference',
  dim_aging_bucket: 'reference',
  fct_invoice: 'documents',
  fct_receipt: 'documents',
  fct_application: 'documents',
  fct_writeoff: 'documents',
  fct_open_item: 'documents',
  fct_unapplied: 'documents',
  fct_fx_difference: 'documents',
  fct_ar_transfer: 'documents',
  mart_ar_metrics: 'customer_periods',
  mart_aging: 'customer_periods',
  mart_aging_wide: 'customer_periods',
  mart_scores: 'unit_periods',
  mart_league: 'unit_periods',
  load_audit: 'reference',
  load_rejects: 'documents',
  policy_catalog: 'reference',
  policy_parameters: 'reference',
  closed_periods: 'reference',
  dim_dunning_level: 'reference',
  mart_dunning: 'documents',
  fct_collection_contact: 'documents',
  fct_promise: 'documents',
  dim_credit_grade: 'reference',
  mart_customer_credit: 'customer_periods',
  data_dictionary: 'reference',
  // the publish stage's page-shaped tables
  aging_customer_top: 'unit_periods',
  aging_unit_month: 'unit_periods',
  ar_metrics_summary: 'unit_periods',
  customer_latest: 'units',
  customer_search: 'units',
  customer_page: 'customer_periods',
  customer_trail: 'documents',
  league_board: 'unit_periods',
  meeting_stars: 'unit_periods',
  open_item_latest: 'documents',
  person_latest: 'units',
  report_aging: 'unit_periods',
  report_over_limit: 'customer_periods',
  report_overdue_items: 'documents',
  report_top_overdue: 'unit_periods',
  unit_month_metrics: 'unit_periods',
  unit_scores_latest: 'unit_periods',
  worklist_item: 'documents',
  worklist_level_summary: 'unit_periods',
  worklist_person: 'units',
  statement_line: 'documents',
  customer_credit_page: 'customer_periods',
  customer_contact_page: 'documents',
};

/** PAY_DATA of a table named at run time (a source file's name): its pay columns and the condition of its pay rows. */
export function payDataOf(table: string): { columns: string[]; rows?: string } {
  const declared = (PAY_DATA as Record<string, { columns?: string[]; rows?: string } | undefined>)[table];
  return { columns: declared?.columns ?? [], rows: declared?.rows };
}

/** TABLE_SCALE of a table named at run time; undefined for a table the contract does not know. */
export function tableScale(table: string): TableScale | undefined {
  return (TABLE_SCALE as Record<string, TableScale | undefined>)[table];
}
