/**
 * Test helper: the stg_* tables of the warehouse contract (transforms/warehouse.ts), created directly with
 * SQL and filled from compact one-line literals, so model tests do not depend on the loader.
 *
 * One document per string: required fields by position, optional ones as key=value.
 *   customers  'C1 华东机电 owner=P1 days=30 type=优质 region=华东 limit=50000'
 *   people     'P1 张三 T1 一组 role=业务员 manager=M1 salary=8000 region=华东 left=2025-09-30'
 *   assignments 'P1 T2 2025-07-01 name=二组 manager=M2 role=业务员'  (任职记录: person, team, valid_from)
 *   invoices   'I01 C1 2025-01-05 1000.00 due=2025-02-04 person=P2 cost=700 contract=K1 deferred=2025-06-30'
 *   receipts   'R01 C1 2025-01-25 300.00 invoice=I02 method=bank_acceptance'
 *   writeoffs  'W01 C3 2025-03-20 50.00 invoice=I09'
 *   targets    '2025-Q1 P1 5000 sales=8000'  (unit 'P1' is a person, 'team:T1' a team)
 *   collection_log '2025-03-01 C1 P1 电话 promise=2025-03-10 amount=1000.00 invoice=I01 result=承诺付款'
 *   payment_schedule 'I01 2025-02-28 300.00'  (an instalment: invoice, due date, amount)
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface StagingData {
  customers?: string[];
  people?: string[];
  invoices?: string[];
  receipts?: string[];
  writeoffs?: string[];
  targets?: string[];
  collection_log?: string[];
  payment_schedule?: string[];
  assignments?: string[];
}

export const STAGING_DDL = `
CREATE OR REPLACE TABLE stg_customers (
  customer_id VARCHAR NOT NULL, customer_name VARCHAR NOT NULL, credit_limit DECIMAL(18,2), credit_days INTEGER NOT NULL,
  customer_type VARCHAR, region VARCHAR, owner_id VARCHAR, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_people (
  person_id VARCHAR NOT NULL, person_name VARCHAR NOT NULL, team_id VARCHAR NOT NULL, team_name VARCHAR NOT NULL,
  role VARCHAR, manager_id VARCHAR, monthly_salary DECIMAL(18,2), region VARCHAR, left_on DATE,
  source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_assignments (
  person_id VARCHAR NOT NULL, team_id VARCHAR NOT NULL, team_name VARCHAR, manager_id VARCHAR, role VARCHAR, valid_from DATE NOT NULL,
  source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_invoices (
  invoice_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, invoice_date DATE NOT NULL, amount DECIMAL(18,2) NOT NULL,
  due_date DATE, person_id VARCHAR, cost_amount DECIMAL(18,2), contract_id VARCHAR, deferred_until DATE,
  source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_receipts (
  receipt_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, receipt_date DATE NOT NULL, amount DECIMAL(18,2) NOT NULL,
  invoice_id VARCHAR, method VARCHAR, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_targets (
  period_key VARCHAR NOT NULL, grain VARCHAR NOT NULL, person_id VARCHAR, team_id VARCHAR,
  collection_target DECIMAL(18,2) NOT NULL, sales_target DECIMAL(18,2), source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_writeoffs (
  writeoff_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, writeoff_date DATE NOT NULL, amount DECIMAL(18,2) NOT NULL,
  invoice_id VARCHAR, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_kpi_inputs (
  period_key VARCHAR NOT NULL, grain VARCHAR NOT NULL, unit_type VARCHAR NOT NULL, unit_id VARCHAR NOT NULL,
  kpi VARCHAR NOT NULL, value VARCHAR NOT NULL, value_number DOUBLE, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_collection_log (
  contact_date DATE NOT NULL, customer_id VARCHAR NOT NULL, invoice_id VARCHAR, person_id VARCHAR NOT NULL, action VARCHAR NOT NULL,
  result VARCHAR, promise_date DATE, promise_amount DECIMAL(18,2), note VARCHAR, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
CREATE OR REPLACE TABLE stg_payment_schedule (
  invoice_id VARCHAR NOT NULL, due_date DATE NOT NULL, amount DECIMAL(18,2) NOT NULL, source_file VARCHAR NOT NULL, source_line INTEGER NOT NULL);
`;

type Value = string | number | null;

function lit(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** 'a b k=v' → positional ['a','b'] and options {k: 'v'}. */
function parse(line: string, required: number): { pos: string[]; opt: Record<string, string> } {
  const words = line.trim().split(/\s+/);
  const pos = words.filter((w) => !w.includes('='));
  const opt = Object.fromEntries(words.filter((w) => w.includes('=')).map((w) => w.split('=', 2) as [string, string]));
  if (pos.length !== required) throw new Error(`expected ${required} positional fields in '${line}'`);
  return { pos, opt };
}

