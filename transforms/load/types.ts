/**
 * Shared types of the loader: entity definitions are data (columns, aliases, types, rules) and one
 * reader/validator in this folder interprets them. Nothing here runs SQL.
 */
import type { Decimal } from 'decimal.js';
import type { LoadRejects } from '../warehouse.js';

export type EntityName = 'customers' | 'people' | 'invoices' | 'receipts' | 'targets' | 'writeoffs' | 'kpi_inputs' | 'collection_log' | 'payment_schedule' | 'assignments';

/** How a raw text value becomes a typed value (the SQL for each lives in sql.ts). */
export type ColumnType = 'text' | 'money' | 'date' | 'int' | 'enum' | 'period' | 'rate';

export interface ColumnDef {
  /** canonical name, as in the stg_* table unless `stgName` says otherwise */
  name: string;
  type: ColumnType;
  /** other headers meaning this column, most specific first: when two headers of one file match, the earlier alias wins */
  aliases: string[];
  /** the column must be present and every row must give a value */
  required?: boolean;
  /** rule: the parsed value must be ≥ min */
  min?: number;
  /** value used when the column is absent or the cell empty */
  default?: number;
  /** enum: accepted spellings (matched case-insensitively) → canonical value */
  values?: Record<string, string>;
  /** a required column that may be absent from the header when all these are there (its value then comes from `fallback`) */
  requiredUnless?: string[];
  /** SQL for the value when the cell is empty, over the parsed text of other columns (`<name>__text`) */
  fallback?: string;
  /**
   * a header of this column outranked by a more specific one goes to this column instead, when it is not
   * matched otherwise, in a file that has the `when` column: Kingdee's 价税合计 is the 原币 amount when
   * 价税合计本位币 and 币别 are beside it
   */
  outrankedTo?: { column: string; when: string };
  /** stg column name when it differs from the input name (period → period_key) */
  stgName?: string;
  /** what the column is called in messages, e.g. '客户编码' */
  label?: string;
  /**
   * An optional column's value that does not parse or breaks its rule is a warning by default: the
   * value is nulled (or defaulted), the row kept. 'reject' rejects the row instead, for a column whose
   * NULL would be a guess about the amount (a receipt's settlement method).
   */
  onInvalid?: 'warn' | 'reject';
}

/** A column of the stg table computed from typed input columns (SQL over them). */
export interface DerivedColumn {
  name: string;
  sqlType: string;
  /** SQL expression over the typed columns of the same row */
  expr: string;
}

/** A row rule beyond the per-column ones: `fault` is a SQL condition over typed columns, true = reject. */
export interface RowCheck {
  column: string | null;
  fault: string;
  /** SQL string expression for the reason (may mention columns) */
  reason: string;
}

/** A foreign key: a non-null `column` must name a loaded row of `entity`. */
export interface Reference {
  column: string;
  entity: EntityName;
  /** the referenced stg column */
  key: string;
  /** the referenced key is unique in its table (skips a DISTINCT) */
  unique?: boolean;
  /** only rows satisfying this SQL condition are checked */
  when?: string;
  /** the referenced row must also agree on these columns: own column → referenced column */
  match?: Record<string, string>;
  /** what a missing key is called in messages, e.g. 'unknown customer (客户)' */
  what: string;
  /** the referenced name column: a value that is no key may be a name, or "code name" (resolved to the code) */
  byName?: string;
  /** a self-reference that must not loop (A → B → A, or A → A): every row on a cycle is rejected */
  acyclic?: boolean;
}

/**
 * The rows of one group (same `by`) must add up to a column of the row they reference, e.g. an invoice's
 * instalments to the invoice: when they do not, every row of the group is rejected, naming both sums.
 */
export interface GroupTotal {
  /** the grouping column, a reference to `entity` */
  by: string;
  entity: EntityName;
  /** the referenced key column */
  key: string;
  /** SQL over the referenced stg table: what the group must add up to (NULL: the group may not exist) */
  total: string;
  /** what `total` is called in messages */
  what: string;
}

export interface EntityDef {
  name: EntityName;
  table: string;
  /** file base names (any case) that hold this entity, besides `name` itself */
  fileNames: string[];
  /** a required entity must have a non-empty file */
  required: boolean;
  /** columns forming the unique id (duplicates rejected, the first occurrence kept) */
  key?: string[];
  /** the column summed in load_audit */
  amountColumn?: string;
  columns: ColumnDef[];
  /** groups of columns of which at least one must be present in the header */
  anyOf?: string[][];
  derived?: DerivedColumn[];
  checks?: RowCheck[];
  refs?: Reference[];
  /** checked last, over the rows without any other fault; the entity's amountColumn is summed */
  groupTotal?: GroupTotal;
}

/** A fault that stops the load: the previous warehouse stays in place. */
export class StructuralFaultError extends Error {
  readonly file: string | null;
  readonly column: string | null;
  constructor(message: string, opts: { file?: string | null; column?: string | null } = {}) {
    super(message);
    this.name = 'StructuralFaultError';
    this.file = opts.file ?? null;
    this.column = opts.column ?? null;
  }
}

export interface LoadFileSummary {
  file: string;
  /** null for a skipped file (no entity of that name) */
  entity: EntityName | null;
  /** skipped: a file of the folder that is no entity's, listed so that every file is accounted for */
  format: 'csv' | 'xlsx' | 'absent' | 'skipped';
  encoding: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** records with no value at all, e.g. `,,,,` (skipped, not counted in rowsRead; empty lines are no records) */
  rowsBlank: number;
  /** CSV: the file's physical lines, whatever the quoting (header, records' lines, empty lines); else null */
  lines: number | null;
  amountRead: Decimal | null;
  amountLoaded: Decimal | null;
  /** canonical column → header it was read from */
  columns: Record<string, string>;
  /** headers not used: unknown, or a less specific alias of a column already matched */
  ignoredColumns: string[];
  /** XLSX: the worksheet read */
  sheet?: string | null;
  /** line (XLSX: sheet row) of the header's first row */
  headerLine?: number | null;
  /** report title and filter lines above the header (skipped) */
  preamble?: string[];
  /** subtotal / total rows excluded from the data */
  totalRows?: number;
  /** the file's own grand total (its last 合计/总计 row), when it has one */
  amountTotal?: Decimal | null;
  totalLine?: number | null;
  /** the file's total does not equal amount_read (or does not parse): the warning */
  totalMismatch?: string;
  /** per reference column: distinct names (or "code name" cells) resolved to a code, over the entity's files */
  namesResolved?: Record<string, number>;
}

export interface LoadSummary {
  dir: string;
  files: LoadFileSummary[];
  /** optional entities without a file (loaded as empty tables) */
  absent: EntityName[];
  /** files in the folder that are not an entity's file */
  unrecognisedFiles: string[];
  /** rows of load_rejects with severity 'error' (rows rejected for them) */
  rejectCount: number;
  /** rows of load_rejects with severity 'warning' (a value nulled or defaulted, the row loaded) */
  warningCount: number;
  /** the first 20 rows of load_rejects in load order, errors and warnings */
  firstRejects: LoadRejects[];
  warnings: string[];
}

export interface LoadOptions {
  onProgress?: (msg: string) => void;
  /** a required file with more than this share of its rows rejected stops the load (default 0.5; mapping.yaml max_reject_share) */
  maxRejectShare?: number;
  /** an ERP preset (transforms/load/presets): 'kingdee' or 'yonyou'; default: mapping.yaml preset:, else detected from the headers */
  preset?: string;
  /** where transcoded / converted copies of the input go (created and removed by the load); default a new folder in the system's temp folder */
  tmpDir?: string;
}
