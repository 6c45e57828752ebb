/**
 * sources/warehouse/ ↔ the warehouse contract (CONTRACT_TABLES in transforms/warehouse.ts): every
 * contract table is exposed to the pages, every source query runs against a freshly built warehouse,
 * and the data dictionary has what the 数据字典 page shows — a grain for every table, a comment for every
 * table and column.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSite, formatResult } from '../../transforms/pages/check.js';
import { grainFromHeader, tableDocs } from '../../transforms/dictionary.js';
import { CONTRACT_TABLES } from '../../transforms/warehouse.js';
import { queryWarehouse } from '../e2e/warehouse.js';
import { smallWarehouse, type SmallWarehouse } from '../helpers/small-warehouse.js';

const SOURCES = 'sources/warehouse';
/** Source queries that are not a contract table: purpose-made slim sources of the site's pages (each .sql says why it exists), and the dictionary. */
const DERIVED_SOURCES = [
  'aging_customer_top', 'aging_unit_month', 'ar_metrics_summary', 'customer_latest', 'customer_page', 'data_dictionary',
  'league_board', 'open_item_latest', 'person_latest', 'report_aging', 'report_over_limit', 'report_overdue_items',
  'report_top_overdue', 'unit_month_metrics', 'unit_scores_latest',
];

let wh: SmallWarehouse;
beforeAll(async () => {
  wh = await smallWarehouse();
});
afterAll(() => wh?.remove());

const query = <T = Record<string, unknown>>(sql: string) => queryWarehouse<T>(sql, wh.file);

const sourceNames = () =>
  readdirSync(SOURCES)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4))
    .sort();

describe('sources/warehouse and the warehouse contract', () => {
  it('exposes every contract table as sources/warehouse/<table>.sql', () => {
    const missing = CONTRACT_TABLES.filter((t) => !existsSync(path.join(SOURCES, `${t}.sql`)));
    expect(missing, 'add sources/warehouse/<table>.sql: select * from <table>').toEqual([]);
  });

  it('exposes nothing else than contract tables and the known derived sources', () => {
    const extra = sourceNames().filter((n) => !(CONTRACT_TABLES as readonly string[]).includes(n) && !DERIVED_SOURCES.includes(n));
    expect(extra, 'a new source: add its table to CONTRACT_TABLES, or to DERIVED_SOURCES here').toEqual([]);
  });

  it('each contract source reads its own table', () => {
    for (const t of CONTRACT_TABLES) {
      const sql = readFileSync(path.join(SOURCES, `${t}.sql`), 'utf8').replace(/--[^\n]*/g, '');
      expect(sql, `${SOURCES}/${t}.sql`).toMatch(new RegExp(`\\bfrom\\s+${t}\\b`, 'i'));
    }
  });

  it('every source query runs against a freshly built warehouse', async () => {
    const result = await checkSite({ warehouse: wh.file, only: [] });
    const sourceFindings = result.findings.filter((f) => f.file.startsWith('sources/'));
    expect(sourceFindings, formatResult(result)).toEqual([]);
    expect(result.sources).toBe(sourceNames().length);
    const tables = await query<{ table_name: string }>(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`);
    for (const t of CONTRACT_TABLES) expect(tables.map((r) => r.table_name), t).toContain(t);
  });
});

describe('data dictionary', () => {
  it('knows the grain and layer of every contract table (model tables: the -- Grain: line of their SQL)', () => {
    const docs = tableDocs();
    expect(docs.map((d) => d.table_name)).toEqual([...CONTRACT_TABLES]);
    for (const d of docs) {
      expect(d.grain, `${d.table_name}: no grain — add a "-- Grain: …" line to its SQL header (or OTHER_GRAINS)`).toBeTruthy();
      expect(d.layer, d.table_name).not.toMatch(/Other/);
    }
    expect(docs.find((d) => d.table_name === 'mart_ar_metrics')!.grain).toBe('(period_key, level, unit_id): month / quarter / year × company / team / person / customer');
  });

  it('reads the first sentence of a Grain: header, across lines and parentheses', () => {
    expect(grainFromHeader('-- x\n-- Grain: (a, b) for every unit (a dense grid: months\n-- count too). More text.\n-- Next.\nSELECT 1')).toBe(
      '(a, b) for every unit (a dense grid: months count too)',
    );
    expect(grainFromHeader('-- Grain: customer_id. The owner is …')).toBe('customer_id');
    expect(grainFromHeader('SELECT 1')).toBeNull();
  });

  it('every contract table and column has a "中文 / English" comment', async () => {
    const list = CONTRACT_TABLES.map((t) => `'${t}'`).join(', ');
    const missing = await query<{ table_name: string; column_name: string | null }>(
      `SELECT table_name, NULL AS column_name FROM duckdb_tables() WHERE table_name IN (${list}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       UNION ALL
       SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (${list}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       ORDER BY 1, 2`,
    );
    expect(missing, 'write COMMENT ON TABLE/COLUMN beside the SQL that builds the table').toEqual([]);
  });

  it('the data_dictionary source lists every column of every contract table, with the §5 formulas', async () => {
    const sql = readFileSync(path.join(SOURCES, 'data_dictionary.sql'), 'utf8');
    const rows = await query<{ table_name: string; column_name: string; column_description: string | null; page_type: string; grain: string }>(sql);
    const columns = await query<{ table_name: string; n: number }>(
      `SELECT table_name, count(*)::INT AS n FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${CONTRACT_TABLES.map((t) => `'${t}'`).join(', ')}) GROUP BY 1`,
    );
    for (const c of columns) expect(rows.filter((r) => r.table_name === c.table_name).length, c.table_name).toBe(c.n);
    const dso = rows.find((r) => r.table_name === 'mart_ar_metrics' && r.column_name === 'dso')!;
    expect(dso.column_description).toContain('ar(e) / sales(3 months ending e)');
    expect(dso.page_type).toBe('DOUBLE');
    expect(rows.find((r) => r.table_name === 'mart_ar_metrics' && r.column_name === 'ar_balance')!.page_type).toBe('DOUBLE');
    expect(rows.find((r) => r.table_name === 'fct_invoice' && r.column_name === 'invoice_date')!.page_type).toBe('TIMESTAMP');
  });
});
