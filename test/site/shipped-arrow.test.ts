/**
 * The files a source table is shipped as (patches/@evidence-dev+universal-sql: build-parquet.js): the Arrow IPC
 * stream the browser's duckdb-wasm loads when an input re-runs a query, and the Parquet beside it. Text that
 * repeats (a customer's type, region, owner, team) is written as a dictionary, once per distinct value; the
 * values read back must be the rows', nulls included, and a column of distinct texts stays plain.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Row = { customer_id: string; owner_team_name: string | null; ar_balance: number | null };
type Column = { name: string; evidenceType: string };
interface ArrowTableLike {
  numRows: number;
  schema: { fields: { name: string; type: { toString(): string } }[] };
  toArray(): { toJSON(): Record<string, unknown> }[];
}

const UNIVERSAL_SQL = path.resolve('node_modules/@evidence-dev/universal-sql');
const COLUMNS: Column[] = [
  { name: 'customer_id', evidenceType: 'string' },
  { name: 'owner_team_name', evidenceType: 'string' },
  { name: 'ar_balance', evidenceType: 'number' },
];
// 3,000 customers in 5 teams (every 7th without a team: 429; then i % 5 spreads the 2,571 others 514, 514, 514,
// 515, 514 over 华东销售1部 … 5部); balances 0.00, 0.01, … 29.99 (the second one NULL)
const ROWS: Row[] = Array.from({ length: 3000 }, (_, i) => ({
  customer_id: `C${String(i + 1).padStart(5, '0')}`,
  owner_team_name: i % 7 === 0 ? null : `华东销售${(i % 5) + 1}部`,
  ar_balance: i === 1 ? null : i / 100,
}));

let dir: string;
let shipped: ArrowTableLike;
let plainBytes: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'shipped-arrow-'));
  const { buildMultipartParquet } = await import(path.join(UNIVERSAL_SQL, 'src/build-parquet.js'));
  const rows = await buildMultipartParquet(COLUMNS, ROWS, dir, dir, 'customer_search.parquet');
  expect(rows).toBe(3000);
  const arrow = (await import(path.join(UNIVERSAL_SQL, 'node_modules/apache-arrow/Arrow.node.mjs'))) as {
    tableFromIPC(bytes: Uint8Array): ArrowTableLike;
    tableToIPC(table: unknown, type: 'stream'): Uint8Array;
    vectorFromArray(values: unknown[], type: unknown): unknown;
    Utf8: new () => unknown;
    Float64: new () => unknown;
  };
  shipped = arrow.tableFromIPC(readFileSync(path.join(dir, 'customer_search.arrow')));
  // the same rows with every text written out on each row, as Evidence wrote them
  plainBytes = arrow.tableToIPC(
    new (arrow as unknown as { Table: new (columns: Record<string, unknown>) => unknown }).Table({
      customer_id: arrow.vectorFromArray(ROWS.map((r) => r.customer_id), new arrow.Utf8()),
      owner_team_name: arrow.vectorFromArray(ROWS.map((r) => r.owner_team_name), new arrow.Utf8()),
      ar_balance: arrow.vectorFromArray(ROWS.map((r) => r.ar_balance), new arrow.Float64()),
    }),
    'stream',
  ).length;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a shipped table', () => {
  it('writes a repeated text column as a dictionary and a column of distinct texts as plain text', () => {
    const types = Object.fromEntries(shipped.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({ customer_id: 'Utf8', owner_team_name: 'Dictionary<Int16, Utf8>', ar_balance: 'Float64' });
  });

  it('reads back every row, nulls included', () => {
    const back = shipped.toArray().map((r) => r.toJSON());
    expect(back).toEqual(ROWS);
    expect(back[7]).toEqual({ customer_id: 'C00008', owner_team_name: null, ar_balance: 0.07 });
    expect(back[8]).toEqual({ customer_id: 'C00009', owner_team_name: '华东销售4部', ar_balance: 0.08 });
  });

  it('is smaller than the same rows with the team written on each row', () => {
    const bytes = statSync(path.join(dir, 'customer_search.arrow')).size;
    // plain: 2,571 team names of 16 bytes (华东销售1部 in UTF-8) and 3,000 4-byte offsets ≈ 53 kB; as a dictionary:
    // the 5 names once and a 2-byte index per row ≈ 6 kB
    expect(plainBytes - bytes).toBeGreaterThan(45_000);
  });

  it('writes the same rows to the Parquet beside it', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const file = path.join(dir, 'customer_search.parquet').replaceAll("'", "''");
      const reader = await conn.runAndReadAll(
        `select owner_team_name, count(*)::int as n, sum(ar_balance) as total from read_parquet('${file}') group by all order by owner_team_name nulls first`,
      );
      const summary = reader.getRowObjectsJS();
      expect(summary[0]).toEqual({ owner_team_name: null, n: 429, total: ROWS.filter((r) => r.owner_team_name === null).reduce((s, r) => s + (r.ar_balance ?? 0), 0) });
      expect(summary.map((r) => r.n)).toEqual([429, 514, 514, 514, 515, 514]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
