/**
 * The shared validator: interprets an EntityDef as set-based SQL over the raw tables of its files.
 *
 *   raw tables ──▶ ld_t (typed: raw text + parsed value per column, source line, scan faults)
 *              ──▶ ld_rej (row faults: scan, required, parse, rules, checks; then duplicates; then references)
 *              ──▶ stg_<entity> (every row without a fault), load_audit, load_rejects
 *
 * No statement loops over rows in JavaScript; each phase is one INSERT … SELECT.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, queryRows } from '../db.js';
import { toDecimal } from '../money.js';
import { RecordFault } from './csv-scan.js';
import { rawColumn, type Source } from './reader.js';
import { ident, parseExpr, sqlString, sqlType } from './sql.js';
import type { ColumnDef, EntityDef, GroupTotal, LoadFileSummary, Reference } from './types.js';
import { ENTITIES } from './entities/index.js';

/** Temp tables of one entity's load. */
const T = 'ld_t';
/** subtotal and total rows (小计/合计/总计) taken out of ld_t */
const TOTALS = 'ld_totals';
const REJ = 'ld_rej';
const BAD = 'ld_bad';
/** keys of rejected rows of every loaded entity, to explain a reference to them */
const REJECTED_KEYS = 'ld_rejected_keys';

/** CREATE statements for the stg table of an entity. */
export function stgTableSql(entity: EntityDef): string {
  const cols = [
    ...entity.columns.map((c) => `${ident(c.stgName ?? c.name)} ${sqlType(c.type)}`),
    ...(entity.derived ?? []).map((d) => `${ident(d.name)} ${d.sqlType}`),
    'source_file VARCHAR',
    'source_line INTEGER',
  ];
  return `CREATE OR REPLACE TABLE ${entity.table} (${cols.join(', ')});`;
}

export const LOAD_TABLES_SQL = `
CREATE OR REPLACE TABLE load_audit (file VARCHAR, entity VARCHAR, rows_read INTEGER, rows_loaded INTEGER, rows_rejected INTEGER,
  amount_read DECIMAL(18,2), amount_loaded DECIMAL(18,2), rows_blank INTEGER, format VARCHAR, encoding VARCHAR, lines INTEGER,
  sheet VARCHAR, header_line INTEGER, preamble VARCHAR, total_rows INTEGER, amount_total DECIMAL(18,2), total_line INTEGER,
  loaded_at TIMESTAMP);
CREATE OR REPLACE TABLE load_rejects (file VARCHAR, entity VARCHAR, line INTEGER, "column" VARCHAR, value VARCHAR, reason VARCHAR,
  source_column VARCHAR, severity VARCHAR);
CREATE OR REPLACE TEMP TABLE ${REJECTED_KEYS} (entity VARCHAR, key VARCHAR);
`;

interface Ctx {
  conn: DuckDBConnection;
  entity: EntityDef;
  sources: Source[];
  /** raw table name per source */
  raw: string[];
  /** extra enum spellings from mapping.yaml, per column */
  values: Map<string, Record<string, string>>;
  /** rows in ld_rej so far */
  rejected: number;
}

const textCol = (c: ColumnDef) => c.type === 'text';
/** name of the raw-text column in ld_t (text columns are their own raw text) */
const rawOf = (c: ColumnDef) => (textCol(c) ? c.name : `${c.name}__raw`);
/** name of the trimmed text while ld_t is built */
const textOf = (c: ColumnDef) => (textCol(c) ? c.name : `${c.name}__text`);
const describe = (c: ColumnDef) => (c.label ? `${c.name} (${c.label})` : c.name);

/** `CASE _f WHEN 0 THEN 'invoices.csv' … END` */
function fileNameExpr(ctx: Ctx, f = '_f'): string {
  return `CASE ${f} ${ctx.sources.map((s, i) => `WHEN ${i} THEN ${sqlString(s.file)}`).join(' ')} END`;
}

/** The header a canonical column was read from in each file (for load_rejects.source_column). */
function sourceColumnExpr(ctx: Ctx, column: string | null): string {
  if (!column) return 'NULL';
  const whens = ctx.sources
    .flatMap((s, i) => (s.match.columns.has(column) ? [`WHEN ${i} THEN ${sqlString(s.header[s.match.columns.get(column)!])}`] : []))
    .join(' ');
  return whens ? `CASE _f ${whens} END` : 'NULL';
}

/**
 * A subtotal or total row of a list report: a label (小计, 合计, 总计, 本页合计, 客户小计, 上海宏达 小计, Total …) in
 * some cell, and the key and required date columns empty (or holding the label itself: the label cell,
 * or a label merged over them). Kingdee and Yonyou list reports add them when saved with their totals.
 */
export const TOTAL_LABEL = /^.{0,40}?(小计|合计|总计|sub-?total|total)\s*[:：]?\s*$/i;

/**
 * The subtotal and total rows of each source, found in two steps so that a million clean rows cost one
 * vectorised filter: SQL returns the few records whose required date columns (an entity without one: whose
 * key columns) are empty or could hold a label; JavaScript tests the label (TOTAL_LABEL) on their cells.
 * A total row: some cell is a label, and each key and required date column is empty or holds a label
 * (the label cell itself, or a label merged over it). Fills `${raw}_tot (rec, label)` where there are any.
 */
