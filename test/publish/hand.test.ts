/**
 * The publish stage on a hand-made warehouse (test/helpers/marts.ts: the marts and policy tables filled
 * directly), every expected value worked out by hand below: league_board's movement text and previous
 * period, report_top_overdue's top-10 cut and order, unit_month_metrics' previous month, customer_page's
 * rows. The marts are given, so only what the publish SQL adds is tested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { runPublish } from '../../transforms/publish/index.js';
import { loadPolicies } from '../../transforms/policies/config.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';
import { buildMarts, metricsRow, openItem, type Row } from '../helpers/marts.js';
import { POLICIES_DIR } from '../policies/shipped.js';
import { expectRow, rows } from '../model/model-helpers.js';

const person = (person_id: string, person_name: string, team_id: string): Row => ({ person_id, person_name, team_id, team_name: team_id === 'T1' ? '一组' : '二组' });

// C01–C06 belong to P1 (一组), C07–C12 to P2 (二组). Overdue at 2025-03: eleven customers above 0 (C06 has 0);
// each sold in 2025-03, so each has a customer page (customer_latest.has_page: documents in the last 12 months).
const OVERDUE_2025_03: Record<string, number> = {
  C01: 900, C02: 100, C03: 500, C04: 500, C05: 50, C06: 0, C07: 700, C08: 300, C09: 200, C10: 10, C11: 20, C12: 5,
};
const customers = Object.keys(OVERDUE_2025_03).map((id, i) => ({
  customer_id: id,
  customer_name: `客户${id.slice(1)}`,
  customer_type: i % 2 ? '普通' : '优质',
  credit_limit: 1000,
  credit_days: 30,
  owner_id: i < 6 ? 'P1' : 'P2',
  owner_team_id: i < 6 ? 'T1' : 'T2',
}));

const END: Record<string, string> = { '2025-01': '2025-01-31', '2025-02': '2025-02-28', '2025-03': '2025-03-31', '2025-Q1': '2025-03-31' };
const m = (unit: string, level: string, period_key: string, r: Row) => metricsRow({ period_key, level, unit_id: unit, end_date: END[period_key], ...r });

const league = (r: Row & { unit_id: string; rank: number; prev_rank: number | null }) => ({
  period_key: '2025-03',
  grain: 'month',
  policy: 'collection_task',
  level: 'person',
  unit_name: r.unit_id,
  team_id: 'T1',
  total_score: 90,
  max_score: 100,
  movement: r.prev_rank === null ? null : r.prev_rank - r.rank,
  ...r,
});

let wh: Warehouse;
/** a contact of the collection log (fct_collection_contact) */
const contact = (id: string, day: string, customer: string, invoice: string | null, person: string, action: string, result: string, promiseDate: string | null = null, amount: number | null = null) => ({
  contact_id: id, contact_date: day, period_key: day.slice(0, 7), customer_id: customer, invoice_id: invoice, person_id: person, action, result,
  has_promise: promiseDate !== null, promise_date: promiseDate, promise_amount: amount, source_file: 'collection_log.csv', source_line: Number(id.slice(2)) + 1,
});
/** a promise as fct_promise judged it */
const promise = (id: string, day: string, customer: string, invoice: string | null, person: string, promiseDate: string, amount: number, paid: number, status: string, statusDate: string | null) => ({
  contact_id: id, contact_date: day, customer_id: customer, invoice_id: invoice, person_id: person, action: '电话', promise_date: promiseDate, promise_amount: amount,
  paid_amount: paid, shortfall: Math.max(amount - paid, 0), status, status_date: statusDate, as_of: '2025-03-31',
});