function grainOf(periodKey: string): 'month' | 'quarter' | 'year' {
  if (/^\d{4}-\d{2}$/.test(periodKey)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(periodKey)) return 'quarter';
  if (/^\d{4}$/.test(periodKey)) return 'year';
  throw new Error(`bad period key ${periodKey}`);
}

const ROWS: { [K in keyof Required<StagingData>]: { table: string; required: number; row: (p: string[], o: Record<string, string>) => Value[] } } = {
  customers: {
    table: 'stg_customers',
    required: 2,
    row: ([id, name], o) => [id, name, o.limit ?? null, Number(o.days ?? 30), o.type ?? null, o.region ?? null, o.owner ?? null],
  },
  people: {
    table: 'stg_people',
    required: 4,
    row: ([id, name, team, teamName], o) => [id, name, team, teamName, o.role ?? null, o.manager ?? null, o.salary ?? null, o.region ?? null, o.left ?? null],
  },
  invoices: {
    table: 'stg_invoices',
    required: 4,
    row: ([id, customer, date, amount], o) => [id, customer, date, amount, o.due ?? null, o.person ?? null, o.cost ?? null, o.contract ?? null, o.deferred ?? null],
  },
  receipts: {
    table: 'stg_receipts',
    required: 4,
    row: ([id, customer, date, amount], o) => [id, customer, date, amount, o.invoice ?? null, o.method ?? null],
  },
  writeoffs: {
    table: 'stg_writeoffs',
    required: 4,
    row: ([id, customer, date, amount], o) => [id, customer, date, amount, o.invoice ?? null],
  },
  targets: {
    table: 'stg_targets',
    required: 3,
    row: ([period, unit, target], o) => [
      period,
      grainOf(period),
      unit.startsWith('team:') ? null : unit,
      unit.startsWith('team:') ? unit.slice(5) : null,
      target,
      o.sales ?? null,
    ],
  },
  collection_log: {
    table: 'stg_collection_log',
    required: 4,
    row: ([date, customer, person, action], o) => [date, customer, o.invoice ?? null, person, action, o.result ?? null, o.promise ?? null, o.amount ?? null, o.note ?? null],
  },
  payment_schedule: {
    table: 'stg_payment_schedule',
    required: 3,
    row: ([invoice, due, amount]) => [invoice, due, amount],
  },
  assignments: {
    table: 'stg_assignments',
    required: 3,
    row: ([person, team, from], o) => [person, team, o.name ?? null, o.manager ?? null, o.role ?? null, from],
  },
};

/** Create every stg_* table (empty). */
export async function createStaging(conn: DuckDBConnection): Promise<void> {
  await conn.run(STAGING_DDL);
}

/** Create the stg_* tables and insert the documents. */
export async function loadStaging(conn: DuckDBConnection, data: StagingData): Promise<void> {
  await createStaging(conn);
  for (const key of Object.keys(ROWS) as (keyof StagingData)[]) {
    const lines = data[key] ?? [];
    if (lines.length === 0) continue;
    const spec = ROWS[key];
    const values = lines.map((line, i) => {
      const { pos, opt } = parse(line, spec.required);
      return `(${[...spec.row(pos, opt), `${key}.csv`, i + 2].map(lit).join(', ')})`;
    });
    await conn.run(`INSERT INTO ${spec.table} VALUES ${values.join(',\n')}`);
  }
}
