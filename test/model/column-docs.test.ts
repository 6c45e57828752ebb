/**
 * Column docs are written once (transforms/column-docs.ts: each SQL folder's columns.yml and shared-columns.yml)
 * and reach the warehouse as COMMENTs: no column without a doc, no doc of a column or table that does not exist,
 * a shared doc used where a table has none of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnDoc, columnDocs } from '../../transforms/column-docs.js';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { readModelFiles } from '../../transforms/model/index.js';
import { readPublishFiles } from '../../transforms/publish/index.js';
import { smallWarehouse, type SmallWarehouse } from '../helpers/small-warehouse.js';

let small: SmallWarehouse;
let wh: Warehouse;
beforeAll(async () => {
  small = await smallWarehouse();
  wh = await openWarehouse(small.file, { access_mode: 'READ_ONLY' });
}, 300_000);
afterAll(async () => {
  await wh?.close();
  small?.remove();
});

interface Column {
  table_name: string;
  column_name: string;
  comment: string | null;
}

describe('column docs', () => {
  it('every table a model or publish SQL file builds has its docs entry', () => {
    const docs = columnDocs();
    const undocumented = [...readModelFiles(), ...readPublishFiles()].map((f) => f.name).filter((t) => !docs.tables.has(t));
    expect(undocumented).toEqual([]);
  });

  it('every documented table and column exists in the warehouse (no stale doc)', async () => {
    const docs = columnDocs();
    const columns = await queryRows<Column>(wh.conn, `SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main'`);
    const byTable = new Map<string, Set<string>>();
    for (const c of columns) byTable.set(c.table_name, (byTable.get(c.table_name) ?? new Set()).add(c.column_name));
    const stale: string[] = [];
    for (const [table, doc] of docs.tables) {
      if (!byTable.has(table)) stale.push(`${doc.file}: ${table}`);
      for (const column of Object.keys(doc.columns)) if (!byTable.get(table)?.has(column)) stale.push(`${doc.file}: ${table}.${column}`);
    }
    const allColumns = new Set(columns.map((c) => c.column_name));
    for (const column of Object.keys(docs.shared)) if (!allColumns.has(column)) stale.push(`transforms/shared-columns.yml: ${column}`);
    expect(stale).toEqual([]);
  });

  it('every column of a documented table carries its doc as its comment, Chinese / English', async () => {
    const docs = columnDocs();
    const tables = [...docs.tables.keys()].map((t) => `'${t}'`).join(', ');
    const columns = await queryRows<Column>(
      wh.conn,
      `SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${tables})`,
    );
    expect(columns.length).toBeGreaterThan(500);
    const wrong = columns
      .filter((c) => c.comment === null || !c.comment.includes(' / ') || c.comment !== columnDoc(c.table_name, c.column_name))
      .map((c) => `${c.table_name}.${c.column_name}: ${c.comment}`);
    expect(wrong).toEqual([]);
    // a table's own doc wins over the shared one; a table without its own takes the shared one
    expect(docs.shared.customer_id).toBe('客户编码 / Customer');
    const comment = (table: string, column: string) => columns.find((c) => c.table_name === table && c.column_name === column)?.comment;
    expect(comment('fct_invoice', 'customer_id')).toBe(docs.shared.customer_id);
    expect(comment('fct_collection_contact', 'customer_id')).toBe('客户 / Customer contacted');
    const [table] = await queryRows<{ comment: string }>(wh.conn, `SELECT comment FROM duckdb_tables() WHERE table_name = 'fct_promise'`);
    expect(table.comment).toBe(docs.tables.get('fct_promise')!.description);
  });

  it('views are documented too (mart_dunning)', async () => {
    const [view] = await queryRows<{ comment: string }>(wh.conn, `SELECT comment FROM duckdb_views() WHERE view_name = 'mart_dunning'`);
    expect(view.comment).toBe(columnDocs().tables.get('mart_dunning')!.description);
  });
});