async function findTotals(ctx: Ctx): Promise<boolean[]> {
  const { entity } = ctx;
  const found: boolean[] = [];
  for (const [i, src] of ctx.sources.entries()) {
    const raw = (names: string[]) => names.map((n) => src.rawIndex.get(n)).filter((k): k is number => k !== undefined);
    const dateNames = entity.columns.filter((c) => c.required && c.type === 'date').map((c) => c.name);
    const dates = raw(dateNames);
    const keys = raw([...new Set([...(entity.key ?? []), ...dateNames])]);
    found.push(false);
    if (keys.length === 0) continue;
    const col = (k: number) => `r.${rawColumn(k)}`;
    const empty = (k: number) => `(${col(k)} IS NULL OR trim(${col(k)}) = '')`;
    const cheap = dates.length
      ? dates.map(empty).join(' AND ')
      : keys.map((k) => `(${empty(k)} OR contains(${col(k)}, '计') OR contains(lower(${col(k)}), 'total'))`).join(' AND ');
    const dataCols = Array.from({ length: src.width }, (_, k) => k).filter((k) => !(src.lineColumn && k === 0));
    const rows = await queryRows<{ rec: bigint; cells: { items: Array<string | null> } }>(
      ctx.conn,
      `SELECT r.rowid AS rec, [${dataCols.map(col).join(', ')}] AS cells FROM ${ident(ctx.raw[i])} r WHERE ${cheap}`,
    );
    const isLabel = (v: string | null | undefined) => v != null && TOTAL_LABEL.test(v.trim());
    const totals: Array<[bigint, string]> = [];
    for (const { rec, cells: list } of rows) {
      const cells = list.items;
      const at = (k: number) => cells[dataCols.indexOf(k)];
      if (!keys.every((k) => (at(k) ?? '').trim() === '' || isLabel(at(k)))) continue;
      const label = cells.find(isLabel);
      if (label) totals.push([rec, label.trim()]);
    }
    if (totals.length === 0) continue;
    found[i] = true;
    await exec(
      ctx.conn,
      `CREATE OR REPLACE TEMP TABLE ${ident(`${ctx.raw[i]}_tot`)} AS SELECT * FROM (VALUES ${totals.map(([rec, label]) => `(${rec}, ${sqlString(label)})`).join(', ')}) t(rec, label)`,
    );
  }
  return found;
}

/**
 * ld_t: one row per non-blank record of every file: the typed value of every column and, for a value
 * that did not parse or breaks a rule, its text as given (`<column>__raw`, NULL on good rows so that
 * a million clean rows do not carry a second copy of their text).
 */
async function buildTyped(ctx: Ctx): Promise<void> {
  const { entity } = ctx;
  const hasTotals = await findTotals(ctx);
  const parts = ctx.sources.map((src, i) => {
    const r = ctx.raw[i];
    const dataCols = Array.from({ length: src.width }, (_, k) => k).filter((k) => !(src.lineColumn && k === 0));
    const hasBreaks = src.breaks.length > 0;
    const hasExc = src.exceptions.length > 0;
    // records with no value are skipped; the scan names the few that may be such (XLSX: check all)
    // a file whose scan saw no value beginning or ending with a space-like character reads its text as it is
    const cell = (k: number) => (src.edgeSpace ? `ld_text(r.${rawColumn(k)})` : `nullif(r.${rawColumn(k)}, '')`);
    const blank = dataCols.map((k) => `${cell(k)} IS NULL`).join(' AND ');
    const mayBeBlank = src.exceptions.some((v, j) => j % 3 === 2 && (v & RecordFault.MaybeBlank) !== 0);
    const where = src.lineColumn ? `WHERE NOT (${blank})` : mayBeBlank ? `WHERE CASE WHEN (e.fault & ${RecordFault.MaybeBlank}) <> 0 THEN NOT (${blank}) ELSE true END` : '';
    const line = src.lineColumn ? `CAST(r.c0 AS INTEGER)` : `CAST(r.rowid + ${src.headerLines + 1}${hasBreaks ? ' + coalesce(b.off, 0)' : ''} AS INTEGER)`;
    const hw = src.headerWidth;
    const scan = hasExc
      ? `CASE WHEN (e.fault & ${RecordFault.UnterminatedQuote}) <> 0 THEN 'unterminated quoted field: the line is truncated'
              WHEN e.fields < ${src.namedWidth} THEN 'line has ' || e.fields || ' of ${hw} fields: truncated line?'
              WHEN e.fields > ${hw} THEN 'line has ' || e.fields || ' fields but the header has ${hw}: an unquoted comma, e.g. in 1,234.50?'
         END`
      : 'NULL';
    const scanValue = hasExc
      ? `CASE WHEN e.rec IS NOT NULL THEN left(array_to_string(list_slice([${dataCols.map((k) => `coalesce(r.${rawColumn(k)}, '')`).join(', ')}], 1, e.fields), ${sqlString(src.delimiter)}), 500) END`
      : 'NULL';
    const cols = entity.columns.map((c) => {
      const k = src.rawIndex.get(c.name);
      return `${k === undefined ? 'NULL::VARCHAR' : cell(k)} AS ${ident(textOf(c))}`;
    });
    return `SELECT ${i} AS _f, r.rowid AS _rec, ${line} AS _line, ${scan} AS _scan, ${scanValue} AS _scan_value, ${hasTotals[i] ? 'tot.label' : 'NULL::VARCHAR'} AS _total, ${cols.join(', ')}
      FROM ${ident(r)} r
      ${hasBreaks ? `ASOF LEFT JOIN ${ident(`${r}_brk`)} b ON r.rowid >= b.rec` : ''}
      ${hasExc ? `LEFT JOIN ${ident(`${r}_exc`)} e ON e.rec = r.rowid` : ''}
      ${hasTotals[i] ? `LEFT JOIN ${ident(`${r}_tot`)} tot ON tot.rec = r.rowid` : ''}
      ${where}`;
  });
  const typed = entity.columns.filter((c) => !textCol(c));
  const parsed = typed.map((c) => {
    const text = ident(textOf(c));
    const parsedValue = parseExpr(c.type, text, { ...(c.values ?? {}), ...(ctx.values.get(c.name) ?? {}) });
    return `${text}, ${c.fallback ? `coalesce(${parsedValue}, ${c.fallback})` : parsedValue} AS ${ident(c.name)}`;
  });
  const kept = typed.map((c) => {
    const bad = `${ident(c.name)} IS NULL${c.min !== undefined ? ` OR ${ident(c.name)} < ${c.min}` : ''}`;
    return `${ident(c.name)}, CASE WHEN ${bad} THEN ${ident(textOf(c))} END AS ${ident(rawOf(c))}`;
  });
  const text = entity.columns.filter(textCol).map((c) => ident(c.name));
  const amount = entity.amountColumn ? ident(entity.amountColumn) : 'NULL::DECIMAL(18,2)';
  await exec(
    ctx.conn,
    `CREATE OR REPLACE TEMP TABLE ${T} AS
     SELECT _f, _rec, _line, _scan, _scan_value, _total, ${[...text, ...kept].join(', ')}
     FROM (SELECT *, ${parsed.join(', ')} FROM (${parts.join('\nUNION ALL\n')}));
     CREATE OR REPLACE TEMP TABLE ${TOTALS} AS SELECT _f, _line, _total, ${amount} AS amount, ${entity.amountColumn ? ident(rawOfName(entity, entity.amountColumn)) : 'NULL'} AS amount_text FROM ${T} WHERE _total IS NOT NULL;
     ${hasTotals.some(Boolean) ? `DELETE FROM ${T} WHERE _total IS NOT NULL;` : ''}
     CREATE OR REPLACE TEMP TABLE ${REJ} (_f INTEGER, _rec BIGINT, _line INTEGER, col VARCHAR, val VARCHAR, reason VARCHAR, seq INTEGER, severity VARCHAR);
     CREATE OR REPLACE TEMP TABLE ${BAD} (_f INTEGER, _rec BIGINT);`,
  );
}

