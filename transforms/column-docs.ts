/**
 * Column docs, written once (issue 22): each SQL folder's `columns.yml` describes the tables that folder builds
 * (the table, and its columns that mean something of their own there); `shared-columns.yml` describes a column
 * name once for every table that has it (customer_id, period_key, level …). They become the tables'
 * COMMENT ON TABLE / COLUMN as each table is built, so DuckDB clients and the 数据字典 page (transforms/dictionary.ts)
 * read them from the warehouse. The TypeScript contract (warehouse.ts) is checked against the same tables by
 * test/model/contract.test.ts; test/model/column-docs.test.ts fails on an undocumented column and on a doc whose
 * column or table does not exist.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse as parseYaml } from 'yaml';

/** The folders whose columns.yml document tables (relative to transforms/), in build order. */
export const COLUMN_DOC_FOLDERS = ['load', 'model/staging', 'model/intermediate', 'model/marts', 'policies', 'closing', 'publish', '.'] as const;

export interface TableDoc {
  description: string;
  /** this table's own column docs; columns not listed take shared-columns.yml's */
  columns: Record<string, string>;
  /** a table whose rows this one copies (closed_recomputed_scores: mart_scores): its column docs apply here */
  columnsAs?: string;
  /** the columns.yml it is written in, relative to the repository */
  file: string;
}

export interface ColumnDocs {
  tables: Map<string, TableDoc>;
  shared: Record<string, string>;
}

const TRANSFORMS = new URL('./', import.meta.url);
let loaded: ColumnDocs | null = null;

/** Every columns.yml and shared-columns.yml, read once per process. */
export function columnDocs(): ColumnDocs {
  if (loaded) return loaded;
  const tables = new Map<string, TableDoc>();
  for (const folder of COLUMN_DOC_FOLDERS) {
    const file = folder === '.' ? 'transforms/columns.yml' : `transforms/${folder}/columns.yml`;
    const entries = (parseYaml(readFileSync(new URL(`${folder}/columns.yml`, TRANSFORMS), 'utf8')) ?? {}) as Record<
      string,
      { description?: string; columns?: Record<string, string>; columns_as?: string }
    >;
    for (const [table, entry] of Object.entries(entries)) {
      if (tables.has(table)) throw new Error(`${file}: ${table} is documented in ${tables.get(table)!.file} too`);
      if (!entry?.description) throw new Error(`${file}: ${table} has no description`);
      tables.set(table, { description: entry.description, columns: entry.columns ?? {}, columnsAs: entry.columns_as, file });
    }
  }
  const shared = parseYaml(readFileSync(new URL('shared-columns.yml', TRANSFORMS), 'utf8')) as Record<string, string>;
  loaded = { tables, shared };
  return loaded;
}

/** The doc of a table's column: its own, else that of the table it copies, else the shared one; null when none. */
export function columnDoc(table: string, column: string, docs: ColumnDocs = columnDocs()): string | null {
  const entry = docs.tables.get(table);
  return entry?.columns[column] ?? (entry?.columnsAs ? columnDoc(entry.columnsAs, column, docs) : null) ?? docs.shared[column] ?? null;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * COMMENT ON the given tables (or views) and their columns from the docs. A table not built yet, or without an
 * entry, is left alone (the column-docs test reports what has no doc).
 */
export async function documentTables(conn: DuckDBConnection, tables: readonly string[]): Promise<void> {
  const docs = columnDocs();
  const wanted = tables.filter((t) => docs.tables.has(t));
  if (wanted.length === 0) return;
  const list = wanted.map(quote).join(', ');
  const found = (
    await conn.runAndReadAll(
      `SELECT table_name, column_name, (SELECT count(*) FROM duckdb_views() v WHERE v.view_name = c.table_name AND v.database_name = current_database() AND v.schema_name = 'main') > 0 AS is_view
       FROM duckdb_columns() c
       WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${list})
       ORDER BY table_name, column_index`,
    )
  ).getRowObjects() as { table_name: string; column_name: string; is_view: boolean }[];
  const statements: string[] = [];
  const seen = new Set<string>();
  for (const { table_name: table, column_name: column, is_view: isView } of found) {
    if (!seen.has(table)) {
      seen.add(table);
      statements.push(`COMMENT ON ${isView ? 'VIEW' : 'TABLE'} ${table} IS ${quote(docs.tables.get(table)!.description)};`);
    }
    const doc = columnDoc(table, column, docs);
    if (doc !== null) statements.push(`COMMENT ON COLUMN ${table}."${column}" IS ${quote(doc)};`);
  }
  if (statements.length > 0) await conn.run(statements.join('\n'));
}