beforeAll(async () => {
  wh = await openWarehouse();
  await buildMarts(wh.conn, {
    teams: [
      { team_id: 'T1', team_name: '一组', manager_id: 'P4', director_id: 'P2' },
      { team_id: 'T2', team_name: '二组' },
    ],
    // policies/dunning.yaml as shipped: the open items below get their dunning levels (mart_dunning)
    // escalation off (it is worked by hand in test/policies/dunning.test.ts): the levels here are those of days and amounts
    dunning: loadPolicies(POLICIES_DIR, KINDS)
      .filter((p) => p.kind === 'dunning')
      .map((p) => ({ ...p, values: { ...p.values, escalation_broken_promise_levels: 0, escalation_blacklist_levels: 0 } })),
    // the collection log at 2025-03-31: see 'worklist tables' below
    contacts: [
      contact('CL1', '2025-03-10', 'C01', 'I1', 'P1', '电话', '承诺付款', '2025-04-10', 300),
      contact('CL2', '2025-03-20', 'C01', null, 'P1', '上门拜访', '客户称资金紧张'),
      contact('CL3', '2025-01-05', 'C01', 'I2', 'P3', '电话', '承诺付款', '2025-01-20', 250),
      contact('CL4', '2025-02-05', 'C01', 'I2', 'P3', '电话', '承诺付款', '2025-02-20', 250),
      contact('CL5', '2025-04-02', 'C01', null, 'P1', '电话', '未接通'),
      contact('CL6', '2025-03-05', 'C02', 'I9', 'P1', '微信', '承诺付款', '2025-03-31', 100),
    ],
    promises: [
      promise('CL1', '2025-03-10', 'C01', 'I1', 'P1', '2025-04-10', 300, 0, 'open', null),
      promise('CL3', '2025-01-05', 'C01', 'I2', 'P3', '2025-01-20', 250, 0, 'broken', '2025-01-20'),
      promise('CL4', '2025-02-05', 'C01', 'I2', 'P3', '2025-02-20', 250, 100, 'partly_kept', '2025-02-20'),
      promise('CL6', '2025-03-05', 'C02', 'I9', 'P1', '2025-03-31', 100, 100, 'kept', '2025-03-28'),
    ],
    persons: [person('P1', '张三', 'T1'), person('P2', '李四', 'T2'), person('P3', '王五', 'T1'), person('P4', '赵六', 'T1')],
    customers,
    buckets: [
      { basis: 'due', bucket: 'not_due', bucket_order: 1, bucket_label: '未到期', bucket_group: '未到期' },
      { basis: 'due', bucket: '1-30', bucket_order: 2, bucket_label: '逾期1-30天', bucket_group: '已逾期' },
      { basis: 'due', bucket: '61-90', bucket_order: 4, bucket_label: '逾期61-90天', bucket_group: '已逾期' },
      { basis: 'age', bucket: '0-30', bucket_order: 1, bucket_label: '30天以内', bucket_group: '一年以内' },
      { basis: 'age', bucket: '61-90', bucket_order: 3, bucket_label: '61-90天', bucket_group: '一年以内' },
    ],
    catalog: [
      { policy: 'collection_task', kind: 'collection_task', name: '回款任务考核', policy_order: 1 },
      { policy: 'ar_total', kind: 'ar_total', name: '应收总额考核', policy_order: 2 },
    ],
    metrics: [
      m('P1', 'person', '2025-01', { ar_balance: 1000, overdue_amount: 100, collections: 500, dso: 40 }),
      m('P1', 'person', '2025-02', { ar_balance: 1100, overdue_amount: 150, collections: 600, dso: 45.5 }),
      m('P1', 'person', '2025-03', { ar_balance: 1200, overdue_amount: 120, collections: 700, dso: 50 }),
      m('P1', 'person', '2025-Q1', { ar_balance: 1200, overdue_amount: 120, collections: 1800, dso: 48 }),
      // P2 has no January row: February is its first
      m('P2', 'person', '2025-02', { ar_balance: 800, overdue_amount: 0, collections: 300, dso: 30 }),
      m('P2', 'person', '2025-03', { ar_balance: 900, overdue_amount: 50, collections: 400, dso: 35 }),
      m('T1', 'team', '2025-02', { ar_balance: 2000, overdue_amount: 150, collections: 900, dso: 41 }),
      m('T1', 'team', '2025-03', { ar_balance: 2100, overdue_amount: 170, collections: 1100, dso: 44 }),
      m('company', 'company', '2025-03', { ar_balance: 3000, overdue_amount: 220 }),
      ...Object.entries(OVERDUE_2025_03).map(([id, overdue]) => m(id, 'customer', '2025-03', { unit_name: `客户${id.slice(1)}`, ar_balance: 2000, sales: 100, overdue_amount: overdue })),
      m('C01', 'customer', '2025-01', { unit_name: '客户01', ar_balance: 1500, overdue_amount: 0, sales: 1500 }),
      m('C01', 'customer', '2025-02', { unit_name: '客户01', ar_balance: 1800, overdue_amount: 80, sales: 300 }),
      m('C02', 'customer', '2025-02', { unit_name: '客户02', ar_balance: 100, overdue_amount: 0 }),
    ],
    league: [
      league({ unit_id: 'P1', rank: 1, prev_rank: 3 }),
      league({ unit_id: 'P2', rank: 2, prev_rank: 1, team_id: 'T2' }),
      league({ unit_id: 'P3', rank: 3, prev_rank: 3 }),
      league({ unit_id: 'P4', rank: 4, prev_rank: null }),
      league({ unit_id: 'P1', rank: 1, prev_rank: null, period_key: '2025-Q1', grain: 'quarter' }),
      league({ unit_id: 'P1', rank: 1, prev_rank: 1, policy: 'ar_total', total_score: 1234.5, max_score: null }),
      league({ unit_id: 'T1', rank: 1, prev_rank: 2, level: 'team' }),
    ],
    openItems: [
      // C01 at the latest month end (2025-03-31): 75, 11 and −30 days overdue; I1 was open at 2025-02-28 too
      openItem({ as_of: '2025-03-31', invoice_id: 'I1', customer_id: 'C01', due_date: '2025-01-15', open_amount: 400, person_id: 'P1', team_id: 'T1', aging_bucket: '61-90', age_bucket: '61-90' }),
      openItem({ as_of: '2025-03-31', invoice_id: 'I2', customer_id: 'C01', due_date: '2025-03-20', open_amount: 250, person_id: 'P3' }),
      openItem({ as_of: '2025-03-31', invoice_id: 'I3', customer_id: 'C01', due_date: '2025-04-30', open_amount: 600.5, person_id: 'P1' }),
      openItem({ as_of: '2025-02-28', invoice_id: 'I1', customer_id: 'C01', due_date: '2025-01-15', open_amount: 500, person_id: 'P1' }),
      openItem({ as_of: '2025-03-31', invoice_id: 'I9', customer_id: 'C02', due_date: '2025-03-01', open_amount: 100, person_id: 'P1' }),
    ],
  });
  await runPublish(wh.conn);
});
afterAll(async () => wh?.close());

