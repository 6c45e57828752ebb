/**
 * Instalments (收款计划, issue 20 item 5): an invoice with a payment schedule is aged and overdue line by line;
 * what is paid settles the earliest instalments first. Every value is computed by hand in the comments.
 *
 * C1 (30 credit days, owner P1):
 *   I01 Jan 10, 1000.00 in three instalments: Jan 31 300, Feb 28 300, Mar 31 400 (its due_date: Mar 31, the last)
 *   I02 Jan 20, 500.00, due Feb 19, no schedule
 *   I03 Jan 15, USD 100.00 = 710.00 本币 (7.1), two instalments in USD: Feb 14 33.33, Mar 16 66.67
 *   R01 Feb 10 400.00 names I01; R02 Mar 15 200.00 names I02; R03 Apr 10 600.00 names I01 (paid up); R04 May 10
 *   710.00 names I03 (paid up). P1 is a 业务员 with a monthly salary of 10000 (逾期考核's salary deduction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { runModel } from '../../transforms/model/index.js';
import { runPolicies } from '../../transforms/policies/index.js';
import { POLICIES_DIR } from '../policies/shipped.js';
import { loadStaging } from '../helpers/staging.js';
import { rows } from './model-helpers.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse();
  await loadStaging(wh.conn, {
    customers: ['C1 甲公司 owner=P1 days=30'],
    people: ['P1 张三 T1 一组 role=业务员 salary=10000'],
    invoices: ['I01 C1 2025-01-10 1000.00', 'I02 C1 2025-01-20 500.00 due=2025-02-19', 'I03 C1 2025-01-15 710.00'],
    receipts: ['R01 C1 2025-02-10 400.00 invoice=I01', 'R02 C1 2025-03-15 200.00 invoice=I02', 'R03 C1 2025-04-10 600.00 invoice=I01', 'R04 C1 2025-05-10 710.00 invoice=I03'],
    payment_schedule: ['I01 2025-01-31 300.00', 'I01 2025-02-28 300.00', 'I01 2025-03-31 400.00', 'I03 2025-02-14 33.33', 'I03 2025-03-16 66.67'],
  });
  await wh.conn.run(`ALTER TABLE stg_invoices ADD COLUMN currency VARCHAR;
    ALTER TABLE stg_invoices ADD COLUMN fx_rate DECIMAL(18,6);
    ALTER TABLE stg_invoices ADD COLUMN amount_fc DECIMAL(18,2);
    UPDATE stg_invoices SET currency = 'USD', fx_rate = 7.1, amount_fc = 100.00 WHERE invoice_id = 'I03';`);
  await runModel(wh.conn);
  await runPolicies(wh, POLICIES_DIR);
});
afterAll(async () => {
  await wh?.close();
});

const items = async (asOf: string) =>
  (
    await rows(
      wh,
      `SELECT invoice_id, strftime(due_date, '%Y-%m-%d') AS due, open_amount, days_overdue, aging_bucket
       FROM fct_open_item WHERE as_of = '${asOf}' ORDER BY invoice_id, due_date`,
    )
  ).map((r) => `${r.invoice_id} ${r.due} ${r.open_amount} ${r.days_overdue} ${r.aging_bucket}`);

describe('fct_open_item by instalment', () => {
  it('splits a scheduled invoice into its due-date lines; the last due date is the invoice’s', async () => {
    const inv = await rows(wh, `SELECT invoice_id, strftime(due_date, '%Y-%m-%d') AS due, instalments FROM fct_invoice ORDER BY invoice_id`);
    expect(inv).toEqual([
      { invoice_id: 'I01', due: '2025-03-31', instalments: 3 },
      { invoice_id: 'I02', due: '2025-02-19', instalments: null },
      { invoice_id: 'I03', due: '2025-03-16', instalments: 2 },
    ]);
  });

  it('Jan 31: everything open; the first instalment falls due that day (not yet overdue)', async () => {
    // I01 1000 open: Jan 31 300 (0 days), Feb 28 300 (−28), Mar 31 400 (−59); I02 500 (due Feb 19: −19)
    // I03 710 本币: 33.33 USD → round(33.33 × 7.1, 2) = 236.64 (due Feb 14: −14); the rest 710 − 236.64 = 473.36 (Mar 16: −44)
    expect(await items('2025-01-31')).toEqual([
      'I01 2025-01-31 300.00 0 not_due',
      'I01 2025-02-28 300.00 -28 not_due',
      'I01 2025-03-31 400.00 -59 not_due',
      'I02 2025-02-19 500.00 -19 not_due',
      'I03 2025-02-14 236.64 -14 not_due',
      'I03 2025-03-16 473.36 -44 not_due',
    ]);
  });

  it('Feb 28: the 400 paid settles the first instalment whole and 100 of the second', async () => {
    // I01 open 600: Jan 31 line least(300, 600 − 700) → 0, gone; Feb 28 line least(300, 600 − 400) = 200 (0 days);
    // Mar 31 line 400 (−31). I02 500, 9 days overdue. I03 unpaid: its Feb 14 line 14 days overdue.
    expect(await items('2025-02-28')).toEqual([
      'I01 2025-02-28 200.00 0 not_due',
      'I01 2025-03-31 400.00 -31 not_due',
      'I02 2025-02-19 500.00 9 1-30',
      'I03 2025-02-14 236.64 14 1-30',
      'I03 2025-03-16 473.36 -16 not_due',
    ]);
  });

  it('Mar 31: each line ages by its own due date, in mart_aging and the overdue amount', async () => {
    // I01: Feb 28 line 200 is 31 days overdue (31-60), Mar 31 line 400 due today; I02 300 (40 days);
    // I03: 236.64 (45 days), 473.36 (15 days)
    expect(await items('2025-03-31')).toEqual([
      'I01 2025-02-28 200.00 31 31-60',
      'I01 2025-03-31 400.00 0 not_due',
      'I02 2025-02-19 300.00 40 31-60',
      'I03 2025-02-14 236.64 45 31-60',
      'I03 2025-03-16 473.36 15 1-30',
    ]);
    const aging = await rows(
      wh,
      `SELECT bucket, amount, items FROM mart_aging WHERE period_key = '2025-03' AND level = 'company' AND basis = 'due' AND items > 0 ORDER BY bucket_order`,
    );
    // not due 400 (1); 1-30 473.36 (1); 31-60 200 + 300 + 236.64 = 736.64 (3)
    expect(aging.map((r) => `${r.bucket} ${r.amount} ${r.items}`)).toEqual(['not_due 400.00 1', '1-30 473.36 1', '31-60 736.64 3']);
    const [m] = await rows(wh, `SELECT ar_balance, overdue_amount FROM mart_ar_metrics WHERE period_key = '2025-03' AND level = 'company'`);
    // balance 600 + 300 + 710 = 1610; overdue 1610 − 400 (not due) = 1210
    expect([m.ar_balance, m.overdue_amount]).toEqual(['1610.00', '1210.00']);
  });
});

describe('逾期考核 by instalment', () => {
  const item = async (period: string, name: string) =>
    (
      await rows(
        wh,
        `SELECT item, CAST(amount AS VARCHAR) AS amount FROM mart_scores
         WHERE policy = 'overdue' AND level = 'person' AND unit_id = 'P1' AND period_key = '${period}' AND item LIKE '${name}%'`,
      )
    )[0]?.amount;

  it('deducts by the longest overdue line and refunds only what paid the lines that were overdue', async () => {
    // Mar 31: I01's Feb 28 line 31 days, I02 40, I03's Feb 14 line 45 → 1 month at most → 10 % of 10000
    expect(await item('2025-03', '逾期扣薪')).toBe('-1000.00');
    // Apr 30: I01 paid up; I02 70 days, I03's Feb 14 line 75 days → 2 months → 30 %
    expect(await item('2025-04', '逾期扣薪')).toBe('-3000.00');
    // March's deduction was for 200 + 300 + 236.64 = 736.64 overdue. R03's 600 paid I01's 200 overdue line and its
    // 400 line not yet due then: 200 counts → 1000 × 200 / 736.64 = 271.50
    expect(await item('2025-04', '扣薪退还')).toBe('271.50');
    // May: R04 pays I03 whole. For March, only its Feb 14 line was overdue: 1000 × 236.64 / 736.64 = 321.24;
    // April's 3000 was for 300 + 236.64 + 473.36 = 1010, of which 710 is paid, counted once although two lines of I03
    // triggered it: 3000 × 710 / 1010 = 2108.91 → 2430.15 (a full refund of 3000 would count I03's payment twice)
    expect(await item('2025-05', '扣薪退还')).toBe('2430.15');
  });
});
