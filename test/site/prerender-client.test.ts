/**
 * The prerender's query client (patches/@evidence-dev+universal-sql: client-duckdb/node.js and
 * native-worker.js). Evidence asks every query's columns (`DESCRIBE <query>`) before its data; the client
 * answers the columns question by running the data query once and describing its result, then hands that
 * result to the data question. What Evidence gets must be what DuckDB's own DESCRIBE and the query give.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface CacheOptions {
  route_hash: string;
  additional_hash: string;
  query_name: string;
  prerendering: boolean;
}

interface PrerenderClient {
  initDB(): Promise<void>;
  query(sql: string, cache_options?: CacheOptions): Record<string, unknown>[];
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

/**
 * While prerendering, the page's thread gets the rows as plain columns and the worker writes each result's Arrow
 * file (what the browser loads for the page) under the hash of its bytes; the page's all-queries.json names it.
 * Neither waits for the disk: the prerender's end (`__evidencePrerenderWritten`, awaited by the patched
 * SvelteKit prerender) resolves when both are written.
 */
const prerenderWritten = () => (globalThis as unknown as { __evidencePrerenderWritten: () => Promise<void> }).__evidencePrerenderWritten();

describe('prerender query client, prerendering', () => {
  const OUTPUT = '.svelte-kit/output/prerendered/dependencies/api';
  const page = (query_name: string): CacheOptions => ({ route_hash: 'route1', additional_hash: 'params1', query_name, prerendering: true });
  let cwd: string;
  beforeAll(() => {
    // the prerender writes relative to its folder (Evidence's .evidence/template)
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  const text = "SELECT * FROM (select customer_id, team_name, ar_balance, month_end, has_page, items, amount, nested, list from page_rows order by customer_id)";

  it('gives the rows and columns the dev path gives, for every type', () => {
    const devColumns = ask(columnsQuestion('dev', 'p0', text));
    const devRows = client.query(dataQuestion('dev', 'p0', text));
    const columns = client.query(columnsQuestion('rows', 'p1', text), page('rows')).map((r) => ({ ...r }));
    const rows = client.query(dataQuestion('rows', 'p1', text), page('rows'));
    expect(columns).toEqual(devColumns);
    expect(rows).toEqual(devRows);
    expect(rows[0]).toEqual({
      customer_id: 'C001', team_name: '华东一部', ar_balance: 1234.5, month_end: new Date('2025-03-31T00:00:00Z'),
      has_page: true, items: 7, amount: 12.34, nested: '{"a":1}', list: '[1,2]',
    });
    expect((rows as unknown as { _evidenceColumnTypes: unknown[] })._evidenceColumnTypes).toEqual(
      (devRows as unknown as { _evidenceColumnTypes: unknown[] })._evidenceColumnTypes,
    );
  });

  it("writes the result's Arrow file by the hash of its bytes, and the page's query list names it", async () => {
    const rows = client.query(dataQuestion('rows', 'p1', text), page('rows'));
    await prerenderWritten();
    const list = JSON.parse(readFileSync(path.join(dir, OUTPUT, 'route1', 'params1', 'all-queries.json'), 'utf8'));
    const bytes = readFileSync(path.join(dir, OUTPUT, 'prerendered_queries', `${list.rows}.arrow`));
    expect(createHash('md5').update(bytes).digest('hex')).toBe(list.rows);
    // read as the browser reads it (duckdb-wasm's apache-arrow, +layout.js: arrowTableToJSON)
    const { tableFromIPC } = await import(path.resolve(cwd, 'node_modules/@evidence-dev/universal-sql/src/client-duckdb/node.js'));
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f: { name: string }) => f.name)).toEqual(Object.keys(rows[0]));
    const row = table.get(0).toJSON();
    expect({ ...row, month_end: new Date(row.month_end) }).toEqual(rows[0]);
    expect(table.get(1).toJSON()).toEqual({ ...rows[1] });
  });

  it('gives each page its own query list, and fresh rows for a question asked again', async () => {
    const again = client.query(dataQuestion('rows', 'p1', text), { ...page('rows'), additional_hash: 'params2' });
    again[0].customer_id = 'changed by a page';
    expect(client.query(dataQuestion('rows', 'p1', text), page('rows'))[0].customer_id).toBe('C001');
    await prerenderWritten();
    const first = JSON.parse(readFileSync(path.join(dir, OUTPUT, 'route1', 'params1', 'all-queries.json'), 'utf8'));
    const second = JSON.parse(readFileSync(path.join(dir, OUTPUT, 'route1', 'params2', 'all-queries.json'), 'utf8'));
    expect(second).toEqual({ rows: first.rows });
  });
});