/** The table in its stored order (what `select * from` gives a page), optionally filtered. */
const table = (name: string, where = 'true') => rows(wh, `SELECT * FROM ${name} WHERE ${where}`);

describe('league_board', () => {
  it('writes the movement as ↑n, ↓n, — or 新, and ranks a period page in order', async () => {
    const board = await table('league_board', `period_key = '2025-03' AND level = 'person' AND policy = 'collection_task'`);
    expect(board.map((r) => [r.unit_id, r.rank, r.movement_text])).toEqual([
      ['P1', 1, '↑2'],
      ['P2', 2, '↓1'],
      ['P3', 3, '—'],
      ['P4', 4, '新'],
    ]);
  });

  it('carries the policy, the team and the metrics of the period, and the previous period’s DSO and overdue', async () => {
    const [p1] = await table('league_board', `period_key = '2025-03' AND unit_id = 'P1' AND policy = 'collection_task'`);
    expect(p1).toMatchObject({ policy_name: '回款任务考核', policy_kind: 'collection_task', policy_order: 1, team_name: '一组', end_date: '2025-03-31', score_is_money: false, link: '/people/P1/' });
    // this month's metrics, February's dso 45.5 and overdue 150 as prev_*
    expectRow(p1, { ar_balance: '1200.00', overdue_amount: '120.00', collections: '700.00', dso: 50, prev_dso: 45.5, prev_overdue_amount: '150.00' }, 'P1 2025-03');
    const [p2] = await table('league_board', `period_key = '2025-03' AND unit_id = 'P2'`);
    expect(p2.team_name).toBe('二组');
    expectRow(p2, { dso: 35, prev_dso: 30, prev_overdue_amount: '0.00' }, 'P2 2025-03');
    // P3 has no metrics: the league row stays, its numbers are NULL
    const [p3] = await table('league_board', `period_key = '2025-03' AND unit_id = 'P3'`);
    expectRow(p3, { ar_balance: null, dso: null, prev_dso: null }, 'P3 2025-03');
  });

  it('the previous period is the same grain’s (none before 2025-Q1 here) and money-only policies are flagged', async () => {
    const [q1] = await table('league_board', `period_key = '2025-Q1'`);
    expect(q1.movement_text).toBe('新');
    expectRow(q1, { dso: 48, prev_dso: null, prev_overdue_amount: null }, 'P1 2025-Q1');
    const [money] = await table('league_board', `policy = 'ar_total'`);
    expect(money).toMatchObject({ score_is_money: true, max_score: null, total_score: 1234.5, movement_text: '—', policy_order: 2 });
    const [team] = await table('league_board', `level = 'team'`);
    expect(team).toMatchObject({ movement_text: '↑1', link: '/teams/T1/', team_name: '一组' });
    expectRow(team, { dso: 44, prev_dso: 41 }, 'T1 2025-03');
  });

  it('is sorted by (period_key, level, policy_order, rank, unit_id)', async () => {
    const all = await table('league_board');
    expect(all.map((r) => `${r.period_key} ${r.level} ${r.policy} ${r.unit_id}`)).toEqual([
      '2025-03 person collection_task P1',
      '2025-03 person collection_task P2',
      '2025-03 person collection_task P3',
      '2025-03 person collection_task P4',
      '2025-03 person ar_total P1',
      '2025-03 team collection_task T1',
      '2025-Q1 person collection_task P1',
    ]);
  });
});