interface Fault {
  column: string | null;
  /** SQL condition over ld_t, true = this fault */
  when: string;
  /** SQL expression: the offending value */
  value: string;
  /** SQL expression: why */
  reason: string;
  /** warning: the row stays (the value is nulled or defaulted); default error */
  severity?: 'warning';
}

/** The row-local faults of an entity, in the order they are reported. */
function rowFaults(entity: EntityDef, values: Map<string, Record<string, string>> = new Map()): Fault[] {
  const faults: Fault[] = [];
  for (const c of entity.columns) {
    const raw = ident(rawOf(c));
    const col = ident(c.name);
    if (c.required) {
      faults.push({ column: c.name, when: `${col} IS NULL AND ${raw} IS NULL`, value: 'NULL', reason: sqlString(`missing required value: ${describe(c)}`) });
    }
    const warn = warnsAlone(c) ? ({ severity: 'warning' } as const) : {};
    const kept = warn.severity ? sqlString(c.default !== undefined ? `; ${c.default} used, the row kept` : '; left empty, the row kept') : null;
    if (!textCol(c)) {
      const reason = parseFault(c, raw, values);
      faults.push({ column: c.name, when: `${col} IS NULL AND ${raw} IS NOT NULL`, value: raw, reason: kept ? `${reason} || ${kept}` : reason, ...warn });
    }
    if (c.min !== undefined) {
      const reason = sqlString(c.min === 0 ? `${describe(c)} must not be negative` : `${describe(c)} must be at least ${c.min}`);
      faults.push({ column: c.name, when: `${col} < ${c.min}`, value: raw, reason: kept ? `${reason} || ${kept}` : reason, ...warn });
    }
  }
  for (const check of entity.checks ?? []) {
    // a check on a typed value that parsed (a promise dated before its contact) names the parsed value: its raw text is kept only when it did not parse
    const col = check.column ? entity.columns.find((c) => c.name === check.column)! : null;
    const value = !col ? 'NULL' : textCol(col) ? ident(col.name) : `coalesce(${ident(rawOf(col))}, CAST(${ident(col.name)} AS VARCHAR))`;
    faults.push({ column: check.column, when: check.fault, value, reason: check.reason });
  }
  return faults;
}

/** An optional typed column whose bad value is a warning (nulled or defaulted), not a reject. */
const warnsAlone = (c: ColumnDef) => !c.required && !textCol(c) && c.onInvalid !== 'reject';

/** The value stored in stg: an optional value breaking its rule is nulled (then defaulted). */
function storedValue(c: ColumnDef): string {
  const col = ident(c.name);
  const valid = warnsAlone(c) && c.min !== undefined ? `CASE WHEN ${col} >= ${c.min} THEN ${col} END` : col;
  return c.default !== undefined ? `coalesce(${valid}, ${c.default})` : valid;
}

