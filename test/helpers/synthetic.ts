/**
 * Test helper: a synthetic but realistic-shaped export written straight into the stg_* tables with SQL
 * (`range()` + `hash()`), deterministic for a given seed, from a few thousand to millions of invoices.
 * Used by the model invariants test and by the model benchmark; independent of the loader and the
 * sample generator.
 *
 * What it contains: a director, one manager per team and reps; customers with 30/45/60/90-day terms
 * (2 % without an owner); invoices over `months` months (3 % credit notes, 20 % with an explicit due date
 * unless `explicitDueDates` is false, 10 % sold by another person than the owner); per invoice ~70 % paid in
 * full (30 % of those naming the invoice), 15 % partly, 10 % in two instalments, 5 % never — old unpaid ones
 * written off after 400 days (60 % naming the invoice); 1 % extra prepayments; refunds; targets per
 * person-month and per team-quarter for half the teams.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createStaging } from './staging.js';

export interface SyntheticOptions {
  invoices: number;
  customers: number;
  persons: number;
  teams: number;
  months?: number;
  start?: string;
  seed?: number;
  explicitDueDates?: boolean;
}

export async function loadSyntheticStaging(conn: DuckDBConnection, o: SyntheticOptions): Promise<void> {
  const months = o.months ?? 36;
  const start = o.start ?? '2022-01-01';
  const seed = o.seed ?? 1;
  const explicitDue = o.explicitDueDates ?? true;
  await createStaging(conn);
  // u(i, salt): a uniform [0, 1) number per row and purpose
  await conn.run(`
    CREATE OR REPLACE TEMP MACRO u(i, salt) AS (hash(i, ${seed}, salt) % 1000000) / 1000000.0;
    CREATE OR REPLACE TEMP MACRO pick(i, salt, n) AS CAST(hash(i, ${seed}, salt) % n AS BIGINT);
    CREATE OR REPLACE TEMP MACRO pid(k) AS 'P' || lpad(CAST(k AS VARCHAR), 4, '0');
    CREATE OR REPLACE TEMP MACRO cid(k) AS 'C' || lpad(CAST(k AS VARCHAR), 6, '0');
    CREATE OR REPLACE TEMP MACRO tid(k) AS 'T' || lpad(CAST(k AS VARCHAR), 2, '0');
  `);
  const end = `(DATE '${start}' + INTERVAL ${months} MONTH - INTERVAL 1 DAY)::DATE`;
  const days = `(${end} - DATE '${start}' + 1)`;
  await conn.run(`
    INSERT INTO stg_people
    SELECT 'P0000', '总监', tid(1), '第1组', '销售总监', NULL, 30000, '华东', NULL, 'people.csv', 2
    UNION ALL
    SELECT pid(k), '员工' || k, tid(1 + (k - 1) % ${o.teams}), '第' || (1 + (k - 1) % ${o.teams}) || '组',
      CASE WHEN k <= ${o.teams} THEN '销售经理' ELSE '业务员' END,
      CASE WHEN k <= ${o.teams} THEN 'P0000' ELSE pid(1 + (k - 1) % ${o.teams}) END,
      6000 + pick(k, 'salary', 60) * 100, NULL, NULL, 'people.csv', CAST(k + 2 AS INTEGER)
    FROM range(1, ${o.persons} + 1) r(k);

    INSERT INTO stg_customers
    SELECT cid(k), '客户' || k, 100000 + pick(k, 'limit', 100) * 10000, [30, 45, 60, 90][1 + pick(k, 'terms', 4)],
      ['优质', '普通', '风险', '经销商'][1 + pick(k, 'type', 4)], NULL,
      CASE WHEN u(k, 'noowner') < 0.02 THEN NULL ELSE pid(1 + pick(k, 'owner', ${o.persons})) END,
      'customers.csv', CAST(k + 1 AS INTEGER)
    FROM range(1, ${o.customers} + 1) r(k);

    CREATE OR REPLACE TEMP TABLE syn_invoice AS
    SELECT
      i,
      'I' || lpad(CAST(i AS VARCHAR), 8, '0') AS invoice_id,
      cid(1 + pick(i, 'cust', ${o.customers})) AS customer_id,
      (DATE '${start}' + CAST(pick(i, 'date', ${days}) AS INTEGER))::DATE AS invoice_date,
      CASE WHEN u(i, 'cn') < 0.03 THEN -CAST((1000 + pick(i, 'amt', 500000)) / 100.0 AS DECIMAL(18,2))
           ELSE CAST((10000 + pick(i, 'amt', 10000000)) / 100.0 AS DECIMAL(18,2)) END AS amount,
      u(i, 'pay') AS pay
    FROM range(1, ${o.invoices} + 1) r(i);

    INSERT INTO stg_invoices
    SELECT invoice_id, customer_id, invoice_date, amount,
      CASE WHEN ${explicitDue} AND u(i, 'due') < 0.2 THEN (invoice_date + CAST([0, 15, 30, 45, 90][1 + pick(i, 'dued', 5)] AS INTEGER))::DATE END,
      CASE WHEN u(i, 'person') < 0.1 THEN pid(1 + pick(i, 'p', ${o.persons})) END,
      CASE WHEN amount > 0 THEN CAST(amount * 0.7 AS DECIMAL(18,2)) END, NULL, NULL, 'invoices.csv', CAST(i + 1 AS INTEGER)
    FROM syn_invoice;

    INSERT INTO stg_receipts
    WITH paying AS (SELECT * FROM syn_invoice WHERE amount > 0 AND pay < 0.95),
    receipt AS (
      -- full payment
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'A' AS receipt_id, customer_id,
        (invoice_date + CAST(5 + pick(i, 'lag', 115) AS INTEGER))::DATE AS receipt_date, amount,
        CASE WHEN u(i, 'named') < 0.3 THEN invoice_id END AS invoice_id
      FROM paying WHERE pay < 0.70
      UNION ALL
      -- partial payment
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'A', customer_id,
        (invoice_date + CAST(10 + pick(i, 'lag', 80) AS INTEGER))::DATE,
        CAST(amount * (0.4 + 0.5 * u(i, 'part')) AS DECIMAL(18,2)), NULL
      FROM paying WHERE pay >= 0.70 AND pay < 0.85
      UNION ALL
      -- two instalments
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'A', customer_id, (invoice_date + 30)::DATE,
        CAST(amount / 2 AS DECIMAL(18,2)), invoice_id
      FROM paying WHERE pay >= 0.85
      UNION ALL
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'B', customer_id, (invoice_date + 75)::DATE,
        amount - CAST(amount / 2 AS DECIMAL(18,2)), NULL
      FROM paying WHERE pay >= 0.85
      UNION ALL
      -- prepayments, and refunds of part of them a little later
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'P', customer_id, (invoice_date - 3)::DATE,
        CAST((10000 + pick(i, 'pre', 1000000)) / 100.0 AS DECIMAL(18,2)), NULL
      FROM syn_invoice WHERE u(i, 'prepay') < 0.04
      UNION ALL
      SELECT i, 'R' || lpad(CAST(i AS VARCHAR), 8, '0') || 'F', customer_id, (invoice_date - 1)::DATE,
        -CAST((10000 + pick(i, 'pre', 1000000)) / 400.0 AS DECIMAL(18,2)), NULL
      FROM syn_invoice WHERE u(i, 'prepay') < 0.003
    )
    SELECT receipt_id, customer_id, receipt_date, amount, invoice_id,
      ['cash', 'cash', 'cash', 'bank_acceptance', 'commercial_acceptance'][1 + pick(i, 'method', 5)],
      'receipts.csv', CAST(row_number() OVER (ORDER BY receipt_id) + 1 AS INTEGER)
    FROM receipt
    WHERE receipt_date BETWEEN DATE '${start}' AND ${end};

    INSERT INTO stg_writeoffs
    SELECT 'W' || lpad(CAST(i AS VARCHAR), 8, '0'), customer_id, (invoice_date + 400)::DATE, amount,
      CASE WHEN u(i, 'wonamed') < 0.6 THEN invoice_id END, 'writeoffs.csv', CAST(row_number() OVER (ORDER BY i) + 1 AS INTEGER)
    FROM syn_invoice
    WHERE amount > 0 AND pay >= 0.95 AND invoice_date + 400 <= ${end};

    INSERT INTO stg_targets
    SELECT strftime(m, '%Y-%m'), 'month', pid(k), NULL, 50000 + pick(k * 1000 + month(m), 'target', 50000),
      100000 + pick(k * 1000 + month(m), 'starget', 100000), 'targets.csv', 2
    FROM range(1, ${o.persons} + 1) r(k), (SELECT unnest(generate_series(DATE '${start}', ${end}, INTERVAL 1 MONTH)) AS m)
    UNION ALL
    SELECT strftime(m, '%Y') || '-Q' || quarter(m), 'quarter', NULL, tid(t), 500000 + pick(t * 100 + month(m), 'qt', 500000),
      NULL, 'targets.csv', 2
    FROM range(1, ${o.teams} + 1, 2) r(t), (SELECT unnest(generate_series(DATE '${start}', ${end}, INTERVAL 3 MONTH)) AS m);

    DROP TABLE syn_invoice;
  `);
}
