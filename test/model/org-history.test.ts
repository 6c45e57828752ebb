/**
 * Organisation history (issue 19 items 4–5): documents and targets count for the team of their date, month-end AR
 * for its holder's team at the month end, and a leaver's open items pass to the customer's owner. Every value is
 * worked out by hand below.
 *
 * T1 一组 (manager M1) and T2 二组 (manager M2). P1 张三 is in T1 until 2025-06-30 and in T2 from 2025-07-01
 * (任职记录); P4 孙七 (T1) leaves after 2025-09-30 and P3 赵六 (T1) owns his former customer C2 today.
 *   I01 C1 2025-06-10 1000.00 (P1, owner of C1; due 07-10)  R01 06-20 400.00 → I01; R02 07-20 300.00 → I01
 *   I02 C1 2025-07-10 2000.00 (P1; due 08-09)              R03 07-25 500.00 → I02
 *   I03 C2 2025-08-05  500.00 person P4 (due 09-04)          R04 10-15 200.00 → I03 (after P4 left: P3's)
 * Targets: P1 1000.00 for 2025-06, 2000.00 for 2025-07 (team targets: Σ of the people in the team at the month end).
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
    people: [
      'M1 王经理 T1 一组 role=销售经理 salary=20000',
      'M2 李经理 T2 二组 role=销售经理 salary=20000',
      'P1 张三 T2 二组 role=业务员 manager=M2 salary=10000',
      'P3 赵六 T1 一组 role=业务员 manager=M1 salary=9000',
      'P4 孙七 T1 一组 role=业务员 manager=M1 salary=8000 left=2025-09-30',
    ],
    assignments: ['P1 T1 2025-01-01 manager=M1 role=业务员', 'P1 T2 2025-07-01 manager=M2 role=业务员'],
    customers: ['C1 甲公司 owner=P1 days=30', 'C2 乙公司 owner=P3 days=30'],
    invoices: ['I01 C1 2025-06-10 1000.00', 'I02 C1 2025-07-10 2000.00', 'I03 C2 2025-08-05 500.00 person=P4'],
    receipts: [
      'R01 C1 2025-06-20 400.00 invoice=I01',
      'R02 C1 2025-07-20 300.00 invoice=I01',
      'R03 C1 2025-07-25 500.00 invoice=I02',
      'R04 C2 2025-10-15 200.00 invoice=I03',
    ],
    targets: ['2025-06 P1 1000', '2025-07 P1 2000'],
    collection_log: ['2025-06-28 C1 P1 电话', '2025-07-28 C1 P1 电话'],
  });
  await runModel(wh.conn);
  await runPolicies(wh, POLICIES_DIR);
});
afterAll(async () => {
  await wh?.close();
});

const lines = async (sql: string) => (await rows(wh, sql)).map((r) => Object.values(r).join(' '));

describe('the history of the organisation', () => {
  it('dim_person_assignment: P1 has two spans, the first reaching back; the others one span each', async () => {
    expect(
      await lines(`SELECT person_id, team_id, team_name, coalesce(CAST(valid_from AS VARCHAR), '-'), coalesce(CAST(valid_to AS VARCHAR), '-')
                   FROM dim_person_assignment ORDER BY person_id, valid_from NULLS FIRST`),
    ).toEqual(['M1 T1 一组 - -', 'M2 T2 二组 - -', 'P1 T1 一组 - 2025-07-01', 'P1 T2 二组 2025-07-01 -', 'P3 T1 一组 - -', 'P4 T1 一组 - -']);
    expect(await lines(`SELECT person_id, team_id, coalesce(CAST(left_on AS VARCHAR), '-') FROM dim_person ORDER BY person_id`)).toEqual([
      'M1 T1 -',
      'M2 T2 -',
      'P1 T2 -',
      'P3 T1 -',
      'P4 T1 2025-09-30',
    ]);
    expect(await lines(`SELECT team_id, person_count, manager_id FROM dim_team ORDER BY team_id`)).toEqual(['T1 3 M1', 'T2 2 M2']);
  });

  it('an invoice counts for the team of its date, an application for the holder’s team on its day', async () => {
    expect(await lines(`SELECT invoice_id, person_id, team_id FROM fct_invoice ORDER BY invoice_id`)).toEqual(['I01 P1 T1', 'I02 P1 T2', 'I03 P4 T1']);
    expect(await lines(`SELECT source_id, invoice_id, person_id, team_id, amount FROM fct_application ORDER BY source_id`)).toEqual([
      'R01 I01 P1 T1 400.00',
      'R02 I01 P1 T2 300.00', // a June invoice paid in July: P1's collection in his new team
      'R03 I02 P1 T2 500.00',
      'R04 I03 P3 T1 200.00', // paid after P4's last day: the customer's owner holds it
    ]);
  });

  it('open items belong to their holder at the month end, in the holder’s team then', async () => {
    expect(
      await lines(`SELECT period_key, invoice_id, person_id, team_id, open_amount FROM fct_open_item
                   WHERE period_key IN ('2025-06', '2025-07', '2025-09', '2025-10') ORDER BY as_of, invoice_id`),
    ).toEqual([
      '2025-06 I01 P1 T1 600.00',
      '2025-07 I01 P1 T2 300.00',
      '2025-07 I02 P1 T2 1500.00',
      '2025-09 I01 P1 T2 300.00',
      '2025-09 I02 P1 T2 1500.00',
      '2025-09 I03 P4 T1 500.00', // 09-30 is P4's last day: still his
      '2025-10 I01 P1 T2 300.00',
      '2025-10 I02 P1 T2 1500.00',
      '2025-10 I03 P3 T1 300.00',
    ]);
  });

  it('fct_ar_transfer: the open amount the day before each change, from the old holder/team to the new', async () => {
    expect(
      await lines(`SELECT transfer_date, invoice_id, from_person_id, from_team_id, to_person_id, to_team_id, reason, amount
                   FROM fct_ar_transfer ORDER BY transfer_date, invoice_id`),
    ).toEqual([
      '2025-07-01 I01 P1 T1 P1 T2 team_move 600.00', // 1000 − R01 400 (R02 is dated after the move)
      '2025-10-01 I03 P4 T1 P3 T1 handover 500.00',
    ]);
  });

  it('mart_ar_metrics: June counts for T1, July for T2; AR rolls forward with ar_transferred', async () => {
    const metrics = await lines(
      `SELECT period_key, unit_id, sales, collections, ar_begin, ar_transferred, ar_balance, collection_target
       FROM mart_ar_metrics WHERE grain = 'month' AND level IN ('team', 'person') AND period_key IN ('2025-06', '2025-07', '2025-10')
         AND unit_id IN ('T1', 'T2', 'P1', 'P3', 'P4') ORDER BY period_key, level, unit_id`,
    );
    expect(metrics).toEqual([
      '2025-06 P1 1000.00 400.00 0.00 0.00 600.00 1000.00',
      '2025-06 P3 0.00 0.00 0.00 0.00 0.00 ',
      '2025-06 P4 0.00 0.00 0.00 0.00 0.00 ',
      '2025-06 T1 1000.00 400.00 0.00 0.00 600.00 1000.00',
      '2025-06 T2 0.00 0.00 0.00 0.00 0.00 ',
      '2025-07 P1 2000.00 800.00 600.00 0.00 1800.00 2000.00',
      '2025-07 P3 0.00 0.00 0.00 0.00 0.00 ',
      '2025-07 P4 0.00 0.00 0.00 0.00 0.00 ',
      // T1 hands P1's June invoice over (600.00) and has nothing left; T2 takes it: 0 + 2000 − 800 + 600 = 1800
      '2025-07 T1 0.00 0.00 600.00 -600.00 0.00 ',
      '2025-07 T2 2000.00 800.00 0.00 600.00 1800.00 2000.00',
      '2025-10 P1 0.00 0.00 1800.00 0.00 1800.00 ',
      // P4 hands I03 (500.00) to P3, who collects 200.00 of it; both in T1, so T1 transfers nothing
      '2025-10 P3 0.00 200.00 0.00 500.00 300.00 ',
      '2025-10 P4 0.00 0.00 500.00 -500.00 0.00 ',
      '2025-10 T1 0.00 200.00 500.00 0.00 300.00 ',
      '2025-10 T2 0.00 0.00 1800.00 0.00 1800.00 ',
    ]);
    // CEI of T2 in July: (0 + 600 + 2000 − 1800) / (0 + 600 + 2000 − 1500 not yet due) × 100 = 800 / 1100 × 100
    const [t2] = await rows(wh, `SELECT cei FROM mart_ar_metrics WHERE period_key = '2025-07' AND level = 'team' AND unit_id = 'T2'`);
    expect(t2.cei).toBeCloseTo((800 / 1100) * 100, 10);
  });

  it('mart_league ranks P1 with T1 in June and with T2 from July (the team at the period’s end)', async () => {
    expect(
      await lines(`SELECT DISTINCT period_key, team_id FROM mart_league WHERE level = 'person' AND unit_id = 'P1'
                   AND period_key IN ('2025-06', '2025-07', '2025-Q2', '2025-Q3') ORDER BY period_key`),
    ).toEqual(['2025-06 T1', '2025-07 T2', '2025-Q2 T1', '2025-Q3 T2']);
    // the team league of the collection-task policy: T1's June and T2's July scores come from those months' metrics
    const rates = await lines(
      `SELECT period_key, unit_id, round(collection_rate_target, 4) FROM mart_league
       WHERE policy = 'collection_task' AND level = 'team' AND grain = 'month' AND period_key IN ('2025-06', '2025-07') ORDER BY period_key, unit_id`,
    );
    expect(rates).toEqual(['2025-06 T1 0.4', '2025-06 T2 ', '2025-07 T1 ', '2025-07 T2 0.4']);
  });

  it('a leaver is scored for the periods begun by his last day only', async () => {
    // P4's last day is 2025-09-30: September, Q3 and 2025 are scored; October and Q4 are not
    expect(
      await lines(`SELECT DISTINCT period_key FROM mart_league WHERE level = 'person' AND unit_id = 'P4'
                   AND period_key IN ('2025-09', '2025-10', '2025-Q3', '2025-Q4', '2025') ORDER BY period_key`),
    ).toEqual(['2025', '2025-09', '2025-Q3']);
    expect(await lines(`SELECT count(DISTINCT period_key) FROM mart_league WHERE level = 'person' AND unit_id = 'P3' AND period_key IN ('2025-10', '2025-Q4')`)).toEqual(['2']);
  });

  it('a collection contact counts for the collector’s team on its date', async () => {
    expect(await lines(`SELECT contact_date, person_id, team_id FROM fct_collection_contact ORDER BY contact_date`)).toEqual([
      '2025-06-28 P1 T1',
      '2025-07-28 P1 T2',
    ]);
  });
});