function rawOfName(entity: EntityDef, name: string): string {
  return rawOf(entity.columns.find((c) => c.name === name)!);
}

function parseFault(c: ColumnDef, raw: string, values: Map<string, Record<string, string>>): string {
  switch (c.type) {
    case 'money':
      return `${sqlString(`${describe(c)}: `)} || ld_money_fault(${raw})`;
    case 'date':
      return `${sqlString(`${describe(c)}: `)} || ld_date_fault(${raw})`;
    case 'int':
      return sqlString(`${describe(c)}: not a whole number`);
    case 'period':
      return sqlString(`${describe(c)}: bad period key; expected YYYY-MM, YYYY-Qn or YYYY (e.g. 2025-03, 2025-Q1, 2025)`);
    case 'rate':
      return sqlString(`${describe(c)}: not an exchange rate; expected a positive number with up to 6 decimals, e.g. 7.1234`);
    default: {
      const spellings = { ...(c.values ?? {}), ...(values.get(c.name) ?? {}) };
      const examples = Object.keys(spellings).filter((k) => /[^\x00-\x7f]/.test(k)).slice(0, 6);
      const accepted = [...new Set(Object.values(spellings))].join(', ');
      return sqlString(`${describe(c)}: unknown value; expected ${accepted} (e.g. ${examples.join(', ')}); map other spellings in mapping.yaml values:`);
    }
  }
}

/**
 * Append faults (each selected from its own relation) to ld_rej and refresh ld_bad; returns how many
 * were added. `prelude` runs first in the same round trip (small loads are dominated by round trips).
 */
async function addFaults(ctx: Ctx, items: Array<{ from: string; fault: Fault }>, seqBase: number, prelude = ''): Promise<number> {
  if (items.length === 0) return 0;
  const selects = items.map(
    ({ from, fault }, i) =>
      `SELECT _f, _rec, _line, ${fault.column ? sqlString(fault.column) : 'NULL'} AS col, ${fault.value} AS val, ${fault.reason} AS reason,
              ${seqBase + i} AS seq, ${sqlString(fault.severity ?? 'error')} AS severity
       FROM ${from} WHERE ${fault.when}`,
  );
  await exec(
    ctx.conn,
    `${prelude}
     INSERT INTO ${REJ} ${selects.join('\nUNION ALL\n')};
     CREATE OR REPLACE TEMP TABLE ${BAD} AS SELECT DISTINCT _f, _rec FROM ${REJ} WHERE severity = 'error';`,
  );
  const total = await count(ctx.conn, REJ);
  const added = total - ctx.rejected;
  ctx.rejected = total;
  return added;
}

/**
 * Row-local faults: one pass picks the suspect rows (any fault), usually few, and each fault is then
 * looked for among them only.
 */
async function addRowFaults(ctx: Ctx, faults: Fault[], seqBase: number): Promise<void> {
  const suspects = `CREATE OR REPLACE TEMP TABLE ld_sus AS SELECT * FROM ${CANDIDATES} WHERE ${faults.map((f) => `(${f.when})`).join(' OR ')};`;
  await addFaults(ctx, faults.map((fault) => ({ from: 'ld_sus', fault })), seqBase, suspects);
}

async function count(conn: DuckDBConnection, table: string): Promise<number> {
  const [{ n }] = await queryRows<{ n: bigint }>(conn, `SELECT count(*) AS n FROM ${table}`);
  return Number(n);
}

/** Rows of ld_t not (yet) rejected. */
const CANDIDATES = `(SELECT t.* FROM ${T} t ANTI JOIN ${BAD} b ON b._f = t._f AND b._rec = t._rec)`;

/** Duplicate keys among the candidates: the first occurrence (file order, then line) stays. */
function duplicateFault(ctx: Ctx): { from: string; fault: Fault } | null {
  const key = ctx.entity.key;
  if (!key) return null;
  const cols = key.map(ident);
  const same = key.map((k) => `c.${ident(k)} IS NOT DISTINCT FROM d.${ident(k)}`).join(' AND ');
  const from = `(SELECT c.*, row_number() OVER w AS _n, first_value(c._f) OVER w AS _first_f, first_value(c._line) OVER w AS _first_line
      FROM ${CANDIDATES} c
      SEMI JOIN (SELECT ${cols.join(', ')} FROM ${CANDIDATES} GROUP BY ALL HAVING count(*) > 1) d ON ${same}
      WINDOW w AS (PARTITION BY ${key.map((k) => `c.${ident(k)}`).join(', ')} ORDER BY c._f, c._rec))`;
  const name = key.length === 1 ? key[0] : `(${key.join(', ')})`;
  const value = key.length === 1 ? ident(key[0]) : `concat_ws(' / ', ${key.map(ident).join(', ')})`;
  return {
    from,
    fault: {
      column: key.length === 1 ? key[0] : null,
      when: '_n > 1',
      value,
      reason: `${sqlString(`duplicate ${name}: first at `)} || ${fileNameExpr(ctx, '_first_f')} || ' line ' || _first_line`,
    },
  };
}