describe('report_top_overdue', () => {
  it('keeps the 10 largest overdue customers of a month, largest first, ties by customer id', async () => {
    const top = await table('report_top_overdue', `period_key = '2025-03'`);
    // 11 customers have overdue > 0 (C06 has 0); C12 (5.00) is the 11th and is cut; C03 and C04 tie at 500
    expect(top.map((r) => [Number(r.rank), r.customer_id])).toEqual([
      [1, 'C01'], [2, 'C07'], [3, 'C03'], [4, 'C04'], [5, 'C08'], [6, 'C09'], [7, 'C02'], [8, 'C05'], [9, 'C11'], [10, 'C10'],
    ]);
    expect(top[1]).toMatchObject({ customer_name: '客户07', team_name: '二组', link: '/customers/C07/' });
    expectRow(top[1], { overdue_amount: '700.00', ar_balance: '2000.00', credit_limit: '1000.00' }, 'C07');
  });

  it('lists only customers with an overdue amount: fewer than 10 when fewer are overdue', async () => {
    const feb = await table('report_top_overdue', `period_key = '2025-02'`);
    // February: C01 80.00 overdue, C02 none
    expect(feb.map((r) => [Number(r.rank), r.customer_id])).toEqual([[1, 'C01']]);
    expect(await table('report_top_overdue', `period_key = '2025-01'`)).toEqual([]);
  });
});

describe('unit_month_metrics', () => {
  it('puts the previous month’s values beside each month, newest month first', async () => {
    const p1 = await table('unit_month_metrics', `unit_id = 'P1'`);
    expect(p1.map((r) => r.period_key)).toEqual(['2025-03', '2025-02', '2025-01']);
    expectRow(p1[0], { ar_balance: '1200.00', prev_ar_balance: '1100.00', prev_overdue_amount: '150.00', prev_collections: '600.00', dso: 50, prev_dso: 45.5 }, 'P1 2025-03');
    expectRow(p1[1], { prev_ar_balance: '1000.00', prev_overdue_amount: '100.00', prev_collections: '500.00', prev_dso: 40 }, 'P1 2025-02');
    expectRow(p1[2], { prev_ar_balance: null, prev_overdue_amount: null, prev_collections: null, prev_dso: null }, 'P1 2025-01');
  });

  it('a unit’s first month has no previous values; months only, teams and persons only', async () => {
    const p2 = await table('unit_month_metrics', `unit_id = 'P2'`);
    expect(p2.map((r) => r.period_key)).toEqual(['2025-03', '2025-02']);
    expectRow(p2[1], { prev_ar_balance: null, prev_dso: null }, 'P2 2025-02');
    expectRow(p2[0], { prev_ar_balance: '800.00', prev_overdue_amount: '0.00', prev_dso: 30 }, 'P2 2025-03');
    const all = await table('unit_month_metrics');
    expect(all.map((r) => `${r.level} ${r.unit_id} ${r.period_key}`)).toEqual([
      'person P1 2025-03', 'person P1 2025-02', 'person P1 2025-01', 'person P2 2025-03', 'person P2 2025-02', 'team T1 2025-03', 'team T1 2025-02',
    ]);
  });
});

