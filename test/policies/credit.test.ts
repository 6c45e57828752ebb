/**
 * 客户信用等级与黑名单 (issue 18): the shipped policies/credit.yaml on hand-made model rows.
 *   days late: ≤ 0 → 35, ≤ 15 → 28, ≤ 30 → 20, ≤ 60 → 10, else 0; overdue share: 0% → 25, ≤ 10% → 20, ≤ 30% → 12,
 *   ≤ 50% → 5, else 0; promises: 15 − 5 per broken; write-offs: 15 without one; limit usage: ≤ 80% → 10, ≤ 100% → 5,
 *   else 0. Grades A ≥ 85, B ≥ 70, C ≥ 50, D. Blacklist: an item more than 180 days overdue, a write-off or 3
 *   broken promises in the 12 months; left after 3 month ends in a row without any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { loadPolicies } from '../../transforms/policies/config.js';
import { writeCredit } from '../../transforms/policies/credit.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';
import { configProblem, POLICIES_DIR, shippedVariant } from './shipped.js';

const MONTHS = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30'];
const key = (d: string) => d.slice(0, 7);

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse();
  // G: graded at 2025-03 by hand. X: blacklisted by an item 181 days overdue in February, off again in May.
  // P: 3 broken promises. W: a write-off. Z: a limit of 0 (款到发货) with AR.
  const ar = [
    ...MONTHS.map((m) => `('X', '${key(m)}', 1000.00, ${m === '2025-02-28' ? '1000.00' : '0.00'})`),
    `('G', '2025-03', 20000.00, 3000.00)`,
    `('P', '2025-03', 1000.00, 0.00)`,
    `('W', '2025-03', 1000.00, 0.00)`,
    `('Z', '2025-03', 100.00, 0.00)`,
    // no AR and nothing in the window: not graded
    `('N', '2025-03', 0.00, 0.00)`,
  ];
  await wh.conn.run(`
    CREATE TABLE dim_period (period_key VARCHAR, grain VARCHAR, as_of_date DATE);
    INSERT INTO dim_period VALUES ${MONTHS.map((m) => `('${key(m)}', 'month', DATE '${m}')`).join(', ')}, ('2025-Q1', 'quarter', DATE '2025-03-31');
    CREATE TABLE mart_ar_metrics (level VARCHAR, grain VARCHAR, unit_id VARCHAR, period_key VARCHAR, ar_balance DECIMAL(18,2), overdue_amount DECIMAL(18,2));
    INSERT INTO mart_ar_metrics SELECT 'customer', 'month', * FROM (VALUES ${ar.join(', ')});
    INSERT INTO mart_ar_metrics VALUES ('customer', 'quarter', 'G', '2025-Q1', 1.00, 1.00);
    CREATE TABLE dim_customer (customer_id VARCHAR, customer_name VARCHAR, owner_id VARCHAR, credit_limit DECIMAL(18,2));
    INSERT INTO dim_customer VALUES ('G', '甲', 'P1', 25000.00), ('X', '乙', 'P1', NULL), ('P', '丙', 'P1', NULL), ('W', '丁', 'P1', NULL),
      ('Z', '戊', 'P1', 0.00), ('N', '己', 'P1', NULL);
    CREATE TABLE fct_application (customer_id VARCHAR, source_type VARCHAR, source_date DATE, due_date DATE, amount DECIMAL(18,2));
    INSERT INTO fct_application VALUES
      ('G', 'receipt', DATE '2025-01-10', DATE '2025-01-20', 6000.00),   -- 10 days early: 0 days late
      ('G', 'receipt', DATE '2025-02-25', DATE '2025-01-31', 4000.00),   -- 25 days late
      ('G', 'credit_note', DATE '2025-02-25', DATE '2025-01-01', 9999.00), -- a credit note is no payment
      ('G', 'receipt', DATE '2024-03-31', DATE '2023-12-22', 5000.00);   -- 100 days late, 12 months back: out of the window
    CREATE TABLE fct_promise (customer_id VARCHAR, status VARCHAR, status_date DATE);
    INSERT INTO fct_promise VALUES ('G', 'broken', DATE '2025-03-05'), ('G', 'partly_kept', DATE '2025-03-06'), ('G', 'kept', DATE '2025-03-07'),
      ('P', 'broken', DATE '2024-04-01'), ('P', 'broken', DATE '2024-10-01'), ('P', 'broken', DATE '2025-03-31'),
      ('P', 'broken', DATE '2024-03-31');  -- before the window
    CREATE TABLE fct_writeoff (customer_id VARCHAR, writeoff_date DATE, amount DECIMAL(18,2));
    INSERT INTO fct_writeoff VALUES ('W', DATE '2024-06-30', 800.00);
    CREATE TABLE fct_open_item (customer_id VARCHAR, period_key VARCHAR, days_overdue INTEGER, open_amount DECIMAL(18,2));
    INSERT INTO fct_open_item VALUES ('X', '2025-01', 180, 1000.00), ('X', '2025-02', 181, 1000.00), ('X', '2025-03', 400, 0.00),
      ('G', '2025-03', 20, 3000.00), ('G', '2025-03', -5, 17000.00);`);
  await writeCredit(wh.conn, loadPolicies(POLICIES_DIR, KINDS));
});
afterAll(async () => {
  await wh?.close();
});

const row = async (customer: string, month: string) =>
  (await queryRows(wh.conn, `SELECT * EXCLUDE (as_of, since, blacklisted_since), strftime(since, '%Y-%m-%d') AS since,
     strftime(blacklisted_since, '%Y-%m-%d') AS blacklisted_since, score::VARCHAR AS score_text
     FROM mart_customer_credit WHERE customer_id = '${customer}' AND period_key = '${month}'`))[0];

describe('mart_customer_credit', () => {
  it('a grade by hand: G at 2025-03 scores 28 + 12 + 10 + 15 + 10 = 75, grade B', async () => {
    const g = await row('G', '2025-03');
    // (6000 × 0 + 4000 × 25) / 10000 = 10.0 days → ≤ 15: 28; 3000 / 20000 = 15% → ≤ 30%: 12; 1 broken (partly kept
    // and kept ones do not count): 15 − 5 = 10; no write-off: 15; 20000 / 25000 = 80% → ≤ 80%: 10
    expect(g).toMatchObject({ days_late: 10, overdue_share_pct: 15, broken_promises: 1, limit_usage_pct: 80, max_days_overdue: 20 });
    expect([g.days_late_points, g.overdue_points, g.promise_points, g.writeoff_points, g.limit_points].map(String)).toEqual(['28.00', '12.00', '10.00', '15.00', '10.00']);
    expect(g).toMatchObject({ score_text: '75.00', score_grade: 'B', grade: 'B', blacklisted: false, terms: '维持现有信用额度和账期', reason: '按得分 75.00 定级' });
  });

  it('blacklisting and leaving the blacklist: 180 days is not yet, 181 is; off after 3 clean month ends', async () => {
    const x = await Promise.all(MONTHS.map((m) => row('X', key(m))));
    expect(x.map((r) => [r.grade, r.previous_grade, r.blacklisted, r.blacklist_trigger, r.blacklisted_since, r.since])).toEqual([
      ['A', null, false, false, null, '2025-01-31'],
      ['D', 'A', true, true, '2025-02-28', '2025-02-28'],
      ['D', 'D', true, false, '2025-02-28', '2025-02-28'],
      ['D', 'D', true, false, '2025-02-28', '2025-02-28'],
      ['A', 'D', false, false, null, '2025-05-31'],
      ['A', 'A', false, false, null, '2025-05-31'],
    ]);
    expect(x[1].reason).toBe('黑名单: 最长逾期 181 天, 超过 180 天');
    expect(x[2].reason).toBe('黑名单观察期: 最近一次触发在 2025-02, 连续 3 个月末不再触发后移出');
    expect(x[4].reason).toBe('移出黑名单: 连续 3 个月末未触发; 按得分 100.00 定级');
    // while blacklisted the score still says how it paid: 100 − 25 (all AR overdue, > 50%) = 75 → B, but the grade is D
    expect([x[1].score_text, x[1].score_grade]).toEqual(['75.00', 'B']);
  });

  it('3 broken promises in the 12 months blacklist; a write-off in them does too', async () => {
    const p = await row('P', '2025-03');
    expect(p).toMatchObject({ broken_promises: 3, blacklisted: true, grade: 'D', reason: '黑名单: 近期 3 次承诺未兑现' });
    expect(String(p.promise_points)).toBe('0.00');
    const w = await row('W', '2025-03');
    expect(w).toMatchObject({ blacklisted: true, grade: 'D', reason: '黑名单: 近期坏账核销 ¥800.00' });
    expect(String(w.writeoff_points)).toBe('0.00');
  });

  it('a limit of 0 (款到发货) with AR scores 0 for limit usage; no AR and nothing in the window: not graded', async () => {
    const z = await row('Z', '2025-03');
    expect(String(z.limit_points)).toBe('0.00');
    expect(z).toMatchObject({ limit_usage_pct: null, score_text: '90.00', grade: 'A' });
    expect(await row('N', '2025-03')).toBeUndefined();
  });

  it('without a credit policy file: both tables exist, empty', async () => {
    await writeCredit(wh.conn, []);
    const [{ n }] = await queryRows<{ n: bigint }>(wh.conn, `SELECT count(*) AS n FROM mart_customer_credit`);
    expect(Number(n)).toBe(0);
    await writeCredit(wh.conn, loadPolicies(POLICIES_DIR, KINDS));
  });
});

describe('credit policy file: validation', () => {
  const variant = (edit: (doc: Record<string, any>) => void) => shippedVariant('credit.yaml', edit);
  const problem = configProblem;
  it('tiers out of order name the tier', () => {
    expect(problem(variant((d) => (d.parameters.days_late_points.value[2].max_days = 5)))).toContain('days_late_points.value[2].max_days');
  });
  it('a blacklist grade that is no grade', () => {
    expect(problem(variant((d) => (d.parameters.blacklist_grade.value = 'E')))).toContain('blacklist_grade');
  });
  it('the last grade starts at 0', () => {
    expect(problem(variant((d) => (d.parameters.grades.value[3].min_score = 10)))).toContain('must start at 0');
  });
});
