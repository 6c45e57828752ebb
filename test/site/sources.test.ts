/**
 * sources/warehouse/ ↔ the warehouse (SITE_TABLES in transforms/warehouse.ts: the contract tables, the
 * publish stage's page tables and data_dictionary): every site table has its source, every source is exactly
 * `select * from <its own name>` (one comment line above it allowed) — no join, no filter, no expression: that
 * work belongs to transforms/publish — every source runs against a freshly built warehouse, and the data
 * dictionary has what the 数据字典 page shows — a grain for every table, a comment for every table and column.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSite, formatResult } from '../../tools/page-check/check.js';
import { DICTIONARY_TABLES, grainFromHeader, tableDocs } from '../../transforms/dictionary.js';
import { readPublishFiles } from '../../transforms/publish/index.js';
import { PUBLISH_TABLES, SITE_TABLES } from '../../transforms/warehouse.js';
import { queryWarehouse } from '../e2e/warehouse.js';
import { smallWarehouse, type SmallWarehouse } from '../helpers/small-warehouse.js';

const SOURCES = 'sources/warehouse';

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

/** A source file as it must be: an optional comment line, then `select * from <name>`, nothing else. */
function isPlainSelect(sql: string, name: string): boolean {
  return new RegExp(String.raw`^(--[^\n]*\n)?select \* from ${name}\n?$`).test(sql);
}

describe('sources/warehouse and the warehouse', () => {
  it('exposes every site table as sources/warehouse/<table>.sql', () => {
    const missing = SITE_TABLES.filter((t) => !existsSync(path.join(SOURCES, `${t}.sql`)));
    expect(missing, 'add sources/warehouse/<table>.sql: select * from <table>').toEqual([]);
  });

  it('exposes nothing else', () => {
    const extra = sourceNames().filter((n) => !(SITE_TABLES as readonly string[]).includes(n));
    expect(extra, 'a new source: build its table in transforms/publish/ and add it to PUBLISH_TABLES').toEqual([]);
  });

  it('each source is exactly `select * from <its own name>`: joins, filters and labels belong to transforms/publish', () => {
    const notPlain = sourceNames().filter((n) => !isPlainSelect(readFileSync(path.join(SOURCES, `${n}.sql`), 'utf8'), n));
    expect(notPlain, 'make the source `select * from <name>` (one comment line above it at most)').toEqual([]);
  });

  it('tells a plain select from anything else', () => {
    expect(isPlainSelect('select * from a\n', 'a')).toBe(true);
    expect(isPlainSelect('-- a: what it is for\nselect * from a\n', 'a')).toBe(true);
    expect(isPlainSelect('select * from a', 'a')).toBe(true);
    expect(isPlainSelect('select * from b\n', 'a')).toBe(false);
    expect(isPlainSelect('select * from ab\n', 'a')).toBe(false);
    expect(isPlainSelect('select * from a where level <> 1\n', 'a')).toBe(false);
    expect(isPlainSelect('select * from a join b using (x)\n', 'a')).toBe(false);
    expect(isPlainSelect('select * from a\norder by 1\n', 'a')).toBe(false);
    expect(isPlainSelect('select x from a\n', 'a')).toBe(false);
    expect(isPlainSelect('-- one\n-- two\nselect * from a\n', 'a')).toBe(false);
  });

  it('builds every publish table from its transforms/publish/<table>.sql, and nothing else there', () => {
    expect(readPublishFiles().map((f) => f.name).sort()).toEqual([...PUBLISH_TABLES].sort());
  });

  it('every source query runs against a freshly built warehouse, which has every site table', async () => {
    const result = await checkSite({ warehouse: wh.file, only: [] });
    const sourceFindings = result.findings.filter((f) => f.file.startsWith('sources/'));
    expect(sourceFindings, formatResult(result)).toEqual([]);
    expect(result.sources).toBe(sourceNames().length);
    // tables, and views (mart_dunning)
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'`,
    );
    for (const t of SITE_TABLES) expect(tables.map((r) => r.table_name), t).toContain(t);
  });
});

describe('data dictionary', () => {
  it('knows the grain and layer of every contract and publish table (the -- Grain: line of their SQL)', () => {
    const docs = tableDocs();
    expect(docs.map((d) => d.table_name)).toEqual([...DICTIONARY_TABLES]);
    for (const d of docs) {
      expect(d.grain, `${d.table_name}: no grain — add a "-- Grain: …" line to its SQL header (or OTHER_GRAINS)`).toBeTruthy();
      expect(d.layer, d.table_name).not.toMatch(/Other/);
    }
    expect(docs.find((d) => d.table_name === 'mart_ar_metrics')!.grain).toBe('(period_key, level, unit_id): month / quarter / year × company / team / person / customer');
    const league = docs.find((d) => d.table_name === 'league_board')!;
    expect(league).toMatchObject({ layer: '页面 Publish', defined_in: 'transforms/publish/league_board.sql' });
    expect(league.grain).toBe('(period_key, policy, level, unit_id): one row per row of mart_league');
  });

  it('reads the first sentence of a Grain: header, across lines and parentheses', () => {
    expect(grainFromHeader('-- x\n-- Grain: (a, b) for every unit (a dense grid: months\n-- count too). More text.\n-- Next.\nSELECT 1')).toBe(
      '(a, b) for every unit (a dense grid: months count too)',
    );
    expect(grainFromHeader('-- Grain: customer_id. The owner is …')).toBe('customer_id');
    expect(grainFromHeader('SELECT 1')).toBeNull();
  });

  it('every site table and column has a "中文 / English" comment', async () => {
    const list = SITE_TABLES.map((t) => `'${t}'`).join(', ');
    const missing = await query<{ table_name: string; column_name: string | null }>(
      `SELECT table_name, NULL AS column_name FROM duckdb_tables() WHERE table_name IN (${list}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       UNION ALL
       SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (${list}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       ORDER BY 1, 2`,
    );
    expect(missing, 'document the table and its columns in its folder\'s columns.yml (or transforms/shared-columns.yml)').toEqual([]);
  });

  it('data_dictionary lists every column of every contract and publish table, with the formulas of docs/metrics.md', async () => {
    const rows = await query<{ table_name: string; column_name: string; column_description: string | null; page_type: string; grain: string; layer: string }>(
      'SELECT * FROM data_dictionary',
    );
    const columns = await query<{ table_name: string; n: number }>(
      `SELECT table_name, count(*)::INT AS n FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${DICTIONARY_TABLES.map((t) => `'${t}'`).join(', ')}) GROUP BY 1`,
    );
    expect(columns.map((c) => c.table_name).sort()).toEqual([...DICTIONARY_TABLES].sort());
    for (const c of columns) expect(rows.filter((r) => r.table_name === c.table_name).length, c.table_name).toBe(c.n);
    expect(rows.find((r) => r.table_name === 'report_top_overdue' && r.column_name === 'rank')).toMatchObject({ layer: '页面 Publish', page_type: 'DOUBLE' });
    const dso = rows.find((r) => r.table_name === 'mart_ar_metrics' && r.column_name === 'dso')!;
    expect(dso.column_description).toContain('ar(e) / sales(3 months ending e)');
    expect(dso.page_type).toBe('DOUBLE');
    expect(rows.find((r) => r.table_name === 'mart_ar_metrics' && r.column_name === 'ar_balance')!.page_type).toBe('DOUBLE');
    expect(rows.find((r) => r.table_name === 'fct_invoice' && r.column_name === 'invoice_date')!.page_type).toBe('TIMESTAMP');
  });
});