/** A reference fault: the candidate names a row that is not loaded (or belongs to someone else). */
function referenceFault(ctx: Ctx, ref: Reference): { from: string; fault: Fault } {
  const self = ref.entity === ctx.entity.name;
  const matchCols = Object.entries(ref.match ?? {});
  const targetCols = [ref.key, ...matchCols.map(([, theirs]) => theirs)];
  const target = self
    ? `(SELECT ${targetCols.map(ident).join(', ')} FROM ${CANDIDATES})`
    : `(SELECT ${ref.unique ? '' : 'DISTINCT '}${targetCols.map(ident).join(', ')} FROM ${entityTable(ref.entity)})`;
  const col = ident(ref.column);
  const mismatch = matchCols.map(([mine, theirs]) => `p.${ident(theirs)} IS DISTINCT FROM c.${ident(mine)}`).join(' OR ');
  const candidates = `(SELECT * FROM ${CANDIDATES} WHERE ${col} IS NOT NULL${ref.when ? ` AND (${ref.when})` : ''})`;
  const names = ref.byName && !self ? namesTable(ref) : null;
  const from = `(SELECT c.*, p.${ident(ref.key)} IS NOT NULL AS _found${matchCols.map(([, theirs], i) => `, p.${ident(theirs)} AS _their_${i}`).join('')}${names ? ', n.reason AS _name_reason' : ''}
      FROM ${candidates} c LEFT JOIN ${target} p ON p.${ident(ref.key)} = c.${col}${names ? ` LEFT JOIN ${names} n ON n.v = c.${col}` : ''}
      WHERE p.${ident(ref.key)} IS NULL${mismatch ? ` OR ${mismatch}` : ''})`;
  const rejectedKeys = self
    ? `(SELECT t.${ident(ref.key)} FROM ${T} t SEMI JOIN ${BAD} b ON b._f = t._f AND b._rec = t._rec)`
    : `(SELECT key FROM ${REJECTED_KEYS} WHERE entity = ${sqlString(ref.entity)})`;
  const mismatchReason = matchCols
    .map(([mine, theirs], i) => `WHEN _their_${i} IS DISTINCT FROM ${ident(mine)} THEN ${sqlString(`${ref.column} `)} || ${col} || ${sqlString(` belongs to ${theirs} `)} || coalesce(_their_${i}, 'NULL') || ${sqlString(`, not `)} || ${ident(mine)}`)
    .join(' ');
  const reason = `CASE WHEN NOT _found AND ${col} IN ${rejectedKeys} THEN ${sqlString(`${ref.column} `)} || ${col} || ${sqlString(` was itself rejected (see the ${ref.entity} rejects)`)}
                      ${names ? 'WHEN NOT _found AND _name_reason IS NOT NULL THEN _name_reason' : ''}
                      WHEN NOT _found THEN ${sqlString(ref.what)} ${mismatchReason} END`;
  return { from, fault: { column: ref.column, when: 'true', value: col, reason } };
}

/**
 * The rows on a cycle of a self-reference: a walk from each row along the reference that comes back
 * to where it started. A walk stops at a row it has passed, so a row leading into a cycle ends too.
 */
function cycleFault(ref: Reference): { from: string; fault: Fault } {
  const key = ident(ref.key);
  const col = ident(ref.column);
  const from = `(WITH RECURSIVE c AS (SELECT * FROM ${CANDIDATES} WHERE ${col} IS NOT NULL),
      walk(start, cur, path) AS (
        SELECT ${key}, ${col}, [${key}] FROM c
        UNION ALL
        SELECT w.start, c.${col}, list_append(w.path, c.${key}) FROM walk w JOIN c ON c.${key} = w.cur
        WHERE w.cur <> w.start AND NOT list_contains(w.path, w.cur))
      SELECT c.*, w.path AS _cycle FROM c JOIN walk w ON w.start = c.${key} AND w.cur = w.start)`;
  return {
    from,
    fault: {
      column: ref.column,
      when: 'true',
      value: col,
      reason: `${sqlString(`${ref.column} forms a cycle: `)} || array_to_string(list_append(_cycle, ${key}), ' → ') || ${sqlString(` (no one can be above themselves); fix ${ref.column}`)}`,
    },
  };
}

/**
 * A group whose rows do not add up to what they must (an invoice's instalments to the invoice): every row of
 * it, with both sums. Only rows without another fault count, so a group with a rejected row is rejected whole.
 */
function groupTotalFault(ctx: Ctx, g: GroupTotal): { from: string; fault: Fault } {
  const by = ident(g.by);
  const amount = ident(ctx.entity.amountColumn!);
  const from = `(SELECT c.*, s._group_sum, p._group_total
      FROM ${CANDIDATES} c
      JOIN (SELECT ${by}, sum(${amount}) AS _group_sum FROM ${CANDIDATES} GROUP BY ALL) s ON s.${by} = c.${by}
      JOIN (SELECT ${ident(g.key)} AS _k, ${g.total} AS _group_total FROM ${entityTable(g.entity)}) p ON p._k = c.${by}
      WHERE p._group_total IS DISTINCT FROM s._group_sum)`;
  const reason = `${sqlString(`${g.by} `)} || ${by} || ': its rows add up to ' || CAST(_group_sum AS VARCHAR) || ${sqlString(`, not ${g.what} `)}
      || coalesce(CAST(_group_total AS VARCHAR), 'none') || ${sqlString('; every row of it is rejected')}`;
  return { from, fault: { column: ctx.entity.amountColumn!, when: 'true', value: `coalesce(${ident(rawOfName(ctx.entity, ctx.entity.amountColumn!))}, CAST(${amount} AS VARCHAR))`, reason } };
}

