/**
 * The data dictionary's own table, `dict_table`: one row per contract table (CONTRACT_TABLES) with its
 * layer and grain. The meaning of every table and column is already in the warehouse as
 * `COMMENT ON TABLE/COLUMN` (written beside the model SQL); the grain is written there too, as the
 * `-- Grain:` line of each model file's header, and this step reads it from those files so it is
 * written once. Tables built outside transforms/model (the policy and load layers) have theirs below.
 * sources/warehouse/data_dictionary.sql joins dict_table to duckdb_tables()/duckdb_columns() for the
 * 数据字典 page.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readModelFiles } from './model/index.js';
import { CONTRACT_TABLES } from './warehouse.js';

/** Grains of the contract tables that no model SQL file builds. */
export const OTHER_GRAINS: Record<string, { grain: string; file: string }> = {
  mart_scores: { grain: '(period_key, policy, level, unit_id, item_order): one row per assessed item of a unit in a period', file: 'transforms/policies/write.ts' },
  mart_league: { grain: '(period_key, policy, level, unit_id): one row per unit ranked under a policy in a period', file: 'transforms/policies/write.ts' },
  policy_catalog: { grain: 'policy: one row per policy file in policies/', file: 'transforms/policies/write.ts' },
  policy_parameters: { grain: '(policy, parameter): one row per parameter of a policy', file: 'transforms/policies/write.ts' },
  load_audit: { grain: 'file: one row per file of the ERP export (an absent optional file too, with 0 rows)', file: 'transforms/load' },
  load_rejects: { grain: '(file, line, column): one row per rejected value; column NULL for a fault of the whole line', file: 'transforms/load' },
};

const LAYERS: [RegExp, string][] = [
  [/^dim_/, '维度 Dimension'],
  [/^fct_/, '事实 Fact'],
  [/^mart_(scores|league)$/, '考核 Assessment'],
  [/^mart_/, '指标 Mart'],
  [/^policy_/, '考核规则 Policy'],
  [/^load_/, '装载 Load'],
];

export function layerOf(table: string): string {
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

export interface TableDoc {
  table_name: string;
  table_order: number;
  layer: string;
  grain: string | null;
  defined_in: string;
}

export function tableDocs(): TableDoc[] {
  const model = new Map(readModelFiles().map((f) => [f.name, f]));
  return CONTRACT_TABLES.map((table, i) => {
    const file = model.get(table);
    const other = OTHER_GRAINS[table];
    return {
      table_name: table,
      table_order: i + 1,
      layer: layerOf(table),
      grain: file ? grainFromHeader(readFileSync(file.path, 'utf8')) : (other?.grain ?? null),
      defined_in: file ? `transforms/model/${file.stage}/${file.name}.sql` : (other?.file ?? ''),
    };
  });
}

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`);

/** (Re)write dict_table and its comments. */
export async function writeDictionary(conn: DuckDBConnection): Promise<void> {
  const rows = tableDocs()
    .map((d) => `(${[d.table_name, d.table_order, d.layer, d.grain, d.defined_in].map(lit).join(', ')})`)
    .join(',\n  ');
  await conn.run(`
CREATE OR REPLACE TABLE dict_table (table_name VARCHAR, table_order INTEGER, layer VARCHAR, grain VARCHAR, defined_in VARCHAR);
INSERT INTO dict_table VALUES
  ${rows};
COMMENT ON TABLE dict_table IS '数据字典·表 / Data dictionary: one row per table the pages can query (CONTRACT_TABLES), with its layer and grain';
COMMENT ON COLUMN dict_table.table_name IS '表名 / Table name: pages query it as warehouse.<table_name>';
COMMENT ON COLUMN dict_table.table_order IS '顺序 / Display order (the order of CONTRACT_TABLES in transforms/warehouse.ts)';
COMMENT ON COLUMN dict_table.layer IS '层 / Dimension, fact, mart, assessment, policy or load';
COMMENT ON COLUMN dict_table.grain IS '粒度 / What one row is: the -- Grain: line of the model SQL file';
COMMENT ON COLUMN dict_table.defined_in IS '定义位置 / The file that builds the table and holds its comments';
`);
}
