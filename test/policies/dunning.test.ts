/**
 * 分级催收 (issue 18): the shipped policies/dunning.yaml on hand-made open items at the month end 2025-03-31.
 * Levels: 1 友好提醒 from 7 days before the due date, 2 发送对账单 from 1 day past due, 3 电话催收 from 16,
 * 4 上门拜访 from 31 (or ≥ ¥200,000 from 1), 5 高层沟通 from 61 (or ≥ ¥500,000 from 31), 6 法务 from 91.
 * Each boundary is tested on the day before, at and after it.
 * Escalation (dunning.yaml escalation_*): +1 level for a customer with a promise not kept in full whose day fell
 * within 90 days up to the month end, +1 for a blacklisted customer, both adding up, never above level 6.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { loadPolicies } from '../../transforms/policies/config.js';
import { writeDunning } from '../../transforms/policies/dunning.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';
import { configProblem, POLICIES_DIR, shippedVariant } from './shipped.js';

const AS_OF = '2025-03-31';

interface Item {
  id: string;
  /** days past the due date at AS_OF (negative: before it) */
  days: number;
  amount: string;
  deferredUntil?: string;
  /** default C1 (no promises, not blacklisted) */
  customer?: string;
}

const ITEMS: Item[] = [
  { id: 'D-8', days: -8, amount: '1000.00' },
  { id: 'D-7', days: -7, amount: '1000.00' },
  { id: 'D0', days: 0, amount: '1000.00' },
  { id: 'D1', days: 1, amount: '1000.00' },
  { id: 'D15', days: 15, amount: '1000.00' },
  { id: 'D16', days: 16, amount: '1000.00' },
  { id: 'D30', days: 30, amount: '1000.00' },
  { id: 'D31', days: 31, amount: '1000.00' },
  { id: 'D60', days: 60, amount: '1000.00' },
  { id: 'D61', days: 61, amount: '1000.00' },
  { id: 'D90', days: 90, amount: '1000.00' },
  { id: 'D91', days: 91, amount: '1000.00' },
  { id: 'D400', days: 400, amount: '1000.00' },
  // amounts: a large item reaches 上门拜访 from the first day past due, a very large one 高层沟通 from day 31
  { id: 'A1-199999.99', days: 1, amount: '199999.99' },
  { id: 'A1-200000', days: 1, amount: '200000.00' },
  { id: 'A0-200000', days: 0, amount: '200000.00' },
  { id: 'A30-500000', days: 30, amount: '500000.00' },
  { id: 'A31-499999.99', days: 31, amount: '499999.99' },
  { id: 'A31-500000', days: 31, amount: '500000.00' },
  // a 特批 deferral: the days count from its end (due 31 days ago)
  { id: 'F-ended', days: 31, amount: '1000.00', deferredUntil: '2025-03-25' },
  { id: 'F-soon', days: 31, amount: '1000.00', deferredUntil: '2025-04-05' },
  { id: 'F-later', days: 31, amount: '1000.00', deferredUntil: '2025-04-15' },
  // a "deferral" that ends before the due date moves nothing
  { id: 'F-early', days: 20, amount: '1000.00', deferredUntil: '2025-03-01' },
  // a credit balance is nothing to collect
  { id: 'C-credit', days: 100, amount: '-50.00' },
  // escalation: 16 days past due is 电话催收 (3) by itself
  { id: 'E-broken', days: 16, amount: '1000.00', customer: 'K-broken' },
  { id: 'E-partly', days: 16, amount: '1000.00', customer: 'K-partly' },
  { id: 'E-kept', days: 16, amount: '1000.00', customer: 'K-kept' },
  { id: 'E-day90', days: 16, amount: '1000.00', customer: 'K-day90' },
  { id: 'E-day89', days: 16, amount: '1000.00', customer: 'K-day89' },
  { id: 'E-open', days: 16, amount: '1000.00', customer: 'K-open' },
  { id: 'E-black', days: 16, amount: '1000.00', customer: 'K-black' },
  { id: 'E-was-black', days: 16, amount: '1000.00', customer: 'K-was-black' },
  // 高层沟通 (5) + 2 is capped at 法务 (6)
  { id: 'E-both', days: 61, amount: '1000.00', customer: 'K-both' },
  // more than 7 days before due: no level to raise
  { id: 'E-early', days: -8, amount: '1000.00', customer: 'K-both' },
];

