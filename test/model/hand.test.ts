/**
 * The model on a small hand-made export (test/model/hand-export.ts): every expected value below was
 * computed by hand, with the arithmetic in the comment beside it.
 *
 * Dates are 2025 (Jan 31, Feb 28, Mar 31, Apr 30 days; Q1 = 90 days). Resolved due dates (+30 days):
 *   I01 Feb 4, I02 Feb 19, I03 Mar 12, I04 Apr 30, I05 Mar 2, I06 Mar 17, I08 May 5, I09 Jan 25 (given),
 *   I10 Mar 22, I11 May 10. Persons: I03 is P2's (override); other C1/C3 invoices P1's; C2's P2's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../transforms/db.js';
import type { StagingData } from '../helpers/staging.js';
import { HAND_EXPORT } from './hand-export.js';
import { expectRow, modelWarehouse, rows, type Expected } from './model-helpers.js';
import { sequentialFifo } from './sequential-fifo.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await modelWarehouse(HAND_EXPORT);
});
afterAll(async () => {
  await wh?.close();
});

const MONTH_ENDS = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'];

describe('fct_application', () => {
  it('applies explicit first, then FIFO by due date within the customer; credit notes like receipts', async () => {
    const got = await rows(
      wh,
      `SELECT source_id, source_type, invoice_id, person_id, strftime(applied_date, '%Y-%m-%d') AS applied, amount, rule, is_acceptance
       FROM fct_application ORDER BY applied_date, source_id, invoice_id`,
    );
    expect(got.map((r) => `${r.source_id} ${r.source_type} ${r.invoice_id} ${r.person_id} ${r.applied} ${r.amount} ${r.rule}`)).toEqual([
      // R07 (Jan 8, 250) arrives before C3's first invoice: waits, applied on I09's date (Jan 10)
      'R07 receipt I09 P1 2025-01-10 250.00 fifo',
      // R01 names I02: 300 of its 500 (partial payment)
      'R01 receipt I02 P1 2025-01-25 300.00 explicit',
      // R08 100 → I09 (open 400 − 250 = 150)
      'R08 receipt I09 P1 2025-02-05 100.00 fifo',
      // R02 1200 over C1's open invoices by due date: I01 (due Feb 4) 1000, then I02 (due Feb 19) 500 − 300 = 200
      'R02 receipt I01 P1 2025-02-20 1000.00 fifo',
      'R02 receipt I02 P1 2025-02-20 200.00 fifo',
      // R04 2500: I05 (due Mar 2) 2000, I06 (due Mar 17) 500
      'R04 receipt I05 P2 2025-03-05 2000.00 fifo',
      'R04 receipt I06 P2 2025-03-05 500.00 fifo',
      // credit note I07 (−300, Mar 10) applied like a receipt to I06: 1200 − 500 − 300 = 400 left
      'I07 credit_note I06 P2 2025-03-10 300.00 fifo',
      // R03 500 → I03 (C1's only open invoice on Mar 15; P2 sold it, so P2 is credited)
      'R03 receipt I03 P2 2025-03-15 500.00 fifo',
      // R09 1000: I10 900, then 100 waits (unapplied at Mar 31) until I11 arrives on Apr 10
      'R09 receipt I10 P1 2025-03-28 900.00 fifo',
      'R09 receipt I11 P1 2025-04-10 100.00 fifo',
      // R05 1500: I06 400, I08 700; 400 left unapplied (150 of it refunded by R06)
      'R05 receipt I06 P2 2025-04-20 400.00 fifo',
      'R05 receipt I08 P2 2025-04-20 700.00 fifo',
    ]);
    expect(got.filter((r) => r.is_acceptance).map((r) => r.source_id)).toEqual(['R03']);
  });

  it('equals a straightforward sequential (day-by-day) FIFO', async () => {
    const model = await rows(
      wh,
      `SELECT source_id, invoice_id, strftime(applied_date, '%Y-%m-%d') AS d, CAST(sum(amount) AS VARCHAR) AS amount
       FROM fct_application GROUP BY ALL ORDER BY ALL`,
    );
    const sequential = await sequentialFifo(wh);
    expect(model.map((r) => `${r.source_id} ${r.invoice_id} ${r.d} ${r.amount}`).sort()).toEqual(sequential.applications);
    const writeoffs = await rows(
      wh,
      `SELECT writeoff_id, invoice_id, strftime(effective_date, '%Y-%m-%d') AS d, CAST(amount AS VARCHAR) AS amount
       FROM fct_writeoff WHERE invoice_id IS NOT NULL ORDER BY ALL`,
    );
    expect(writeoffs.map((r) => `${r.writeoff_id} ${r.invoice_id} ${r.d} ${r.amount}`).sort()).toEqual(sequential.writeoffs);
  });

  it('balances: Σ applications + unapplied = Σ receipts + Σ |credit notes|', async () => {
    // receipts 300+1200+500+2500+1500−150+250+100+1000 = 7200; credit notes 300 → 7500
    // applications 250+300+100+1000+200+2000+500+300+500+900+100+400+700 = 7250; unapplied at the end 250
    const [r] = await rows(
      wh,
      `SELECT (SELECT sum(amount) FROM fct_application) AS applied,
              (SELECT sum(unapplied_amount) FROM fct_unapplied WHERE as_of = DATE '2025-04-30') AS unapplied,
              (SELECT sum(amount) FROM fct_receipt) AS receipts`,
    );
    expect([r.applied, r.unapplied, r.receipts]).toEqual(['7250.00', '250.00', '7200.00']);
  });
});

describe('fct_writeoff', () => {
  it('reduces the named invoice, or the oldest-due open invoice when none is named', async () => {
    const got = await rows(
      wh,
      `SELECT writeoff_id, invoice_id, requested_invoice_id, strftime(writeoff_date, '%Y-%m-%d') AS d, amount, rule, person_id, team_id
       FROM fct_writeoff ORDER BY writeoff_id`,
    );
    expect(got).toEqual([
      // W01 names I09 (open 50 after R07 250 + R08 100): its person P1
      { writeoff_id: 'W01', invoice_id: 'I09', requested_invoice_id: 'I09', d: '2025-03-20', amount: '50.00', rule: 'explicit', person_id: 'P1', team_id: 'T1' },
      // W02 names nothing: C1's open invoices on Apr 30 are I03 (due Mar 12, 300) and I04 (due Apr 30, 600) → I03, P2's
      { writeoff_id: 'W02', invoice_id: 'I03', requested_invoice_id: null, d: '2025-04-30', amount: '100.00', rule: 'fifo', person_id: 'P2', team_id: 'T2' },
    ]);
  });
});

describe('fct_open_item', () => {
  it('lists every open invoice at every month end with days overdue and both buckets', async () => {
    const got = await rows(
      wh,
      `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, invoice_id, open_amount, days_overdue, aging_bucket, age_bucket
       FROM fct_open_item ORDER BY as_of, invoice_id`,
    );
    expect(got.map((r) => `${r.as_of} ${r.invoice_id} ${r.open_amount} ${r.days_overdue} ${r.aging_bucket} ${r.age_bucket}`)).toEqual([
      // Jan 31: I01 1000 (due Feb 4: −4, age 26); I02 500 − 300 = 200 (due Feb 19: −19, age 11);
      // I05 dated on the month end counts (due Mar 2: −30, age 0); I09 400 − 250 = 150 (due Jan 25: 6 overdue, age 21)
      '2025-01-31 I01 1000.00 -4 not_due 0-30',
      '2025-01-31 I02 200.00 -19 not_due 0-30',
      '2025-01-31 I05 2000.00 -30 not_due 0-30',
      '2025-01-31 I09 150.00 6 1-30 0-30',
      // Feb 28: I01, I02 paid by R02; I03 800 (due Mar 12: −12, age 18); I05 (−2, age 28); I06 1200 (due Mar 17: −17, age 13);
      // I09 150 − 100 = 50 (34 overdue, age 49); I10 900 (due Mar 22: −22, age 8)
      '2025-02-28 I03 800.00 -12 not_due 0-30',
      '2025-02-28 I05 2000.00 -2 not_due 0-30',
      '2025-02-28 I06 1200.00 -17 not_due 0-30',
      '2025-02-28 I09 50.00 34 31-60 31-60',
      '2025-02-28 I10 900.00 -22 not_due 0-30',
      // Mar 31: I03 800 − 500 = 300 (19 overdue, age 49); I04 dated on the month end (due Apr 30: −30, age 0);
      // I06 1200 − 500 − 300 = 400 (14 overdue, age 44); I05, I09 (written off), I10 closed
      '2025-03-31 I03 300.00 19 1-30 31-60',
      '2025-03-31 I04 600.00 -30 not_due 0-30',
      '2025-03-31 I06 400.00 14 1-30 31-60',
      // Apr 30: I03 300 − 100 (W02) = 200 (49 overdue, age 79); I04 due today: 0 days, not overdue (age 30);
      // I11 300 − 100 = 200 (due May 10: −10, age 20)
      '2025-04-30 I03 200.00 49 31-60 61-90',
      '2025-04-30 I04 600.00 0 not_due 0-30',
      '2025-04-30 I11 200.00 -10 not_due 0-30',
    ]);
  });
});

describe('fct_unapplied', () => {
  it('keeps unapplied cash per customer at each month end where it is not zero', async () => {
    const got = await rows(wh, `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, customer_id, owner_id, unapplied_amount FROM fct_unapplied ORDER BY ALL`);
    expect(got).toEqual([
      // C3 Mar 31: receipts 250 + 100 + 1000 = 1350 − applied by then 250 + 100 + 900 = 1250 → 100
      { as_of: '2025-03-31', customer_id: 'C3', owner_id: 'P1', unapplied_amount: '100.00' },
      // C2 Apr 30: receipts 2500 + 1500 − 150 + credit 300 = 4150 − applied 2000 + 500 + 300 + 400 + 700 = 3900 → 250
      { as_of: '2025-04-30', customer_id: 'C2', owner_id: 'P2', unapplied_amount: '250.00' },
    ]);
    // Jan 31: C3 received 250 on Jan 8 but it was applied on Jan 10 → nothing unapplied at any other month end
  });
});

describe('mart_aging', () => {
  async function aging(period: string, unit: string, basis: string) {
    const got = await rows(
      wh,
      `SELECT bucket, amount, items FROM mart_aging WHERE period_key = '${period}' AND unit_id = '${unit}' AND basis = '${basis}' ORDER BY bucket_order`,
    );
    return Object.fromEntries(got.map((r) => [r.bucket, `${r.amount}/${r.items}`]));
  }
  const due = (v: Partial<Record<string, string>>) => ({
    not_due: '0.00/0', '1-30': '0.00/0', '31-60': '0.00/0', '61-90': '0.00/0', '91-180': '0.00/0', '181-365': '0.00/0', '365+': '0.00/0', ...v,
  });
  const age = (v: Partial<Record<string, string>>) => ({
    '0-30': '0.00/0', '31-60': '0.00/0', '61-90': '0.00/0', '91-180': '0.00/0', '181-365': '0.00/0', '1-2y': '0.00/0', '2-3y': '0.00/0', '3y+': '0.00/0', ...v,
  });

  it('ages the company on both bases at every month end, every bucket present', async () => {
    // Jan: not due I01 1000 + I02 200 + I05 2000 = 3200 (3); 1-30: I09 150. All four aged ≤ 30 days: 3350 (4)
    expect(await aging('2025-01', 'company', 'due')).toEqual(due({ not_due: '3200.00/3', '1-30': '150.00/1' }));
    expect(await aging('2025-01', 'company', 'age')).toEqual(age({ '0-30': '3350.00/4' }));
    // Feb: not due I03 800 + I05 2000 + I06 1200 + I10 900 = 4900 (4); I09 50 is 34 days overdue and 49 days old
    expect(await aging('2025-02', 'company', 'due')).toEqual(due({ not_due: '4900.00/4', '31-60': '50.00/1' }));
    expect(await aging('2025-02', 'company', 'age')).toEqual(age({ '0-30': '4900.00/4', '31-60': '50.00/1' }));
    // Mar: not due I04 600; 1-30: I03 300 + I06 400 = 700 (2); ages: I04 0 days; I03 49, I06 44 → 31-60
    expect(await aging('2025-03', 'company', 'due')).toEqual(due({ not_due: '600.00/1', '1-30': '700.00/2' }));
    expect(await aging('2025-03', 'company', 'age')).toEqual(age({ '0-30': '600.00/1', '31-60': '700.00/2' }));
    // Apr: not due I04 600 + I11 200 = 800 (2); I03 200 is 49 days overdue, 79 days old
    expect(await aging('2025-04', 'company', 'due')).toEqual(due({ not_due: '800.00/2', '31-60': '200.00/1' }));
    expect(await aging('2025-04', 'company', 'age')).toEqual(age({ '0-30': '800.00/2', '61-90': '200.00/1' }));
  });

  it('ages a quarter at its end, and a person, team and customer at their own items', async () => {
    // Q1 is measured at Mar 31; Q2 (only April in the data) and the year 2025 at Apr 30
    expect(await aging('2025-Q1', 'company', 'due')).toEqual(await aging('2025-03', 'company', 'due'));
    expect(await aging('2025-Q2', 'company', 'age')).toEqual(await aging('2025-04', 'company', 'age'));
    expect(await aging('2025', 'company', 'due')).toEqual(await aging('2025-04', 'company', 'due'));
    // P2 at Mar 31: I03 300 and I06 400, both 1-30 overdue
    expect(await aging('2025-Q1', 'P2', 'due')).toEqual(due({ '1-30': '700.00/2' }));
    expect(await aging('2025-03', 'T2', 'due')).toEqual(due({ '1-30': '700.00/2' }));
    // C1 at Mar 31: I03 300 (overdue 19, age 49) and I04 600 (not due, age 0); a customer has only the buckets
    // holding its items (issue 21), the company, teams and persons every bucket
    expect(await aging('2025-03', 'C1', 'due')).toEqual({ not_due: '600.00/1', '1-30': '300.00/1' });
    expect(await aging('2025-03', 'C1', 'age')).toEqual({ '0-30': '600.00/1', '31-60': '300.00/1' });
    // C3 has nothing open at Mar 31: no aging rows at all
    expect(await aging('2025-03', 'C3', 'due')).toEqual({});
  });

  it('mart_aging_wide: the same amounts, one row per unit, buckets as columns', async () => {
    // Feb company (above): not due 4900 (4 items) + 31-60 overdue 50 (1); by age 0-30 4900, 31-60 50
    const [feb] = await rows(wh, `SELECT * FROM mart_aging_wide WHERE period_key = '2025-02' AND unit_id = 'company'`);
    expect([feb.total, feb.items, feb.d_not_due, feb.d_1_30, feb.d_31_60, feb.a_0_30, feb.a_31_60, feb.a_3yp].map(String)).toEqual(
      ['4950.00', '5', '4900.00', '0.00', '50.00', '4900.00', '50.00', '0.00'],
    );
    // C1 at Mar 31 (above); C3 has nothing open: no row
    const c = await rows(wh, `SELECT unit_id, total, d_not_due, d_1_30, d_31_60 FROM mart_aging_wide WHERE period_key = '2025-03' AND level = 'customer' ORDER BY unit_id`);
    // its empty buckets are 0, not NULL, though mart_aging has no row for them
    expect(c.find((r) => r.unit_id === 'C1')).toMatchObject({ total: '900.00', d_not_due: '600.00', d_1_30: '300.00', d_31_60: '0.00' });
    expect(c.map((r) => r.unit_id)).not.toContain('C3');
  });
});

describe('mart_ar_metrics: every column of docs/metrics.md', () => {
  async function metrics(period: string, unit: string) {
    const got = await rows(wh, `SELECT * FROM mart_ar_metrics WHERE period_key = '${period}' AND unit_id = '${unit}'`);
    expect(got, `${period} ${unit}`).toHaveLength(1);
    return got[0];
  }

  // Monthly flows used below (company): sales Jan 1000+500+2000+400 = 3900, Feb 800+1200+900 = 2900,
  // Mar 600 − 300 = 300, Apr 700+300 = 1000; collections Jan 300+250 = 550, Feb 1200+100 = 1300,
  // Mar 500+2500+1000 = 4000, Apr 1500−150 = 1350; write-offs Mar 50, Apr 100.
  // AR at month ends (fct_open_item): Jan 3350, Feb 4950, Mar 1300 (overdue 700), Apr 1000 (overdue 200).

  it('company, March 2025', async () => {
    const expected: Expected = {
      sales: '300.00', // 600 (I04) − 300 (credit note I07)
      gross_sales: '600.00',
      collections: '4000.00', // R03 500 + R04 2500 + R09 1000
      writeoffs: '50.00', // W01
      applied_collections: '4200.00', // 2000 + 500 + 300 (credit note) + 500 + 900
      applied_writeoffs: '50.00',
      ar_begin: '4950.00', // Feb 28
      ar_balance: '1300.00', // 300 + 600 + 400; roll-forward: 4950 + 600 − 4200 − 50 = 1300
      overdue_amount: '700.00', // I03 300 + I06 400
      current_amount: '600.00', // I04
      unapplied_amount: '100.00', // C3
      customers_open: 2, // C1, C2
      customers_overdue: 2,
      collection_target: '5000.00', // T1 (no row for March) = P1 2000; T2 = P2 3000
      collection_rate_target: 4000 / 5000, // 0.8
      collection_rate_balance: 4000 / (4950 + 300), // 0.7619…
      sales_collection_rate: 4000 / 300, // 13.33…
      bad_debt_rate_collections: 50 / 4000, // 0.0125
      bad_debt_rate_sales: 50 / 300,
      overdue_customer_ratio: 2 / 2,
      overdue_rate: 700 / 1300,
      collection_cycle: 1300 / 4000, // 0.325
      receivables_turnover: (300 / ((4950 + 1300) / 2)) * 12, // 300 / 3125 × 12 = 1.152
      // DSO: 3 months ending Mar 31 = Jan + Feb + Mar sales 3900 + 2900 + 300 = 7100 over 31 + 28 + 31 = 90 days
      dso: (1300 / 7100) * 90, // 16.4789
      // countback: 1300 against March 300 → all 31 days, 1000 left; February 2900 → 28 × 1000/2900 = 9.655
      dso_countback: 31 + (28 * 1000) / 2900, // 40.655
      best_possible_dso: (600 / 7100) * 90, // 7.6056
      average_days_delinquent: (1300 / 7100) * 90 - (600 / 7100) * 90, // 700/7100 × 90 = 8.8732
      cei: ((4950 + 300 - 1300) / (4950 + 300 - 600)) * 100, // 3950/4650 = 84.946
      dso_sales_3m: '7100.00',
      dso_days_3m: 90,
    };
    expectRow(await metrics('2025-03', 'company'), expected, 'company 2025-03');
  });

  it('company, 2025-Q1', async () => {
    const expected: Expected = {
      sales: '7100.00', // 3900 + 2900 + 300
      gross_sales: '7400.00', // 3900 + 2900 + 600
      collections: '5850.00', // 550 + 1300 + 4000
      writeoffs: '50.00',
      applied_collections: '6050.00', // Jan 550 + Feb 1300 + Mar 4200
      ar_begin: '0.00', // nothing before January
      ar_balance: '1300.00', // at Mar 31, not a sum of months; 0 + 7400 − 6050 − 50 = 1300
      overdue_amount: '700.00',
      current_amount: '600.00',
      unapplied_amount: '100.00',
      customers_open: 2,
      customers_overdue: 2,
      // T1 has its own Q1 row 6000; T2 has none → Σ persons: P2 has no Q1 row → its months 500 + 1000 + 3000 = 4500
      collection_target: '10500.00',
      collection_rate_target: 5850 / 10500,
      collection_rate_balance: 5850 / (0 + 7100),
      sales_collection_rate: 5850 / 7100,
      bad_debt_rate_collections: 50 / 5850,
      bad_debt_rate_sales: 50 / 7100,
      overdue_customer_ratio: 1,
      overdue_rate: 700 / 1300,
      collection_cycle: 1300 / 5850,
      receivables_turnover: (7100 / ((0 + 1300) / 2)) * 4, // 7100/650 × 4 = 43.69
      dso: (1300 / 7100) * 90, // the 3 months ending Mar 31, as for March
      dso_countback: 31 + (28 * 1000) / 2900,
      best_possible_dso: (600 / 7100) * 90,
      average_days_delinquent: (700 / 7100) * 90,
      cei: ((0 + 7100 - 1300) / (0 + 7100 - 600)) * 100, // 5800/6500 = 89.23
    };
    expectRow(await metrics('2025-Q1', 'company'), expected, 'company 2025-Q1');
  });

  // Team T2 = person P2: invoices I03 (800, Feb), I05 (2000, Jan), I06 (1200, Feb), I07 (−300, Mar), I08 (700, Apr).
  // Sales Jan 2000, Feb 2000, Mar −300. Collections credited: R04 2500 (to I05, I06) + R03 500 (to I03) in March.
  // AR: Feb 28 I03 800 + I05 2000 + I06 1200 = 4000 (all current); Mar 31 I03 300 + I06 400 = 700 (all overdue).
  it('team T2, March 2025', async () => {
    const expected: Expected = {
      sales: '-300.00', // only the credit note I07
      gross_sales: '0.00',
      collections: '3000.00', // 2500 + 500
      writeoffs: '0.00',
      applied_collections: '3300.00', // 2000 + 500 + 300 (credit note) + 500; 4000 + 0 − 3300 = 700
      ar_begin: '4000.00',
      ar_balance: '700.00',
      overdue_amount: '700.00',
      current_amount: '0.00',
      unapplied_amount: '0.00', // C2 (owner P2) has nothing unapplied at Mar 31
      customers_open: 2, // C1 (I03), C2 (I06)
      customers_overdue: 2,
      collection_target: '3000.00', // no T2 row: Σ persons = P2's March 3000
      collection_rate_target: 3000 / 3000,
      collection_rate_balance: 3000 / (4000 - 300), // 0.8108
      sales_collection_rate: 3000 / -300, // −10: a negative denominator is not zero
      bad_debt_rate_collections: 0 / 3000,
      bad_debt_rate_sales: 0, // 0 / −300
      overdue_customer_ratio: 2 / 2,
      overdue_rate: 700 / 700,
      collection_cycle: 700 / 3000,
      receivables_turnover: (-300 / ((4000 + 700) / 2)) * 12, // −1.5319
      dso: (700 / 3700) * 90, // 3-month sales 2000 + 2000 − 300 = 3700
      // countback: March sales ≤ 0 → its 31 days count, nothing used; February 2000 → 28 × 700/2000 = 9.8
      dso_countback: 31 + 9.8,
      best_possible_dso: 0, // current 0
      average_days_delinquent: (700 / 3700) * 90,
      cei: ((4000 - 300 - 700) / (4000 - 300 - 0)) * 100, // 3000/3700 = 81.08
    };
    expectRow(await metrics('2025-03', 'T2'), expected, 'T2 2025-03');
  });

  it('team T2, 2025-Q1', async () => {
    const expected: Expected = {
      sales: '3700.00',
      collections: '3000.00',
      writeoffs: '0.00',
      applied_collections: '3300.00',
      ar_begin: '0.00',
      ar_balance: '700.00', // 0 + 4000 gross − 3300 = 700
      overdue_amount: '700.00',
      current_amount: '0.00',
      unapplied_amount: '0.00',
      customers_open: 2,
      customers_overdue: 2,
      collection_target: '4500.00', // no T2 row: P2 has no Q1 row → 500 + 1000 + 3000
      collection_rate_target: 3000 / 4500,
      collection_rate_balance: 3000 / 3700,
      sales_collection_rate: 3000 / 3700,
      bad_debt_rate_collections: 0,
      bad_debt_rate_sales: 0,
      overdue_customer_ratio: 1,
      overdue_rate: 1,
      collection_cycle: 700 / 3000,
      receivables_turnover: (3700 / (700 / 2)) * 4, // 42.2857
      dso: (700 / 3700) * 90,
      dso_countback: 40.8,
      best_possible_dso: 0,
      average_days_delinquent: (700 / 3700) * 90,
      cei: ((3700 - 700) / (3700 - 0)) * 100,
    };
    expectRow(await metrics('2025-Q1', 'T2'), expected, 'T2 2025-Q1');
  });

  // Person P1: invoices I01 1000, I02 500, I09 400 (Jan), I10 900 (Feb), I04 600 (Mar), I11 300 (Apr).
  // Collections credited: Jan R01 300 + R07 250 = 550; Feb R02 1200 + R08 100 = 1300; Mar R09 1000
  // (900 to I10 and 100 to I11, both P1's; R03 went to P2's I03). AR: Feb 28 I09 50 + I10 900 = 950 (50 overdue);
  // Mar 31 I04 600 (current). Unapplied at Mar 31: C3's 100 (owner P1).
  it('person P1, March 2025', async () => {
    const expected: Expected = {
      sales: '600.00',
      collections: '1000.00',
      writeoffs: '50.00', // W01 on I09
      applied_collections: '900.00', // R09 → I10 (I11's 100 is applied on Apr 10)
      applied_writeoffs: '50.00',
      ar_begin: '950.00',
      ar_balance: '600.00', // 950 + 600 − 900 − 50 = 600
      overdue_amount: '0.00',
      current_amount: '600.00',
      unapplied_amount: '100.00',
      customers_open: 1, // C1 (I04)
      customers_overdue: 0,
      collection_target: '2000.00',
      collection_rate_target: 1000 / 2000,
      collection_rate_balance: 1000 / (950 + 600), // 0.6452
      sales_collection_rate: 1000 / 600,
      bad_debt_rate_collections: 50 / 1000,
      bad_debt_rate_sales: 50 / 600,
      overdue_customer_ratio: 0 / 1,
      overdue_rate: 0 / 600,
      collection_cycle: 600 / 1000,
      receivables_turnover: (600 / ((950 + 600) / 2)) * 12, // 9.2903
      dso: (600 / 3400) * 90, // 3-month sales 1900 + 900 + 600 = 3400
      dso_countback: 31, // 600 used up exactly by March's 600: 31 × 600/600
      best_possible_dso: (600 / 3400) * 90,
      average_days_delinquent: 0,
      cei: ((950 + 600 - 600) / (950 + 600 - 600)) * 100, // 100
    };
    expectRow(await metrics('2025-03', 'P1'), expected, 'P1 2025-03');
  });

  it('person P1, 2025-Q1', async () => {
    const expected: Expected = {
      sales: '3400.00', // 1900 + 900 + 600
      collections: '2850.00', // 550 + 1300 + 1000
      writeoffs: '50.00',
      applied_collections: '2750.00', // 550 + 1300 + 900; 0 + 3400 − 2750 − 50 = 600
      ar_begin: '0.00',
      ar_balance: '600.00',
      overdue_amount: '0.00',
      current_amount: '600.00',
      unapplied_amount: '100.00',
      customers_open: 1,
      customers_overdue: 0,
      collection_target: '5000.00', // P1's own Q1 row (its months would give 4500)
      collection_rate_target: 2850 / 5000, // 0.57
      collection_rate_balance: 2850 / 3400,
      sales_collection_rate: 2850 / 3400,
      bad_debt_rate_collections: 50 / 2850,
      bad_debt_rate_sales: 50 / 3400,
      overdue_customer_ratio: 0,
      overdue_rate: 0,
      collection_cycle: 600 / 2850,
      receivables_turnover: (3400 / (600 / 2)) * 4, // 45.33
      dso: (600 / 3400) * 90,
      dso_countback: 31,
      best_possible_dso: (600 / 3400) * 90,
      average_days_delinquent: 0,
      cei: ((3400 - 600) / (3400 - 600)) * 100,
    };
    expectRow(await metrics('2025-Q1', 'P1'), expected, 'P1 2025-Q1');
  });

  // Customer C1: sales Jan 1500, Feb 800, Mar 600; receipts Jan 300, Feb 1200, Mar 500.
  // AR: Feb 28 I03 800 (current); Mar 31 I03 300 (overdue) + I04 600 (current) = 900.
  it('customer C1, March 2025', async () => {
    const expected: Expected = {
      sales: '600.00',
      collections: '500.00', // R03: all of the customer's receipts, whoever is credited
      writeoffs: '0.00',
      applied_collections: '500.00', // 800 + 600 − 500 = 900
      ar_begin: '800.00',
      ar_balance: '900.00',
      overdue_amount: '300.00',
      current_amount: '600.00',
      unapplied_amount: '0.00',
      customers_open: 1,
      customers_overdue: 1,
      collection_target: null, // customers have no target
      collection_rate_target: null,
      collection_rate_balance: 500 / (800 + 600),
      sales_collection_rate: 500 / 600,
      bad_debt_rate_collections: 0,
      bad_debt_rate_sales: 0,
      overdue_customer_ratio: 1,
      overdue_rate: 300 / 900,
      collection_cycle: 900 / 500, // 1.8
      receivables_turnover: (600 / ((800 + 900) / 2)) * 12, // 8.4706
      dso: (900 / 2900) * 90, // 3-month sales 1500 + 800 + 600 = 2900
      // countback: 900 against March 600 → 31 days, 300 left; February 800 → 28 × 300/800 = 10.5
      dso_countback: 41.5,
      best_possible_dso: (600 / 2900) * 90,
      average_days_delinquent: (300 / 2900) * 90,
      cei: ((800 + 600 - 900) / (800 + 600 - 600)) * 100, // 500/800 = 62.5
    };
    expectRow(await metrics('2025-03', 'C1'), expected, 'C1 2025-03');
  });

  it('customer C1, 2025-Q1', async () => {
    const expected: Expected = {
      sales: '2900.00',
      collections: '2000.00',
      writeoffs: '0.00',
      applied_collections: '2000.00',
      ar_begin: '0.00',
      ar_balance: '900.00',
      overdue_amount: '300.00',
      current_amount: '600.00',
      unapplied_amount: '0.00',
      customers_open: 1,
      customers_overdue: 1,
      collection_target: null,
      collection_rate_target: null,
      collection_rate_balance: 2000 / 2900,
      sales_collection_rate: 2000 / 2900,
      bad_debt_rate_collections: 0,
      bad_debt_rate_sales: 0,
      overdue_customer_ratio: 1,
      overdue_rate: 300 / 900,
      collection_cycle: 900 / 2000,
      receivables_turnover: (2900 / (900 / 2)) * 4, // 25.78
      dso: (900 / 2900) * 90,
      dso_countback: 41.5,
      best_possible_dso: (600 / 2900) * 90,
      average_days_delinquent: (300 / 2900) * 90,
      cei: ((2900 - 900) / (2900 - 600)) * 100, // 86.96
    };
    expectRow(await metrics('2025-Q1', 'C1'), expected, 'C1 2025-Q1');
  });

  it('uses only the months inside the data for DSO, and measures partial periods at the last month end', async () => {
    // January: only one month of history: 3350 / 3900 × 31
    expectRow(await metrics('2025-01', 'company'), { dso: (3350 / 3900) * 31, dso_days_3m: 31, dso_sales_3m: '3900.00' }, 'company 2025-01');
    // Q2 (April only) and the year 2025 are measured at Apr 30: 3 months Feb–Apr 2900 + 300 + 1000 = 4200 over 89 days
    for (const period of ['2025-Q2', '2025']) {
      expectRow(
        await metrics(period, 'company'),
        { ar_balance: '1000.00', overdue_amount: '200.00', unapplied_amount: '250.00', dso: (1000 / 4200) * 89, dso_days_3m: 89 },
        `company ${period}`,
      );
    }
    // P2 in April: refund R06 (−150) and R05's unapplied 400 go to the owner P2: 400 + 700 + 400 − 150 = 1350
    expectRow(await metrics('2025-04', 'P2'), { collections: '1350.00', unapplied_amount: '250.00' }, 'P2 2025-04');
    // C3 in April: ar 200 (I11) against April sales 300 → 30 × 200/300 = 20 days
    expectRow(await metrics('2025-04', 'C3'), { dso_countback: 20 }, 'C3 2025-04');
  });

  it('NULL, never 0 or an error, when a denominator is zero', async () => {
    // C1 in April: no sales, no receipts, W02 100 written off; AR 800 (I03 200 + I04 600)
    expectRow(
      await metrics('2025-04', 'C1'),
      {
        sales: '0.00',
        collections: '0.00',
        writeoffs: '100.00',
        sales_collection_rate: null, // 0 / 0
        collection_cycle: null, // 800 / 0
        bad_debt_rate_collections: null, // 100 / 0
        bad_debt_rate_sales: null, // 100 / 0
        collection_rate_target: null, // no target
        collection_rate_balance: 0, // 0 / (900 + 0): a zero numerator is 0
        dso: (800 / 1400) * 89, // 3-month sales Feb 800 + Mar 600 + Apr 0 = 1400 over 28 + 31 + 30 days
      },
      'C1 2025-04',
    );
  });
});

describe('DSO edge cases', () => {
  // A: invoice 1000 on Jan 5 (due Feb 4), 100 received May 10. B: a credit note −900 on Jan 10 with nothing to
  // apply it to (unapplied credit). Company sales: Jan 1000 − 900 = 100, Feb–May 0.
  const EDGE: StagingData = {
    people: ['P1 张三 T1 一组'],
    customers: ['A 甲 owner=P1', 'B 乙 owner=P1'],
    invoices: ['IA A 2025-01-05 1000.00', 'CB B 2025-01-10 -900.00'],
    receipts: ['RA A 2025-05-10 100.00'],
  };
  it('counts all months when AR exceeds every month of sales, and NULLs DSO on zero 3-month sales', async () => {
    const edge = await modelWarehouse(EDGE);
    try {
      const get = async (period: string, unit: string) =>
        (await rows(edge, `SELECT * FROM mart_ar_metrics WHERE period_key = '${period}' AND unit_id = '${unit}'`))[0];
      // company Jan: AR 1000 > all sales so far (100) → every month of the data: 31 days; dso = 1000/100 × 31
      expectRow(await get('2025-01', 'company'), { ar_balance: '1000.00', unapplied_amount: '900.00', dso_countback: 31, dso: (1000 / 100) * 31 }, 'company 2025-01');
      // company May: AR 900, 3-month sales (Mar–May) 0 → dso, best possible and ADD NULL;
      // countback: 900 > 100 → all months Jan–May: 31 + 28 + 31 + 30 + 31 = 151
      expectRow(
        await get('2025-05', 'company'),
        { ar_balance: '900.00', dso: null, best_possible_dso: null, average_days_delinquent: null, dso_countback: 151, cei: ((1000 + 0 - 900) / (1000 + 0 - 0)) * 100 },
        'company 2025-05',
      );
      // customer A May: AR 900 against A's own sales (Jan 1000): Feb–May fully (28 + 31 + 30 + 31 = 120 days),
      // then 900 of January's 1000: 31 × 0.9 = 27.9 → 147.9
      expectRow(await get('2025-05', 'A'), { ar_balance: '900.00', dso_countback: 120 + 27.9 }, 'A 2025-05');
      // customer B: nothing open → countback 0 (not NULL); overdue_rate 0/0 → NULL
      expectRow(await get('2025-05', 'B'), { ar_balance: '0.00', unapplied_amount: '900.00', dso_countback: 0, overdue_rate: null, overdue_customer_ratio: null }, 'B 2025-05');
    } finally {
      await edge.close();
    }
  });
});

describe('degenerate exports', () => {
  it('an empty export builds every model table, empty', async () => {
    const empty = await modelWarehouse({});
    try {
      const [n] = await rows(empty, `SELECT (SELECT count(*) FROM mart_ar_metrics)::INTEGER AS metrics, (SELECT count(*) FROM dim_period)::INTEGER AS periods`);
      expect(n).toEqual({ metrics: 0, periods: 0 });
    } finally {
      await empty.close();
    }
  });

  it('keeps a zero or negative write-off and a write-off larger than the open AR, unallocated', async () => {
    const odd = await modelWarehouse({
      people: ['P1 张三 T1 一组'],
      customers: ['A 甲 owner=P1'],
      invoices: ['IA A 2025-01-05 100.00'],
      writeoffs: ['W0 A 2025-01-10 0.00', 'WN A 2025-01-10 -5.00', 'WX A 2025-01-20 130.00 invoice=IA'],
    });
    try {
      const got = await rows(odd, `SELECT writeoff_id, invoice_id, amount, rule FROM fct_writeoff ORDER BY writeoff_id, rule`);
      expect(got).toEqual([
        { writeoff_id: 'W0', invoice_id: null, amount: '0.00', rule: 'unallocated' },
        { writeoff_id: 'WN', invoice_id: null, amount: '-5.00', rule: 'unallocated' },
        // WX names IA: 100 of it fits the invoice, the other 30 finds no open invoice
        { writeoff_id: 'WX', invoice_id: 'IA', amount: '100.00', rule: 'explicit' },
        { writeoff_id: 'WX', invoice_id: null, amount: '30.00', rule: 'unallocated' },
      ]);
      const [m] = await rows(odd, `SELECT writeoffs, applied_writeoffs, ar_balance FROM mart_ar_metrics WHERE period_key = '2025-01' AND level = 'company'`);
      // wo(P) = 0 − 5 + 130 = 125 as exported; AR reduced by the 100 that met an invoice: 100 − 100 = 0
      expect(m).toEqual({ writeoffs: '125.00', applied_writeoffs: '100.00', ar_balance: '0.00' });
    } finally {
      await odd.close();
    }
  });
});

describe('backdated correctness', () => {
  it('the as-of view at each month end uses only documents dated ≤ t', async () => {
    for (const t of MONTH_ENDS) {
      const early = await modelWarehouse(documentsUpTo(HAND_EXPORT, t));
      try {
        for (const sql of [
          `SELECT invoice_id, open_amount, days_overdue, aging_bucket, age_bucket FROM fct_open_item WHERE as_of = DATE '${t}' ORDER BY ALL`,
          `SELECT customer_id, unapplied_amount FROM fct_unapplied WHERE as_of = DATE '${t}' ORDER BY ALL`,
          `SELECT level, unit_id, sales, writeoffs, applied_collections, ar_begin, ar_balance, overdue_amount, current_amount, unapplied_amount,
                  customers_open, customers_overdue, dso, dso_countback, cei
           FROM mart_ar_metrics WHERE grain = 'month' AND as_of_date = DATE '${t}' ORDER BY level, unit_id`,
        ]) {
          expect(await rows(early, sql), `${t}: ${sql}`).toEqual(await rows(wh, sql));
        }
      } finally {
        await early.close();
      }
    }
  });
});

/** The export with only the documents dated ≤ t (as if the later ones had not happened yet). */
function documentsUpTo(data: StagingData, t: string): StagingData {
  const dated = (lines: string[] | undefined) => (lines ?? []).filter((line) => line.split(/\s+/)[2] <= t);
  return { ...data, invoices: dated(data.invoices), receipts: dated(data.receipts), writeoffs: dated(data.writeoffs) };
}
