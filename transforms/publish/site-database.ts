/**
 * The site database: what the site may show, for one audience, as one DuckDB file.
 *
 * Every `sources/warehouse/<name>.sql` is run against the warehouse and written as table `<name>` of the site
 * database, with the types the site's pages see (Evidence's: numbers DOUBLE, dates TIMESTAMP, see `siteType`)
 * and, for the default audience, without pay (PAY_DATA in transforms/warehouse.ts). The build then
 * - prerenders every page against this file (natively: patches/, universal-sql client-duckdb/node.js), and
 * - lets `evidence sources` copy from it the few tables that inputs re-query in the browser (browser-tables.ts).
 * So nothing leaves the warehouse except through this file, and the default site's file holds no pay at all.
 */
import { existsSync, mkdirSync, renameSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ident as quoteId, sqlString as quoteStr } from '../load/sql.js';
import { PAY_DATA, payDataOf } from '../warehouse.js';
import { warehouseSettings } from '../db.js';

/** sales: the whole sales organisation, no pay (the default); management: management, HR and finance, with pay. */
export const AUDIENCES = ['sales', 'management'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Where each audience's site is built and its site database kept (relative to the project). */
export const SITE_OUTPUT: Record<Audience, { buildDir: string; database: string }> = {
  sales: { buildDir: 'build', database: '.site/sales/warehouse.duckdb' },
  management: { buildDir: 'build-management', database: '.site/management/warehouse.duckdb' },
};

/** Evidence's column type (@evidence-dev/duckdb) as the DuckDB type the site's tables have. */
export function siteType(duckdbType: string): 'DOUBLE' | 'TIMESTAMP' | 'BOOLEAN' | 'VARCHAR' {
  const t = duckdbType.toUpperCase();
  if (t.startsWith('DECIMAL') || /^(DOUBLE|FLOAT|REAL|U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT)$/.test(t)) return 'DOUBLE';
  if (t === 'DATE' || t.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  return 'VARCHAR';
}


/** A source file's SQL made runnable as a subquery: trimmed, without a trailing semicolon. */
export function sourceSql(file: string): string {
  return readFileSync(file, 'utf8').trim().replace(/;\s*$/, '');
}

/** The source files of one source folder, by table name, in name order. */
export function sourceFiles(dir: string): { name: string; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f.slice(0, -4), file: path.join(dir, f) }));
}

/** The pay the default audience leaves out of `table` (nothing for management). */
function payOf(table: string, audience: Audience): { columns: Set<string>; rows: string[] } {
  if (audience === 'management') return { columns: new Set(), rows: [] };
  const declared = payDataOf(table);
  const rows = declared.rows ? [declared.rows] : [];
  // the data dictionary describes every column: a pay column's rows go with the column
  if (table === 'data_dictionary') {
    for (const [t, pay] of Object.entries(PAY_DATA)) {
      for (const c of pay.columns ?? []) rows.push(`(table_name = ${quoteStr(t)} AND column_name = ${quoteStr(c)})`);
    }
  }
  return { columns: new Set(declared.columns), rows };
}

/**
 * Runs `sql` (a source query, in the current database) into table `target` with the site's types, leaving
 * out the audience's pay; returns its row count. Evidence writes an all-NULL date or boolean column as a
 * number column, so such a column becomes DOUBLE here too.
 */
export async function copySourceTable(conn: DuckDBConnection, name: string, sql: string, target: string, audience: Audience): Promise<number> {
  const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM (\n${sql}\n)`)).getRowObjectsJson() as { column_name: string; column_type: string }[];
  const pay = payOf(name, audience);
  const kept = described.filter((c) => !pay.columns.has(c.column_name));
  const select = kept.map((c) => `CAST(${quoteId(c.column_name)} AS ${siteType(c.column_type)}) AS ${quoteId(c.column_name)}`).join(', ');
  const where = pay.rows.length ? `\nWHERE NOT coalesce(${pay.rows.map((r) => `(${r})`).join(' OR ')}, false)` : '';
  await conn.run(`CREATE OR REPLACE TABLE ${target} AS SELECT ${select} FROM (\n${sql}\n) AS source${where}`);
  const maybeNull = kept.filter((c) => ['TIMESTAMP', 'BOOLEAN'].includes(siteType(c.column_type)));
  const counts = (
    await conn.runAndReadAll(`SELECT count(*) AS n${maybeNull.map((c, i) => `, count(${quoteId(c.column_name)}) AS c${i}`).join('')} FROM ${target}`)
  ).getRowObjectsJson()[0];
  for (const [i, c] of maybeNull.entries()) {
    if (Number(counts.n) > 0 && Number(counts[`c${i}`]) === 0) {
      await conn.run(`ALTER TABLE ${target} ALTER ${quoteId(c.column_name)} SET DATA TYPE DOUBLE USING NULL`);
    }
  }
  return Number(counts.n);
}

export interface SiteTableRows {
  name: string;
  rows: number;
}

export interface SiteDatabaseOptions {
  warehouse: string;
  /** the site database file to write (replaced atomically) */
  out: string;
  audience: Audience;
  /** the `warehouse` source's folder (default sources/warehouse) */
  sourceDir?: string;
}

/** Writes the site database of `audience` from the warehouse: one table per source file. */
export async function writeSiteDatabase(options: SiteDatabaseOptions): Promise<SiteTableRows[]> {
  const warehouse = path.resolve(options.warehouse);
  if (!existsSync(warehouse)) throw new Error(`warehouse ${options.warehouse} not found: run npm run transform (or npm run build) first`);
  const out = path.resolve(options.out);
  const tmp = `${out}.${process.pid}.tmp`;
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  // the warehouse's memory_limit and spill folder: DuckDB's own default (80 % of RAM, kept cached) made this
  // process 13 GB at 10 M invoices
  const instance = await DuckDBInstance.create(
    tmp,
    warehouseSettings(tmp, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' }),
  );
  const conn = await instance.connect();
  const site = String((await conn.runAndReadAll('SELECT current_database() AS name')).getRowObjectsJson()[0].name);
  const tables: SiteTableRows[] = [];
  try {
    await conn.run(`ATTACH ${quoteStr(warehouse)} AS __warehouse (READ_ONLY)`);
    await conn.run('USE __warehouse');
    for (const { name, file } of sourceFiles(path.resolve(options.sourceDir ?? 'sources/warehouse'))) {
      try {
        const rows = await copySourceTable(conn, name, sourceSql(file), `${quoteId(site)}.main.${quoteId(name)}`, options.audience);
        tables.push({ name, rows });
      } catch (e) {
        throw new Error(`${path.relative('.', file)}: ${(e as Error).message}`);
      }
    }
    await conn.run(`USE ${quoteId(site)}`);
    await conn.run('DETACH __warehouse');
    await conn.run('CHECKPOINT');
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.tmp`, { recursive: true, force: true });
    throw e;
  }
  conn.closeSync();
  instance.closeSync();
  rmSync(`${tmp}.tmp`, { recursive: true, force: true });
  renameSync(tmp, out);
  return tables;
}
