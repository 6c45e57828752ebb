/**
 * The prerender's query client (patches/@evidence-dev+universal-sql: client-duckdb/node.js and
 * native-worker.js). Evidence asks every query's columns (`DESCRIBE <query>`) before its data; the client
 * answers the columns question by running the data query once and describing its result, then hands that
 * result to the data question. What Evidence gets must be what DuckDB's own DESCRIBE and the query give.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface PrerenderClient {
  initDB(): Promise<void>;
  query(sql: string): Record<string, unknown>[];
}

let dir: string;
let file: string;
let client: PrerenderClient;

/** The client's rows are Arrow row proxies: compare their fields. */
const ask = (sql: string) => client.query(sql).map((row) => ({ ...row }));

const TABLE = `
  create table page_rows as
  select * from (values
    ('C001', '华东一部', 1234.5::double, timestamp '2025-03-31', true, 7::bigint, 12.34::decimal(18,2), {'a': 1}, [1, 2]),
    ('C002', null, null, null, null, null, null, null, null)
  ) t(customer_id, team_name, ar_balance, month_end, has_page, items, amount, nested, list)`;

/** DuckDB's own answer, from a separate connection to the same file. */
async function direct(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The two questions Evidence's Query asks of one query (sdk/src/usql/query/Query.js). */
const columnsQuestion = (id: string, hash: string, text: string) => `---- Columns ${id} (${hash})\nDESCRIBE ${text}\n`;
const dataQuestion = (id: string, hash: string, text: string) => `---- Data ${id} ${hash}\n${text}\n`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'prerender-client-'));
  file = path.join(dir, 'site.duckdb');
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  await conn.run(TABLE);
  conn.closeSync();
  instance.closeSync();
  process.env.SCORECARD_SITE_DB = file;
  // the module as the prerender loads it (the package's "node" export)
  const modulePath = path.resolve('node_modules/@evidence-dev/universal-sql/src/client-duckdb/node.js');
  client = (await import(modulePath)) as PrerenderClient;
  await client.initDB();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('prerender query client', () => {
  it("answers a columns question as DuckDB's DESCRIBE does, for plain columns", async () => {
    const text = "SELECT * FROM (select customer_id, team_name, ar_balance / 10000 as 应收余额, month_end, has_page, items, amount from page_rows where customer_id = 'C001')";
    const answered = ask(columnsQuestion('customer', 'h1', text));
    expect(answered).toEqual(await direct(`DESCRIBE ${text}`));
    expect(answered.map((r) => [r.column_name, r.column_type])).toEqual([
      ['customer_id', 'VARCHAR'],
      ['team_name', 'VARCHAR'],
      ['应收余额', 'DOUBLE'],
      ['month_end', 'TIMESTAMP'],
      ['has_page', 'BOOLEAN'],
      ['items', 'BIGINT'],
      ['amount', 'DECIMAL(18,2)'],
    ]);
  });

  it('answers the data question that follows with the rows of the query, typed as duckdb-wasm types them', () => {
    const text = "SELECT * FROM (select customer_id, ar_balance, month_end, items, amount from page_rows order by customer_id)";
    ask(columnsQuestion('rows', 'h2', text));
    expect(ask(dataQuestion('rows', 'h2', text))).toEqual([
      { customer_id: 'C001', ar_balance: 1234.5, month_end: new Date('2025-03-31T00:00:00Z'), items: 7, amount: 12.34 },
      { customer_id: 'C002', ar_balance: null, month_end: null, items: null, amount: null },
    ]);
  });

  it('gives the rows as plain objects with the column types Evidence infers charts and tables from', () => {
    const rows = client.query(dataQuestion('typed', 'h7', 'select customer_id, ar_balance, month_end, has_page from page_rows order by 1'));
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect((rows as unknown as { _evidenceColumnTypes: unknown })._evidenceColumnTypes).toEqual([
      { name: 'customer_id', evidenceType: 'string', typeFidelity: 'precise' },
      { name: 'ar_balance', evidenceType: 'number', typeFidelity: 'precise' },
      { name: 'month_end', evidenceType: 'date', typeFidelity: 'precise' },
      { name: 'has_page', evidenceType: 'boolean', typeFidelity: 'precise' },
    ]);
    expect(rows[1]).toEqual({ customer_id: 'C002', ar_balance: null, month_end: null, has_page: null });
  });

  it('gives composite values (a list, a struct) as JSON text', () => {
    const [row] = client.query(dataQuestion('nested', 'h8', "select list, nested from page_rows where customer_id = 'C001'"));
    expect(row).toEqual({ list: '[1,2]', nested: '{"a":1}' });
  });

  it('describes composite columns (STRUCT, lists) by DuckDB itself', async () => {
    const text = 'SELECT * FROM (select nested, list from page_rows)';
    expect(ask(columnsQuestion('nested', 'h3', text))).toEqual(await direct(`DESCRIBE ${text}`));
  });

  it('answers a query without rows, and a data question asked without its columns question', async () => {
    const text = "SELECT * FROM (select customer_id, amount from page_rows where customer_id = 'nobody')";
    expect(ask(columnsQuestion('none', 'h4', text))).toEqual(await direct(`DESCRIBE ${text}`));
    expect(ask(dataQuestion('none', 'h4', text))).toEqual([]);
    expect(ask(dataQuestion('alone', 'h5', 'select count(*) as n from page_rows'))).toEqual([{ n: 2 }]);
  });

  it("reports a faulty query's error on the columns question", () => {
    expect(() => ask(columnsQuestion('bad', 'h6', 'SELECT no_such_column FROM page_rows'))).toThrow(/no_such_column/);
  });
});