/** promises of the escalation cases: (customer, status, status_date, shortfall) */
const PROMISES: [string, string, string | null, string][] = [
  ['K-broken', 'broken', '2025-03-21', '1000.00'],
  ['K-partly', 'partly_kept', '2025-03-31', '0.01'],
  ['K-kept', 'kept', '2025-03-30', '0.00'],
  // 90 days before the month end: out of the window; 89 days: in it
  ['K-day90', 'broken', '2024-12-31', '500.00'],
  ['K-day89', 'broken', '2025-01-01', '500.00'],
  // a promise whose day is still to come raises nothing
  ['K-open', 'open', null, '300.00'],
  ['K-both', 'broken', '2025-02-15', '200.00'],
  ['K-both', 'partly_kept', '2025-03-15', '50.00'],
];

let wh: Warehouse;
async function build(): Promise<Map<string, Record<string, unknown>>> {
  await writeDunning(wh.conn, loadPolicies(POLICIES_DIR, KINDS));
  const rows = await queryRows(wh.conn, `SELECT * FROM mart_dunning ORDER BY invoice_id`);
  return new Map(rows.map((r) => [String(r.invoice_id), r]));
}

beforeAll(async () => {
  wh = await openWarehouse();
  const values = ITEMS.map(
    (i) =>
      `(DATE '${AS_OF}', '2025-03', '${i.id}', '${i.customer ?? 'C1'}', 'R1', 'T1', DATE '2024-12-01', DATE '${AS_OF}' - ${i.days}, ` +
      `${i.deferredUntil ? `DATE '${i.deferredUntil}'` : 'NULL'}, ${i.amount}, ${i.days}, 'x')`,
  );
  await wh.conn.run(`
    CREATE TABLE fct_open_item (as_of DATE, period_key VARCHAR, invoice_id VARCHAR, customer_id VARCHAR, person_id VARCHAR, team_id VARCHAR,
      invoice_date DATE, due_date DATE, deferred_until DATE, open_amount DECIMAL(18,2), days_overdue INTEGER, aging_bucket VARCHAR);
    INSERT INTO fct_open_item VALUES ${values.join(', ')};
    CREATE TABLE dim_team (team_id VARCHAR, team_name VARCHAR, region VARCHAR, manager_id VARCHAR, director_id VARCHAR, person_count INTEGER);
    INSERT INTO dim_team VALUES ('T1', '一部', '华东', 'M1', 'D1', 3);
    CREATE TABLE fct_promise (contact_id VARCHAR, customer_id VARCHAR, status VARCHAR, status_date DATE, shortfall DECIMAL(18,2));
    INSERT INTO fct_promise VALUES ${PROMISES.map(([c, st, d, sh], i) => `('CL${i}', '${c}', '${st}', ${d ? `DATE '${d}'` : 'NULL'}, ${sh})`).join(', ')};
    CREATE TABLE mart_customer_credit (as_of DATE, customer_id VARCHAR, blacklisted BOOLEAN);
    INSERT INTO mart_customer_credit VALUES (DATE '${AS_OF}', 'K-black', true), (DATE '${AS_OF}', 'K-both', true),
      (DATE '2025-02-28', 'K-was-black', true), (DATE '${AS_OF}', 'K-was-black', false);`);
});
afterAll(async () => {
  await wh?.close();
});