describe('customer_page', () => {
  it('has one row per month of the customer, newest first, then one per open item at the latest month end, most overdue first', async () => {
    const page = await table('customer_page', `customer_id = 'C01'`);
    expect(page.map((r) => [r.kind, r.period_key, r.invoice_id])).toEqual([
      ['month', '2025-03', null],
      ['month', '2025-02', null],
      ['month', '2025-01', null],
      ['item', '2025-03', 'I1'],
      ['item', '2025-03', 'I2'],
      ['item', '2025-03', 'I3'],
    ]);
  });

  it('repeats the customer’s fields on every row; month rows carry the metrics, item rows the open item', async () => {
    const page = await table('customer_page', `customer_id = 'C01'`);
    for (const r of page) expect(r).toMatchObject({ customer_name: '客户01', owner_id: 'P1', owner_name: '张三', owner_team_id: 'T1', owner_team_name: '一组', credit_days: 30 });
    expectRow(page[1], { sales: '300.00', ar_balance: '1800.00', overdue_amount: '80.00', open_amount: null, days_overdue: null }, 'C01 2025-02');
    expect(page[1].end_date).toBe('2025-02-28');
    const [i1, i2, i3] = page.slice(3);
    expect(i1).toMatchObject({ end_date: '2025-03-31', due_date: '2025-01-15', days_overdue: 75, aging_label: '逾期61-90天', age_label: '61-90天', person_id: 'P1', person_name: '张三' });
    expectRow(i1, { open_amount: '400.00', sales: null, ar_balance: null, dso: null }, 'I1');
    expect(i2).toMatchObject({ days_overdue: 11, aging_label: '逾期1-30天', person_name: '王五' });
    expect(i3).toMatchObject({ days_overdue: -30, aging_label: '未到期', age_label: '30天以内' });
    expectRow(i3, { open_amount: '600.50' }, 'I3');
  });

  it('a customer’s page has only its own rows', async () => {
    const c02 = await table('customer_page', `customer_id = 'C02'`);
    expect(c02.map((r) => [r.kind, r.period_key, r.invoice_id])).toEqual([
      ['month', '2025-03', null],
      ['month', '2025-02', null],
      ['item', '2025-03', 'I9'],
    ]);
  });
});