const namesTable = (ref: Reference) => ident(`ld_names_${ref.column}`);

/** Text compared as a name: no spaces, full-width forms and case folded. */
const nameKey = (x: string) =>
  `lower(regexp_replace(translate(${x}, '（）：　', '():'), '\\s+', '', 'g'))`;

/**
 * Exports often name the customer or the salesperson instead of giving the code: "上海宏达", or code and
 * name in one cell, "C001 上海宏达". Every value of the column that is no loaded key is looked up:
 * code + name (the name must be that code's), else the name alone (one match); what resolves is
 * replaced by the code in ld_t, what does not gets its reason with the candidates
 * (ld_names_<column>: the reference fault uses it). Returns how many values were resolved.
 */
async function resolveNames(ctx: Ctx, ref: Reference): Promise<number> {
  const col = ident(ref.column);
  const key = ident(ref.key);
  const name = ident(ref.byName!);
  const table = namesTable(ref);
  const target = `(SELECT ${key} AS k, ${name} AS name, ${nameKey(name)} AS nk FROM ${entityTable(ref.entity)})`;
  const split = String.raw`^(\S+?)[\s:：/|]+(\S.*)$`;
  const what = ref.entity === 'customers' ? 'customer' : 'person';
  const list = (x: string) => `array_to_string(list_sort(list_distinct(${x}))[1:5], ', ')`;
  await exec(
    ctx.conn,
    `CREATE OR REPLACE TEMP TABLE ${table} AS
     WITH given AS (
       SELECT DISTINCT ${col} AS v FROM ${T} WHERE ${col} IS NOT NULL AND ${col} NOT IN (SELECT ${key} FROM ${entityTable(ref.entity)})
     ), parts AS (
       SELECT v, ${nameKey('v')} AS vk, nullif(regexp_extract(v, '${split}', 1), '') AS code, ${nameKey(`nullif(regexp_extract(v, '${split}', 2), '')`)} AS rest FROM given
     ), by_code AS (
       SELECT p.v, t.k, t.name, t.nk = p.rest AS agrees FROM parts p JOIN ${target} t ON t.k = p.code
     ), by_name AS (
       SELECT p.v, count(DISTINCT t.k) AS n, min(t.k) AS k, list(t.k || ' ' || t.name ORDER BY t.k) AS cands
       FROM parts p JOIN ${target} t ON t.nk = p.vk GROUP BY p.v
     ), near AS (
       SELECT p.v, list(t.k || ' ' || t.name ORDER BY length(t.name), t.k) AS cands
       FROM parts p JOIN ${target} t ON length(p.vk) >= 2 AND (contains(t.nk, p.vk) OR contains(p.vk, t.nk) OR (p.rest IS NOT NULL AND contains(t.nk, p.rest)))
       GROUP BY p.v
     )
     SELECT g.v,
       CASE WHEN c.agrees THEN c.k WHEN c.k IS NULL AND b.n = 1 THEN b.k END AS k,
       CASE WHEN c.k IS NOT NULL AND NOT c.agrees THEN ${sqlString(`${what} `)} || c.k || ' is ' || c.name || ${sqlString(', not the name given with it')}
            WHEN c.k IS NULL AND b.n > 1 THEN ${sqlString(`ambiguous ${what} name: `)} || b.n || ' match (' || ${list('b.cands')} || ${sqlString('); give the code')}
            WHEN c.k IS NULL AND b.n IS NULL THEN ${sqlString(`unknown ${what} (neither a code nor a name of the loaded ${ref.entity})`)}
                 || coalesce(${sqlString('; candidates: ')} || ${list('m.cands')}, '') END AS reason
     FROM given g LEFT JOIN by_code c ON c.v = g.v LEFT JOIN by_name b ON b.v = g.v LEFT JOIN near m ON m.v = g.v;
     UPDATE ${T} SET ${col} = n.k FROM ${table} n WHERE ${T}.${col} = n.v AND n.k IS NOT NULL;`,
  );
  const [{ n }] = await queryRows<{ n: bigint }>(ctx.conn, `SELECT count(*) AS n FROM ${table} WHERE k IS NOT NULL`);
  return Number(n);
}

function entityTable(name: string): string {
  return ENTITIES.find((e) => e.name === name)!.table;
}