describe('mart_dunning with the shipped dunning policy', () => {
  it('each day boundary: the day before, at and after it', async () => {
    const d = await build();
    const level = (id: string) => (d.get(id)?.level as number | undefined) ?? null;
    expect(level('D-8')).toBeNull(); // more than 7 days before the due date: nothing to do yet
    expect([level('D-7'), level('D0')]).toEqual([1, 1]);
    expect([level('D1'), level('D15')]).toEqual([2, 2]);
    expect([level('D16'), level('D30')]).toEqual([3, 3]);
    expect([level('D31'), level('D60')]).toEqual([4, 4]);
    expect([level('D61'), level('D90')]).toEqual([5, 5]);
    expect([level('D91'), level('D400')]).toEqual([6, 6]);
    expect(d.get('D1')!.level_name).toBe('发送对账单');
    expect(d.get('D91')!.level_name).toBe('法务/第三方催收');
  });

  it('amount thresholds: ¥200,000 reaches 上门拜访 from day 1, ¥500,000 reaches 高层沟通 from day 31', async () => {
    const d = await build();
    expect(d.get('A1-199999.99')!.level).toBe(2);
    expect(d.get('A1-200000')!.level).toBe(4);
    expect(d.get('A0-200000')!.level).toBe(1); // not yet past due: the amount rule needs day 1
    expect(d.get('A30-500000')!.level).toBe(4); // 高层沟通's amount rule needs day 31; 上门拜访's applies
    expect(d.get('A31-499999.99')!.level).toBe(4);
    expect(d.get('A31-500000')!.level).toBe(5);
  });

  it('a 特批 deferral counts the days from its end; one ending before the due date changes nothing', async () => {
    const d = await build();
    expect(d.get('F-ended')).toMatchObject({ days_overdue: 31, days_past_due: 6, level: 2 });
    expect(d.get('F-soon')).toMatchObject({ days_past_due: -5, level: 1 });
    expect(d.has('F-later')).toBe(false); // −15 days: not yet
    expect(d.get('F-early')).toMatchObject({ days_past_due: 20, level: 3 });
  });

  it('who acts: the salesperson, the team’s manager, its director; legal is a department (no person)', async () => {
    const d = await build();
    expect(d.get('D1')).toMatchObject({ role: '业务员', responsible_id: 'R1' });
    expect(d.get('D31')).toMatchObject({ role: '销售经理', responsible_id: 'M1', action: '业务员与销售经理上门催收' });
    expect(d.get('D61')).toMatchObject({ role: '销售总监', responsible_id: 'D1' });
    expect(d.get('D91')).toMatchObject({ role: '法务', responsible_id: null });
  });

  it('a credit balance is not dunned', async () => {
    const d = await build();
    expect(d.has('C-credit')).toBe(false);
    expect(d.size).toBe(ITEMS.length - 4); // D-8, F-later, C-credit, E-early
  });

  it('escalation: a recent promise not kept in full or a blacklisted customer raises the level, capped at the top', async () => {
    const d = await build();
    const of = (id: string) => {
      const r = d.get(id)!;
      return [r.base_level, r.escalation_levels, r.level, r.escalation_reason];
    };
    expect(of('D16')).toEqual([3, 0, 3, null]);
    expect(of('E-broken')).toEqual([3, 1, 4, '1 个付款承诺未兑现(最近一次差 ¥1000.00) +1']);
    expect(of('E-partly')).toEqual([3, 1, 4, '1 个付款承诺未兑现(最近一次差 ¥0.01) +1']);
    expect(of('E-kept')).toEqual([3, 0, 3, null]);
    expect(of('E-day90')).toEqual([3, 0, 3, null]);
    expect(of('E-day89')).toEqual([3, 1, 4, '1 个付款承诺未兑现(最近一次差 ¥500.00) +1']);
    expect(of('E-open')).toEqual([3, 0, 3, null]);
    expect(of('E-black')).toEqual([3, 1, 4, '黑名单客户 +1']);
    // blacklisted last month, not at this month end
    expect(of('E-was-black')).toEqual([3, 0, 3, null]);
    // 5 + 1 + 1 capped at 6
    expect(of('E-both')).toEqual([5, 1, 6, '2 个付款承诺未兑现(最近一次差 ¥50.00) +1；黑名单客户 +1']);
    expect(d.get('E-both')).toMatchObject({ level_name: '法务/第三方催收', role: '法务' });
    expect(d.has('E-early')).toBe(false);
  });

  it('without a dunning policy file: the levels table is empty and so is the view', async () => {
    await writeDunning(wh.conn, []);
    const [{ n }] = await queryRows<{ n: bigint }>(wh.conn, `SELECT count(*) AS n FROM mart_dunning`);
    expect(Number(n)).toBe(0);
  });
});

describe('dunning policy file: validation', () => {
  const variant = (edit: (doc: Record<string, any>) => void) => shippedVariant('dunning.yaml', edit);
  const problem = configProblem;

  it('days out of order name the level', () => {
    expect(problem(variant((d) => (d.parameters.dunning_levels.value[2].min_days_past_due = 0)))).toMatch(
      /dunning_levels\.value\[\d\]\.min_days_past_due/,
    );
  });
  it('levels numbered 1, 2, 3 … in order', () => {
    expect(problem(variant((d) => (d.parameters.dunning_levels.value[1].level = 3)))).toContain('dunning_levels.value[1].level');
  });
  it('an amount rule needs both its amount and its days', () => {
    expect(problem(variant((d) => delete d.parameters.dunning_levels.value[3].large_min_days_past_due))).toContain(
      'large_amount and large_min_days_past_due go together',
    );
  });
  it('an unknown role', () => {
    expect(problem(variant((d) => (d.parameters.dunning_levels.value[0].role = '老板')))).toContain('dunning_levels.value[0].role');
  });
});
