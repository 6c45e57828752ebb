/**
 * The data dictionary, the last step of the transform (after the publish stage), writes two tables:
 *
 * - `dict_table`: one row per contract table (CONTRACT_TABLES) and publish table (PUBLISH_TABLES) with its
 *   layer and grain. The meaning of every table and column is already in the warehouse as
 *   `COMMENT ON TABLE/COLUMN` (each SQL folder's columns.yml, transforms/column-docs.ts); the grain is written as
 *   the `-- Grain:` line of each SQL file's header, and this step reads it from those files so it is written
 *   once. Tables built outside SQL files (the policy and load layers) have theirs below.
 * - `data_dictionary` (the 数据字典 page): dict_table joined to the warehouse's own catalog
 *   (duckdb_tables()/duckdb_columns()): one row per column, with its comment split into label and description.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { documentTables } from './column-docs.js';
import { readModelFiles } from './model/index.js';
import { readPublishFiles } from './publish/index.js';
import { CONTRACT_TABLES, PUBLISH_TABLES, type DictTable } from './warehouse.js';
import { TABLE_ZH } from './dictionary-zh.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Grains of the contract tables that no model SQL file builds. */
export const OTHER_GRAINS: Record<string, { grain: string; file: string }> = {
  mart_scores: { grain: '(period_key, policy, level, unit_id, item_order): one row per assessed item of a unit in a period', file: 'transforms/policies/write.ts' },
  mart_league: { grain: '(period_key, policy, level, unit_id): one row per unit ranked under a policy in a period', file: 'transforms/policies/write.ts' },
  policy_catalog: { grain: 'policy: one row per policy file in policies/', file: 'transforms/policies/write.ts' },
  policy_parameters: { grain: '(policy, parameter): one row per parameter of a policy', file: 'transforms/policies/write.ts' },
  load_audit: { grain: '(file, entity): one row per file of the ERP export; an absent optional file is file (absent) of its entity, with 0 rows', file: 'transforms/load' },
  load_rejects: { grain: '(file, line, column): one row per rejected value; column NULL for a fault of the whole line', file: 'transforms/load' },
  dim_dunning_level: { grain: '(policy, level): one row per dunning level of the dunning policy file', file: 'transforms/policies/dunning.ts' },
  mart_dunning: { grain: '(as_of, invoice_id, due_date), the open items of fct_open_item with an open amount > 0 that have reached level 1 (a view)', file: 'transforms/policies/mart_dunning.sql' },
  dim_credit_grade: { grain: '(policy, grade): one row per credit grade of the credit policy file', file: 'transforms/policies/credit.ts' },
  mart_customer_credit: { grain: '(as_of, customer_id): every customer with AR, or with receipts, broken promises or write-offs in the window, at every month end', file: 'transforms/policies/mart_customer_credit.sql' },
  closed_periods: { grain: 'period_key: one row per closed period (its current version; every version stays in closed/)', file: 'transforms/closing/adjustments.ts' },
};

const PUBLISH_LAYER = '页面 Publish';
const LAYERS: [RegExp, string][] = [
  [/^dim_/, '维度 Dimension'],
  [/^fct_/, '事实 Fact'],
  [/^mart_(scores|league)$/, '考核 Assessment'],
  [/^mart_/, '指标 Mart'],
  [/^policy_/, '考核规则 Policy'],
  [/^load_/, '装载 Load'],
  [/^closed_/, '结账 Closing'],
];

export function layerOf(table: string): string {
  if ((PUBLISH_TABLES as readonly string[]).includes(table)) return PUBLISH_LAYER;
  return LAYERS.find(([re]) => re.test(table))?.[1] ?? '其他 Other';
}

/**
 * The `-- Grain:` sentence of a model file's header: the text after `Grain:` up to the end of its first
 * sentence (a full stop outside parentheses), continuation comment lines joined.
 */
export function grainFromHeader(sql: string): string | null {
  const lines = sql.split('\n');
  const start = lines.findIndex((l) => /^--\s*Grain:/i.test(l));
  if (start === -1) return null;
  const parts = [lines[start].replace(/^--\s*Grain:\s*/i, '')];
  for (const line of lines.slice(start + 1)) {
    const m = /^--\s?(.*)$/.exec(line);
    if (!m || !m[1].trim()) break;
    parts.push(m[1].trim());
  }
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '.' && depth === 0 && (i === text.length - 1 || text[i + 1] === ' ')) return text.slice(0, i);
  }
  return text;
}

