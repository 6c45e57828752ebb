/**
 * The sample must load with zero rejects: formats, unique ids, references, and the money rules the
 * model relies on (explicit receipts on the customer's own invoices, refunds covered by the customer's
 * credit, write-offs within the open amount), checked on the raw CSV files with DuckDB read_csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { column, scalar, useSampleTables } from './sampleHelpers.js';

const HEADERS: Record<string, string> = {
  'customers.csv': 'customer_id,customer_name,credit_limit,credit_days,customer_type,region,owner_id',
  'people.csv': 'person_id,person_name,team_id,team_name,role,manager_id,monthly_salary,region,left_on',
  'invoices.csv': 'invoice_id,customer_id,invoice_date,amount,due_date,person_id,cost_amount,contract_id,deferred_until',
  'receipts.csv': 'receipt_id,customer_id,receipt_date,amount,invoice_id,method',
  'targets.csv': 'period,person_id,team_id,collection_target,sales_target',
  'writeoffs.csv': 'writeoff_id,customer_id,writeoff_date,amount,invoice_id',
  'kpi_inputs.csv': 'period,unit_type,unit_id,kpi,value',
  'assignments.csv': 'person_id,team_id,team_name,manager_id,role,valid_from',
};

const MONEY = `'^-?[0-9]+\\.[0-9]{2}$'`;
const DATE_OK = (col: string): string => `(${col} IS NULL OR (regexp_matches(${col}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') AND try_strptime(${col}, '%Y-%m-%d') IS NOT NULL))`;
const IN_RANGE = (col: string): string => `${col} BETWEEN '2023-01-01' AND '2025-12-31'`;

/** name → SQL counting the rows that break the rule (0 expected). */
const RULES: Record<string, string> = {
  'unique customer_id': `SELECT count(*) - count(DISTINCT customer_id) FROM customers`,
  'unique customer_name': `SELECT count(*) - count(DISTINCT customer_name) FROM customers`,
  'unique person_id': `SELECT count(*) - count(DISTINCT person_id) FROM people`,
  'unique invoice_id': `SELECT count(*) - count(DISTINCT invoice_id) FROM invoices`,
  'unique receipt_id': `SELECT count(*) - count(DISTINCT receipt_id) FROM receipts`,
  'unique writeoff_id': `SELECT count(*) - count(DISTINCT writeoff_id) FROM writeoffs`,
  'unique target key': `SELECT count(*) - count(DISTINCT (period, person_id, team_id)) FROM targets`,
  'unique kpi key': `SELECT count(*) - count(DISTINCT (period, unit_type, unit_id, kpi)) FROM kpi_inputs`,
  'required fields present': `SELECT
      (SELECT count(*) FROM customers WHERE customer_id IS NULL OR customer_name IS NULL) +
      (SELECT count(*) FROM people WHERE person_id IS NULL OR person_name IS NULL OR team_id IS NULL OR team_name IS NULL) +
      (SELECT count(*) FROM invoices WHERE invoice_id IS NULL OR customer_id IS NULL OR invoice_date IS NULL OR amount IS NULL) +
      (SELECT count(*) FROM receipts WHERE receipt_id IS NULL OR customer_id IS NULL OR receipt_date IS NULL OR amount IS NULL) +
      (SELECT count(*) FROM writeoffs WHERE writeoff_id IS NULL OR customer_id IS NULL OR writeoff_date IS NULL OR amount IS NULL) +
      (SELECT count(*) FROM targets WHERE period IS NULL OR collection_target IS NULL) +
      (SELECT count(*) FROM kpi_inputs WHERE period IS NULL OR unit_type IS NULL OR unit_id IS NULL OR kpi IS NULL OR value IS NULL)`,
  'money formatted 1234.50': `SELECT
      (SELECT count(*) FROM customers WHERE NOT regexp_matches(credit_limit, ${MONEY})) +
      (SELECT count(*) FROM people WHERE NOT regexp_matches(monthly_salary, ${MONEY})) +
      (SELECT count(*) FROM invoices WHERE NOT regexp_matches(amount, ${MONEY}) OR NOT regexp_matches(coalesce(cost_amount, '0.00'), ${MONEY})) +
      (SELECT count(*) FROM receipts WHERE NOT regexp_matches(amount, ${MONEY}) OR amount::DECIMAL(18,2) = 0) +
      (SELECT count(*) FROM writeoffs WHERE NOT regexp_matches(amount, ${MONEY}) OR amount::DECIMAL(18,2) <= 0) +
      (SELECT count(*) FROM targets WHERE NOT regexp_matches(collection_target, ${MONEY}) OR NOT regexp_matches(sales_target, ${MONEY}))`,
  'dates valid YYYY-MM-DD': `SELECT
      (SELECT count(*) FROM invoices WHERE NOT (${DATE_OK('invoice_date')} AND ${DATE_OK('due_date')} AND ${DATE_OK('deferred_until')})) +
      (SELECT count(*) FROM receipts WHERE NOT ${DATE_OK('receipt_date')}) +
      (SELECT count(*) FROM writeoffs WHERE NOT ${DATE_OK('writeoff_date')})`,
  'documents dated 2023-01-01 … 2025-12-31': `SELECT
      (SELECT count(*) FROM invoices WHERE NOT ${IN_RANGE('invoice_date')}) +
      (SELECT count(*) FROM receipts WHERE NOT ${IN_RANGE('receipt_date')}) +
      (SELECT count(*) FROM writeoffs WHERE NOT ${IN_RANGE('writeoff_date')})`,
  'due date and deferral not before the invoice': `SELECT count(*) FROM invoices WHERE due_date < invoice_date OR deferred_until < coalesce(due_date, invoice_date)`,
  'credit days and limits are non-negative integers': `SELECT count(*) FROM customers WHERE NOT regexp_matches(credit_days, '^[0-9]+$') OR credit_limit::DECIMAL(18,2) < 0`,
  'customer owner is a rep': `SELECT count(*) FROM customers c LEFT JOIN people p ON p.person_id = c.owner_id WHERE p.role IS DISTINCT FROM '业务员'`,
  'customer region is the owner region': `SELECT count(*) FROM customers c JOIN people p ON p.person_id = c.owner_id WHERE c.region <> p.region`,
  'manager exists': `SELECT count(*) FROM people p LEFT JOIN people m ON m.person_id = p.manager_id WHERE p.manager_id IS NOT NULL AND m.person_id IS NULL`,
  'rep reports to the manager of the team': `SELECT count(*) FROM people p LEFT JOIN people m ON m.person_id = p.manager_id
      WHERE p.role = '业务员' AND (m.role IS DISTINCT FROM '销售经理' OR m.team_id <> p.team_id)`,
  'manager reports to the director of the region': `SELECT count(*) FROM people p LEFT JOIN people m ON m.person_id = p.manager_id
      WHERE p.role = '销售经理' AND (m.role IS DISTINCT FROM '销售总监' OR m.region <> p.region)`,
  'director has no manager': `SELECT count(*) FROM people WHERE role = '销售总监' AND manager_id IS NOT NULL`,
  'team id ↔ team name one to one': `SELECT count(*) FROM (SELECT team_id FROM people GROUP BY team_id HAVING count(DISTINCT team_name) > 1
      UNION ALL SELECT team_name FROM people GROUP BY team_name HAVING count(DISTINCT team_id) > 1)`,
  'invoice customer exists': `SELECT count(*) FROM invoices i ANTI JOIN customers c USING (customer_id)`,
  'invoice person is a rep': `SELECT count(*) FROM invoices i LEFT JOIN people p USING (person_id) WHERE i.person_id IS NOT NULL AND p.role IS DISTINCT FROM '业务员'`,
  'receipt customer exists': `SELECT count(*) FROM receipts ANTI JOIN customers USING (customer_id)`,
  'explicit receipt: own customer, not before the invoice, within its amount': `SELECT count(*) FROM receipts r LEFT JOIN invoices i USING (invoice_id)
      WHERE r.invoice_id IS NOT NULL AND (i.invoice_id IS NULL OR i.customer_id <> r.customer_id OR r.receipt_date < i.invoice_date
        OR i.amount::DECIMAL(18,2) <= 0 OR r.amount::DECIMAL(18,2) <= 0)`,
  'explicit receipts never exceed their invoice': `SELECT count(*) FROM (SELECT invoice_id, sum(amount::DECIMAL(18,2)) paid FROM receipts WHERE invoice_id IS NOT NULL GROUP BY 1) r
      JOIN invoices i USING (invoice_id) WHERE r.paid > i.amount::DECIMAL(18,2)`,
  'credit notes carry no due date or cost': `SELECT count(*) FROM invoices WHERE amount::DECIMAL(18,2) < 0 AND (due_date IS NOT NULL OR cost_amount IS NOT NULL OR deferred_until IS NOT NULL)`,
  'method in the four Chinese values': `SELECT count(*) FROM receipts WHERE method NOT IN ('电汇', '现金', '银行承兑汇票', '商业承兑汇票')`,
  'refund covered by the customer credit at its date': `WITH ev AS (
        SELECT customer_id, receipt_date d, amount::DECIMAL(18,2) a FROM receipts
        UNION ALL SELECT customer_id, invoice_date, -amount::DECIMAL(18,2) FROM invoices
        UNION ALL SELECT customer_id, writeoff_date, amount::DECIMAL(18,2) FROM writeoffs)
      SELECT count(*) FROM receipts r WHERE r.amount::DECIMAL(18,2) < 0
        AND (SELECT sum(a) FROM ev WHERE ev.customer_id = r.customer_id AND ev.d <= r.receipt_date) < 0`,
  'refunds never exceed what the customer paid before': `SELECT count(*) FROM receipts r WHERE r.amount::DECIMAL(18,2) < 0 AND
      (SELECT sum(amount::DECIMAL(18,2)) FROM receipts x WHERE x.customer_id = r.customer_id AND x.receipt_date <= r.receipt_date) < 0`,
  'write-off: own customer, invoice over a year old': `SELECT count(*) FROM writeoffs w LEFT JOIN invoices i USING (invoice_id)
      WHERE i.invoice_id IS NULL OR i.customer_id <> w.customer_id OR w.writeoff_date::DATE <= i.invoice_date::DATE + 365`,
  'write-off within the open amount under any application order': `SELECT count(*) FROM writeoffs w JOIN invoices i USING (invoice_id)
      WHERE w.amount::DECIMAL(18,2) > i.amount::DECIMAL(18,2)
          - coalesce((SELECT sum(r.amount::DECIMAL(18,2)) FROM receipts r WHERE r.invoice_id = w.invoice_id AND r.receipt_date <= w.writeoff_date), 0)
          - coalesce((SELECT sum(x.amount::DECIMAL(18,2)) FROM writeoffs x WHERE x.invoice_id = w.invoice_id AND x.writeoff_id <> w.writeoff_id), 0)
        OR EXISTS (SELECT 1 FROM receipts r WHERE r.customer_id = w.customer_id AND (r.invoice_id IS NULL OR r.receipt_date > w.writeoff_date))
        OR EXISTS (SELECT 1 FROM invoices c WHERE c.customer_id = w.customer_id AND c.amount::DECIMAL(18,2) < 0)`,
  'target for exactly one of person or team': `SELECT count(*) FROM targets WHERE (person_id IS NULL) = (team_id IS NULL)`,
  'target person is a rep, team exists': `SELECT count(*) FROM targets t LEFT JOIN people p USING (person_id)
      WHERE (t.person_id IS NOT NULL AND p.role IS DISTINCT FROM '业务员')
         OR (t.team_id IS NOT NULL AND t.team_id NOT IN (SELECT team_id FROM people))`,
  'target period key well-formed': `SELECT count(*) FROM targets WHERE NOT regexp_matches(period, '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$')`,
  'kpi unit exists': `SELECT count(*) FROM kpi_inputs k WHERE NOT (
        (unit_type = 'person' AND unit_id IN (SELECT person_id FROM people)) OR
        (unit_type = 'team' AND unit_id IN (SELECT team_id FROM people)) OR
        (unit_type = 'company' AND unit_id = 'company'))`,
};

describe('sample generator: integrity of the export', () => {
  const t = useSampleTables(20250101, 10_000);

  it('writes the canonical English headers in UTF-8 without BOM and without quoting', () => {
    for (const [file, header] of Object.entries(HEADERS)) {
      const text = readFileSync(join(t.sample().dir, file), 'utf8');
      expect(text.split('\n', 1)[0], file).toBe(header);
      expect(text.includes('"'), file).toBe(false);
      expect(text.endsWith('\n'), file).toBe(true);
    }
  });

  it.each(Object.keys(RULES))('%s', async (rule) => {
    expect(await scalar(t.w(), RULES[rule])).toBe(0);
  });

  it('reports file totals that equal the files to the cent', async () => {
    const total = async (table: string): Promise<string> =>
      (await column(t.w(), `SELECT coalesce(sum(amount::DECIMAL(18,2)), 0)::DECIMAL(18,2)::VARCHAR FROM ${table}`))[0];
    expect(await total('invoices')).toBe(t.sample().stats.amounts.invoices);
    expect(await total('receipts')).toBe(t.sample().stats.amounts.receipts);
    expect(await total('writeoffs')).toBe(t.sample().stats.amounts.writeoffs);
  });
});