/** Run every phase for one entity; fills its stg table, load_audit and load_rejects. */
export async function validateEntity(
  conn: DuckDBConnection,
  entity: EntityDef,
  sources: Source[],
  raw: string[],
  values: Map<string, Record<string, string>>,
): Promise<LoadFileSummary[]> {
  const ctx: Ctx = { conn, entity, sources, raw, values, rejected: 0 };
  const resolved: Record<string, number> = {};
  await buildTyped(ctx);
  // the raw text tables are read once, into ld_t: dropped now, not after the checks, so that at 10 M rows the
  // checks and the stg insert do not share DuckDB's memory with a VARCHAR copy of the whole file
  for (const t of raw) await exec(conn, `DROP TABLE ${ident(t)}; DROP TABLE ${ident(`${t}_brk`)}; DROP TABLE ${ident(`${t}_exc`)}; DROP TABLE IF EXISTS ${ident(`${t}_tot`)};`);

  // 1. scan faults, then the row-local faults of rows that were read cleanly
  if (sources.some((s) => s.exceptions.length)) {
    await addFaults(ctx, [{ from: T, fault: { column: null, when: '_scan IS NOT NULL', value: '_scan_value', reason: '_scan' } }], 0);
  }
  await addRowFaults(ctx, rowFaults(entity, values), 1);
  // 2. duplicates among rows that are otherwise fine
  const dup = duplicateFault(ctx);
  if (dup) await addFaults(ctx, [dup], 500);
  // 3. references to other entities, all reported; then self-references until nothing changes
  //    (rejecting a manager can orphan the people under them)
  // customers and people given by name (or "code name") become their codes first
  for (const ref of entity.refs ?? []) {
    if (ref.byName && ref.entity !== entity.name) resolved[ref.column] = await resolveNames(ctx, ref);
  }
  const refs = (entity.refs ?? []).map((ref) => ({ ref, ...referenceFault(ctx, ref) }));
  const outer = refs.filter((r) => r.ref.entity !== entity.name);
  await addFaults(ctx, outer, 600);
  const selfRefs = refs.filter((r) => r.ref.entity === entity.name);
  const settle = async () => {
    for (let round = 0; selfRefs.length && round < 100; round++) {
      if ((await addFaults(ctx, selfRefs, 700)) === 0) break;
    }
  };
  await settle();
  // 4. cycles of a self-reference (A → B → A, A → A): everyone on one; then those under them
  const cycles = (entity.refs ?? []).filter((r) => r.acyclic).map((ref) => cycleFault(ref));
  if (cycles.length && (await addFaults(ctx, cycles, 800)) > 0) await settle();
  // 5. groups that must add up (an invoice's instalments), over the rows left
  if (entity.groupTotal) await addFaults(ctx, [groupTotalFault(ctx, entity.groupTotal)], 900);

  const k = entity.key?.length === 1 ? ident(entity.key[0]) : null;
  await exec(
    conn,
    `${k ? `INSERT INTO ${REJECTED_KEYS} SELECT DISTINCT ${sqlString(entity.name)}, t.${k} FROM ${T} t SEMI JOIN ${BAD} b ON b._f = t._f AND b._rec = t._rec WHERE t.${k} IS NOT NULL;` : ''}
     INSERT INTO load_rejects SELECT ${fileNameExpr(ctx)}, ${sqlString(entity.name)}, _line, col, val, reason,
       CASE ${entity.columns.map((c) => `WHEN col = ${sqlString(c.name)} THEN ${sourceColumnExpr(ctx, c.name)}`).join(' ')} END, severity
     FROM ${REJ} ORDER BY _f, _line, seq, col;`,
  );
  const summaries = await audit(ctx);
  // last: it takes the rejected rows out of ld_t, which the rejected keys and the audit count
  await insertStg(ctx);
  for (const ref of entity.refs ?? []) if (ref.byName && ref.entity !== entity.name) await exec(conn, `DROP TABLE IF EXISTS ${namesTable(ref)}`);
  for (const s of summaries) s.namesResolved = resolved;
  await exec(conn, `DROP TABLE IF EXISTS ${T}; DROP TABLE IF EXISTS ${TOTALS}; DROP TABLE IF EXISTS ${REJ}; DROP TABLE IF EXISTS ${BAD}; DROP TABLE IF EXISTS ld_sus;`);
  return summaries;
}

async function insertStg(ctx: Ctx): Promise<void> {
  const { entity } = ctx;
  const cols = [
    ...entity.columns.map((c) => [c.stgName ?? c.name, storedValue(c)]),
    ...(entity.derived ?? []).map((d) => [d.name, d.expr]),
    ['source_file', fileNameExpr(ctx)],
    ['source_line', '_line'],
  ];
  // The stg tables promise no row order (readers order by their keys, and ld_t's joins need not keep the file's):
  // the rejected rows are deleted from ld_t before one scan of it, not joined away and every row sorted back into
  // file order (1 M invoices with one duplicate: this statement 642 -> 487 ms)
  await exec(
    ctx.conn,
    `${ctx.rejected === 0 ? '' : `DELETE FROM ${T} t USING ${BAD} b WHERE b._f = t._f AND b._rec = t._rec;`}
     INSERT INTO ${entity.table} (${cols.map(([n]) => ident(n)).join(', ')})
     SELECT ${cols.map(([, e]) => e).join(', ')} FROM ${T}`,
  );
}

