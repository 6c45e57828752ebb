/**
 * Every site table's grain, as data (TABLE_KEY in transforms/warehouse.ts), holds in real warehouses: the key
 * is unique and never NULL (but where marked `?`), and every customer, person, team, invoice, receipt and period
 * a table names exists in its dimension or fact (REFERENCED_BY_COLUMN; `unit_id` by its row's level) — dbt's
 * unique / not_null / relationships tests, generated for every table. Two warehouses, both through the whole
 * pipeline: the seeded sample (3,000 invoices) and the IBM export (../shared/data/ibm-ar-sample).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { REFERENCED_BY_COLUMN, repeatedKeysSql, SITE_TABLES, TABLE_KEY, type SiteTable } from '../../transforms/warehouse.js';
import { writeIbmExport } from '../helpers/ibm-export.js';
import { smallWarehouse } from '../helpers/small-warehouse.js';

/** Where a column named like a reference is not one, and why. */
const NOT_A_REFERENCE: Partial<Record<SiteTable, Record<string, string>>> = {
  // the managers' worklist sums the items whose invoice has no team under team_id '_unassigned'
  worklist_level_summary: { team_id: "'_unassigned' collects the items of invoices without a team" },
  // a reject names what the export said, which is exactly what may not exist
  load_rejects: { '*': 'rejected values are unknown by definition' },
  // a closed period stays listed after the export that had it is gone
  closed_periods: { period_key: 'a closed period outlives the export that had it' },
};

/** `unit_id` of a row of level L is a key of this table's column. */
const UNIT_OF_LEVEL: Record<string, readonly [string, string]> = {
  company: ['(SELECT \'company\' AS unit_id)', 'unit_id'],
  team: ['dim_team', 'team_id'],
  person: ['dim_person', 'person_id'],
  customer: ['dim_customer', 'customer_id'],
};

const quote = (name: string) => `"${name}"`;

/** The checks of one table, each a query returning the rows that break it. */
function checksOf(table: SiteTable, columns: Set<string>): Record<string, string> {
  const key = TABLE_KEY[table] as readonly string[];
  const names = key.map((c) => c.replace(/\?$/, ''));
  const required = key.filter((c) => !c.endsWith('?'));
  const checks: Record<string, string> = { [`unique (${names.join(', ')})`]: repeatedKeysSql(table) };
  if (required.length) {
    checks[`not null (${required.join(', ')})`] =
      `SELECT * FROM ${table} WHERE ${required.map((c) => `${quote(c)} IS NULL`).join(' OR ')} LIMIT 5`;
  }
  const exempt = NOT_A_REFERENCE[table] ?? {};
  if (exempt['*']) return checks;
  for (const [column, [target, targetColumn]] of Object.entries(REFERENCED_BY_COLUMN)) {
    if (!columns.has(column) || exempt[column] || (target === table && targetColumn === column)) continue;
    checks[`${column} → ${target}.${targetColumn}`] = `
      SELECT DISTINCT t.${quote(column)} FROM ${table} t
      WHERE t.${quote(column)} IS NOT NULL AND t.${quote(column)} NOT IN (SELECT ${quote(targetColumn)} FROM ${target}) LIMIT 5`;
  }
  if (columns.has('level') && columns.has('unit_id')) {
    for (const [level, [target, targetColumn]] of Object.entries(UNIT_OF_LEVEL)) {
      checks[`unit_id of level ${level} → ${target}`] = `
        SELECT DISTINCT t.unit_id FROM ${table} t
        WHERE t.level = '${level}' AND t.unit_id NOT IN (SELECT ${targetColumn} FROM ${target} x) LIMIT 5`;
    }
  }
  return checks;
}

const warehouses: { name: string; wh?: Warehouse; remove?: () => void }[] = [{ name: 'sample' }, { name: 'IBM' }];

beforeAll(async () => {
  const small = await smallWarehouse();
  warehouses[0].wh = await openWarehouse(small.file);
  warehouses[0].remove = small.remove;
  const dir = mkdtempSync(path.join(tmpdir(), 'keys-ibm-'));
  await writeIbmExport(path.join(dir, 'export'));
  await buildWarehouse({ from: path.join(dir, 'export'), out: path.join(dir, 'warehouse.duckdb') });
  warehouses[1].wh = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  warehouses[1].remove = () => rmSync(dir, { recursive: true, force: true });
}, 300_000);

afterAll(async () => {
  for (const w of warehouses) {
    await w.wh?.close();
    w.remove?.();
  }
});

describe.each(warehouses.map((w) => [w.name, w] as const))('keys and references (%s warehouse)', (_name, w) => {
  it.each(SITE_TABLES.map((t) => [t]))('%s', async (table) => {
    const wh = w.wh!;
    const columns = new Set(
      (await queryRows<{ column_name: string }>(wh.conn, `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`))
        .map((r) => r.column_name),
    );
    expect(columns.size, `${table} exists`).toBeGreaterThan(0);
    for (const c of TABLE_KEY[table] as readonly string[]) expect(columns, `${table}: key column ${c}`).toContain(c.replace(/\?$/, ''));
    const broken: Record<string, unknown[]> = {};
    for (const [check, sql] of Object.entries(checksOf(table, columns))) {
      const rows = await queryRows(wh.conn, sql);
      if (rows.length) broken[check] = rows;
    }
    expect(broken).toEqual({});
  });
});

describe('the checks themselves', () => {
  it('find a duplicate key, a NULL key and a dangling reference', async () => {
    const wh = warehouses[0].wh!;
    await wh.conn.run(`CREATE TEMP TABLE broken AS SELECT * FROM dim_customer`);
    await wh.conn.run(`INSERT INTO broken SELECT * REPLACE ('C99999' AS owner_id) FROM dim_customer LIMIT 1`);
    await wh.conn.run(`INSERT INTO broken SELECT * REPLACE (NULL AS customer_id) FROM dim_customer LIMIT 1`);
    const columns = new Set(['customer_id', 'owner_id', 'owner_team_id']);
    const checks = checksOf('dim_customer', columns);
    const found: Record<string, number> = {};
    for (const [check, sql] of Object.entries(checks)) {
      found[check] = (await queryRows(wh.conn, sql.replaceAll('FROM dim_customer t', 'FROM broken t').replace(/FROM dim_customer GROUP/, 'FROM broken GROUP').replace(/FROM dim_customer WHERE/, 'FROM broken WHERE'))).length;
    }
    expect(found).toEqual({
      'unique (customer_id)': 1,
      'not null (customer_id)': 1,
      'owner_id → dim_person.person_id': 1,
      'owner_team_id → dim_team.team_id': 0,
    });
    await wh.conn.run(`DROP TABLE broken`);
  });
});