/** A dict_table row (the grain and the table's purpose in Chinese, dictionary-zh.ts, are what the 数据字典 page leads with). */
export type TableDoc = DictTable;

/** The tables the dictionary describes, in its order: the contract's, then the publish stage's. */
export const DICTIONARY_TABLES = [...CONTRACT_TABLES, ...PUBLISH_TABLES];

export function tableDocs(): TableDoc[] {
  const files = new Map([...readModelFiles(), ...readPublishFiles()].map((f) => [f.name, f]));
  return DICTIONARY_TABLES.map((table, i) => {
    const file = files.get(table);
    const other = OTHER_GRAINS[table];
    return {
      table_name: table,
      table_order: i + 1,
      layer: layerOf(table),
      grain: file ? grainFromHeader(file.sql) : (other?.grain ?? null),
      grain_zh: TABLE_ZH[table]?.grain ?? null,
      description_zh: TABLE_ZH[table]?.description ?? null,
      defined_in: file ? relative(ROOT, file.path) : (other?.file ?? ''),
    };
  });
}

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`);

/** (Re)write dict_table, then data_dictionary from it and the catalog, with their comments. */
export async function writeDictionary(conn: DuckDBConnection): Promise<void> {
  const rows = tableDocs()
    .map((d) => `(${[d.table_name, d.table_order, d.layer, d.grain, d.grain_zh, d.description_zh, d.defined_in].map(lit).join(', ')})`)
    .join(',\n  ');
  await conn.run(`
CREATE OR REPLACE TABLE dict_table (table_name VARCHAR, table_order INTEGER, layer VARCHAR, grain VARCHAR, grain_zh VARCHAR,
  description_zh VARCHAR, defined_in VARCHAR);
INSERT INTO dict_table VALUES
  ${rows};`);
  // dict_table's docs before data_dictionary reads the catalog (it lists dict_table's columns too)
  await documentTables(conn, ['dict_table']);
  await conn.run(DATA_DICTIONARY);
  await documentTables(conn, ['data_dictionary']);
}

/** Splits a '中文 / English' comment: the label before ' / ', the description after it. */
const label = (comment: string) => `coalesce(nullif(split_part(${comment}, ' / ', 1), ''), '（暂无说明）')`;
const description = (comment: string) =>
  `case when strpos(${comment}, ' / ') > 0 then substr(${comment}, strpos(${comment}, ' / ') + 3) else ${comment} end`;

/**
 * data_dictionary: one row per column of every dict_table table, read from the warehouse's own catalog
 * (current_database() is the warehouse being built). Meanings are the COMMENT ON TABLE/COLUMN of the
 * folders' columns.yml ('中文 / English', the English part with the formula for metrics, as docs/metrics.md states it).
 */
const DATA_DICTIONARY = `
CREATE OR REPLACE TABLE data_dictionary AS
SELECT
    d.table_order,
    d.table_name,
    d.layer,
    d.grain,
    d.grain_zh,
    d.description_zh,
    d.defined_in,
    ${label('t.comment')} AS table_label,
    ${description('t.comment')} AS table_description,
    c.column_index,
    c.column_name,
    c.data_type,
    -- what a page sees: Evidence turns every number into DOUBLE and every date into TIMESTAMP
    CASE
        WHEN c.data_type LIKE 'DECIMAL%' OR c.data_type IN ('DOUBLE', 'FLOAT', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT') THEN 'DOUBLE'
        WHEN c.data_type = 'DATE' OR c.data_type LIKE 'TIMESTAMP%' THEN 'TIMESTAMP'
        WHEN c.data_type = 'BOOLEAN' THEN 'BOOLEAN'
        ELSE 'VARCHAR'
    END AS page_type,
    ${label('c.comment')} AS column_label,
    ${description('c.comment')} AS column_description
FROM dict_table d
-- views too (mart_dunning): their comments are in duckdb_views()
LEFT JOIN (SELECT database_name, schema_name, table_name, comment FROM duckdb_tables()
           UNION ALL SELECT database_name, schema_name, view_name, comment FROM duckdb_views() WHERE NOT internal) t
    ON t.database_name = current_database() AND t.schema_name = 'main' AND t.table_name = d.table_name
LEFT JOIN duckdb_columns() c
    ON c.database_name = current_database() AND c.schema_name = 'main' AND c.table_name = d.table_name
ORDER BY d.table_order, c.column_index;
`;