async function audit(ctx: Ctx): Promise<LoadFileSummary[]> {
  const { entity } = ctx;
  // the amount as stored: a negative optional amount (a credit limit) is a warning and stored as NULL
  const amountCol = entity.columns.find((c) => c.name === entity.amountColumn);
  const amount = amountCol ? ident(amountCol.name) : 'NULL::DECIMAL(18,2)';
  const stored = amountCol ? storedValue(amountCol) : amount;
  // a line with the wrong field count has its values in the wrong columns: its "amount" is not one
  const rows = await queryRows<{ f: number; rows_read: bigint; rows_rejected: bigint; amount_read: unknown; amount_loaded: unknown }>(
    ctx.conn,
    `SELECT t._f AS f, count(*) AS rows_read, count(b._rec) AS rows_rejected,
            CAST(sum(${amount}) FILTER (WHERE _scan IS NULL) AS DECIMAL(18,2)) AS amount_read,
            CAST(coalesce(sum(${stored}) FILTER (WHERE b._rec IS NULL), ${entity.amountColumn ? '0' : 'NULL'}) AS DECIMAL(18,2)) AS amount_loaded
     FROM ${T} t LEFT JOIN ${BAD} b ON b._f = t._f AND b._rec = t._rec GROUP BY t._f`,
  );
  const byFile = new Map(rows.map((r) => [Number(r.f), r]));
  // the file's grand total: its last 合计/总计 row (a 小计 or 本页合计 is a part of it)
  const grand = `FILTER (WHERE NOT regexp_matches(_total, '小计|本页|[Ss]ub'))`;
  const totals = await queryRows<{ f: number; n: bigint; line: number | null; label: string | null; amount: unknown; amount_text: string | null }>(
    ctx.conn,
    `SELECT _f AS f, count(*) AS n, max(_line) ${grand} AS line, arg_max(_total, _line) ${grand} AS label,
            arg_max(amount, _line) ${grand} AS amount, arg_max(amount_text, _line) ${grand} AS amount_text
     FROM ${TOTALS} GROUP BY _f`,
  );
  const totalOf = new Map(totals.map((t) => [Number(t.f), t]));
  const summaries = ctx.sources.map((src, i): LoadFileSummary => {
    const r = byFile.get(i);
    const read = Number(r?.rows_read ?? 0);
    const rejected = Number(r?.rows_rejected ?? 0);
    const zero = entity.amountColumn ? toDecimal('0') : null;
    const t = totalOf.get(i);
    return {
      file: src.file,
      entity: entity.name,
      format: src.format,
      encoding: src.encoding,
      rowsRead: read,
      rowsLoaded: read - rejected,
      rowsRejected: rejected,
      rowsBlank: src.records - read - Number(t?.n ?? 0),
      lines: src.lines,
      amountRead: r ? toDecimal(r.amount_read) ?? zero : zero,
      amountLoaded: r ? toDecimal(r.amount_loaded) ?? zero : zero,
      columns: Object.fromEntries([...src.match.columns].map(([name, k]) => [name, src.header[k]])),
      ignoredColumns: src.match.ignored,
      sheet: src.sheet,
      headerLine: src.headerLine,
      preamble: src.preamble,
      totalRows: Number(t?.n ?? 0),
      amountTotal: entity.amountColumn && t?.line != null ? toDecimal(t.amount) : null,
      totalLine: t?.line ?? null,
    };
  });
  // the file's own total must equal what was read from it, to the cent: a row lost in the export, a
  // total over another filter, or a row this loader took for data or total wrongly, shows here
  for (const [i, s] of summaries.entries()) {
    const t = totalOf.get(i);
    if (!entity.amountColumn || t?.line == null) continue;
    const col = entity.columns.find((c) => c.name === entity.amountColumn)!;
    const read = s.amountRead ?? toDecimal('0')!;
    let reason: string | null = null;
    if (s.amountTotal === null || s.amountTotal === undefined) {
      reason = `the file's total row (${t.label}) has no amount that parses (${JSON.stringify(t.amount_text ?? '')}); its rows were not checked against it`;
    } else if (!s.amountTotal.eq(read)) {
      reason = `the file's total (${t.label}) is ${s.amountTotal.toFixed(2)} but its rows (loaded + rejected) sum to ${read.toFixed(2)}: a difference of ${s.amountTotal.minus(read).toFixed(2)}`;
    }
    if (!reason) continue;
    s.totalMismatch = `${s.file}: ${reason}`;
    const header = ctx.sources[i].match.columns.has(col.name) ? ctx.sources[i].header[ctx.sources[i].match.columns.get(col.name)!] : col.name;
    await exec(
      ctx.conn,
      `INSERT INTO load_rejects VALUES (${sqlString(s.file)}, ${sqlString(entity.name)}, ${t.line}, ${sqlString(col.name)},
        ${sqlString(t.amount_text ?? s.amountTotal?.toFixed(2) ?? '')}, ${sqlString(reason)}, ${sqlString(header)}, 'warning')`,
    );
  }
  for (const s of summaries) await insertAudit(ctx.conn, s);
  return summaries;
}

/** One load_audit row (also used for absent and empty files). */
export async function insertAudit(conn: DuckDBConnection, s: LoadFileSummary): Promise<void> {
  const money = (d: { toFixed(n: number): string } | null) => (d ? `${d.toFixed(2)}::DECIMAL(18,2)` : 'NULL');
  await exec(
    conn,
    `INSERT INTO load_audit VALUES (${sqlString(s.file)}, ${s.entity ? sqlString(s.entity) : 'NULL'}, ${s.rowsRead}, ${s.rowsLoaded}, ${s.rowsRejected},
      ${money(s.amountRead)}, ${money(s.amountLoaded)}, ${s.rowsBlank}, ${sqlString(s.format)}, ${s.encoding ? sqlString(s.encoding) : 'NULL'},
      ${s.lines ?? 'NULL'}, ${s.sheet ? sqlString(s.sheet) : 'NULL'}, ${s.headerLine ?? 'NULL'}, ${s.preamble?.length ? sqlString(s.preamble.join('\n')) : 'NULL'},
      ${s.totalRows ?? 0}, ${money(s.amountTotal ?? null)}, ${s.totalLine ?? 'NULL'}, CAST(get_current_timestamp() AT TIME ZONE 'UTC' AS TIMESTAMP))`,
  );
}