describe('worklist tables (催收工作台) on the dunning levels of policies/dunning.yaml', () => {
  // at 2025-03-31: I1 75 days past due ¥400 (P1, team 一组) → 5 高层沟通 (61 days and more), its team's director P2 acts;
  // I2 11 days ¥250 (P3) → 2 发送对账单; I9 30 days ¥100 (P1) → 3 电话催收; I3 falls due in 30 days → no level yet.
  it('worklist_person: each collector’s items, amount, escalated part and highest level', async () => {
    const people = await table('worklist_person');
    expect(people.map((p) => p.person_id)).toEqual(['P1', 'P3']); // by open amount, largest first
    expect(people[0]).toMatchObject({ person_name: '张三', max_level: 5, max_level_name: '高层沟通', link: '/worklist/P1/' });
    expect([people[0].items, people[0].customers, people[0].escalated_items].map(Number)).toEqual([2, 2, 1]);
    expectRow(people[0], { open_amount: '500.00', escalated_amount: '400.00' }, 'P1');
    expect(people[1]).toMatchObject({ max_level: 2, max_level_name: '发送对账单' });
    expect([people[1].items, people[1].escalated_items].map(Number)).toEqual([1, 0]);
    expectRow(people[1], { open_amount: '250.00', escalated_amount: '0.00' }, 'P3');
  });

  it('worklist_item: highest level first, the action and who acts, nothing left unlisted', async () => {
    const p1 = await table('worklist_item', `person_id = 'P1'`);
    expect(p1.map((r) => [r.invoice_id, r.level, r.level_name, r.role, r.responsible_id, r.responsible_name, r.days_past_due, r.row_in_person])).toEqual([
      ['I1', 5, '高层沟通', '销售总监', 'P2', '李四', 75, 1],
      ['I9', 3, '电话催收', '业务员', 'P1', '张三', 30, 2],
    ]);
    expect(p1[0]).toMatchObject({ customer_name: '客户01', customer_link: '/customers/C01/', action: '销售总监与客户高层沟通还款计划' });
    expect(Number(p1[0].person_items)).toBe(2);
    expectRow(p1[0], { open_amount: '400.00', person_rest_amount: '0.00' }, 'I1');
    expect(await table('worklist_item', `invoice_id = 'I3'`)).toEqual([]);
  });

  // the collection log at 2025-03-31 (escalation off): I1 has an open promise (CL1, ¥300 by Apr 10) and its customer
  // C01 a balance contact on Mar 20 (CL2; CL5 on Apr 2 is after the month end); I2's promises CL3 (broken, ¥250 short)
  // and CL4 (partly kept, ¥150 short) both fell in the 90 days: what was promised and not paid is the latest, ¥150,
  // not ¥400; I9's promise CL6 was kept.
  it('worklist_item: the last contact, the open promise and what the latest promise left unpaid, by hand', async () => {
    const items = await table('worklist_item');
    const of = (id: string) => items.find((r) => r.invoice_id === id)!;
    const log = (id: string) => {
      const r = of(id);
      return [r.last_contact_date, r.last_contact_action, r.last_contact_result, r.last_contact_person_name, r.open_promise_date, r.unkept_promises];
    };
    expect(log('I1')).toEqual(['2025-03-20', '上门拜访', '客户称资金紧张', '张三', '2025-04-10', 0]);
    expectRow(of('I1'), { open_promise_amount: '300.00', unkept_promise_shortfall: '0.00' }, 'I1');
    expect(log('I9')).toEqual(['2025-03-05', '微信', '承诺付款', '张三', null, 0]);
    expect(log('I2')).toEqual(['2025-03-20', '上门拜访', '客户称资金紧张', '张三', null, 2]);
    expectRow(of('I2'), { open_promise_amount: null, unkept_promise_shortfall: '150.00' }, 'I2');
    expect(items.every((r) => r.escalation_reason === null && r.level === r.base_level)).toBe(true);
  });

  it('worklist_person: items contacted this month, the person’s contacts, open promises and what they left unpaid', async () => {
    const people = await table('worklist_person');
    const [p1, p3] = ['P1', 'P3'].map((id) => people.find((p) => p.person_id === id)!);
    // P1: I1 and I9 contacted in March; CL1, CL2, CL6 in March (CL5 is April); CL1 open (¥300 left)
    expect([p1.contacted_items, p1.contacts_in_month, p1.open_promises].map(Number)).toEqual([2, 3, 1]);
    expectRow(p1, { open_promise_amount: '300.00', unkept_promise_shortfall: '0.00' }, 'P1');
    // P3: I2 contacted (C01's balance, by P1); no contact of P3's own in March; per debt (C01, I2) the latest, ¥150
    expect([p3.contacted_items, p3.contacts_in_month, p3.open_promises].map(Number)).toEqual([1, 0, 0]);
    expectRow(p3, { open_promise_amount: '0.00', unkept_promise_shortfall: '150.00' }, 'P3');
  });

  it('worklist_level_summary: by team and level; items without a team under 未分配', async () => {
    const s = await table('worklist_level_summary');
    expect(s.map((r) => [r.team_id, r.team_name, r.level, Number(r.items), Number(r.customers)])).toEqual([
      ['T1', '一组', 5, 1, 1],
      ['_unassigned', '未分配', 2, 1, 1],
      ['_unassigned', '未分配', 3, 1, 1],
    ]);
    expectRow(s[0], { open_amount: '400.00' }, 'T1 5');
  });
});
