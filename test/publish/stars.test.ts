/**
 * Issue 17's publish rules on a hand-made warehouse, every expected value worked out by hand below:
 * meeting_stars (回款之星 chosen by the policy's meeting_star_* parameters, with the bar on rising overdue and a
 * longer DSO), league_board's bonus points and unranked units, and report_over_limit's three kinds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { runPublish } from '../../transforms/publish/index.js';
import { buildMarts, meetingStarParameters, metricsRow, type Row } from '../helpers/marts.js';
import { rows } from '../model/model-helpers.js';

const END: Record<string, string> = { '2025-Q1': '2025-03-31', '2025-Q2': '2025-06-30', '2025-06': '2025-06-30' };
const m = (unit: string, period_key: string, r: Row) => metricsRow({ period_key, level: 'person', unit_id: unit, end_date: END[period_key], ...r });
const q2 = (unit_id: string, rank: number | null, total_score: number, max_score: number, grade: string | null) => ({
  period_key: '2025-Q2', grain: 'quarter', policy: 'collection_task', level: 'person', unit_id, unit_name: unit_id, team_id: 'T1',
  total_score, max_score, rank, prev_rank: null, movement: null, grade,
});
// P1's 101 = 100 + the 连续3次特优/优加分 bonus item (points 1, no max_points)
const scores = [
  { period_key: '2025-Q2', grain: 'quarter', policy: 'collection_task', level: 'person', unit_id: 'P1', item_order: 1, item: '回款任务完成率', points: 100, max_points: 100 },
  { period_key: '2025-Q2', grain: 'quarter', policy: 'collection_task', level: 'person', unit_id: 'P1', item_order: 3, item: '连续3次特优/优加分', points: 1, max_points: null },
  { period_key: '2025-Q2', grain: 'quarter', policy: 'collection_task', level: 'person', unit_id: 'P1', item_order: 2, item: '销售提成', points: null, max_points: null, amount: 500 },
];

let wh: Warehouse;
async function build(parameters?: Row[]): Promise<void> {
  await wh?.close();
  wh = await openWarehouse();
  await buildMarts(wh.conn, {
    teams: [{ team_id: 'T1', team_name: '一组' }],
    persons: ['P1', 'P2', 'P3', 'P4', 'M1'].map((id) => ({ person_id: id, person_name: id, team_id: 'T1', team_name: '一组' })),
    customers: [
      { customer_id: 'C1', customer_name: '甲', credit_limit: 1000 },
      { customer_id: 'C2', customer_name: '乙', credit_limit: 0 },
      { customer_id: 'C3', customer_name: '丙', credit_limit: null },
      { customer_id: 'C4', customer_name: '丁', credit_limit: 5000 },
      { customer_id: 'C5', customer_name: '戊', credit_limit: 0 },
    ],
    catalog: [{ policy: 'collection_task', kind: 'collection_task', name: '回款任务考核', policy_order: 1 }],
    parameters,
    scores,
    metrics: [
      // P1: overdue 100 → 120 (rose by 20), DSO 40 → 38
      m('P1', '2025-Q1', { overdue_amount: 100, dso: 40 }), m('P1', '2025-Q2', { overdue_amount: 120, dso: 38, cei: 99 }),
      // P2: overdue 80 → 50 (fell 30), DSO 40 → 35, CEI 90
      m('P2', '2025-Q1', { overdue_amount: 80, dso: 40 }), m('P2', '2025-Q2', { overdue_amount: 50, dso: 35, cei: 90 }),
      // P3: no overdue either quarter, DSO 30 → 30, CEI 95
      m('P3', '2025-Q1', { overdue_amount: 0, dso: 30 }), m('P3', '2025-Q2', { overdue_amount: 0, dso: 30, cei: 95 }),
      // P4: overdue 10 → 0, DSO 40 → 50 (longer), CEI 99, rank 4: outside the 2 stars anyway
      m('P4', '2025-Q1', { overdue_amount: 10, dso: 40 }), m('P4', '2025-Q2', { overdue_amount: 0, dso: 50, cei: 99 }),
      // customers at 2025-06: C1 1,500 over a 1,000 limit; C2 200 on a 0 limit; C3 300, no limit; C4 4,000 within 5,000; C5 0 on a 0 limit
      ...[['C1', 1500], ['C2', 200], ['C3', 300], ['C4', 4000], ['C5', 0]].map(([id, ar]) =>
        metricsRow({ period_key: '2025-06', level: 'customer', unit_id: String(id), end_date: '2025-06-30', ar_balance: Number(ar), overdue_amount: 0 })),
    ],
    league: [
      q2('P1', 1, 101, 100, '优'), q2('P2', 2, 100, 100, '特优'), q2('P3', 2, 100, 100, '特优'), q2('P4', 4, 90, 100, '良好'),
      // M1: a manager without a target: nothing to score, not ranked
      q2('M1', null, 0, 0, null),
    ],
  });
  await runPublish(wh.conn);
}
beforeAll(async () => build());
afterAll(async () => wh?.close());

describe('meeting_stars', () => {
  it('orders the eligible by score then CEI, keeps out rising overdue and a longer DSO, and says why', async () => {
    const stars = await rows(wh, `SELECT unit_id, star_rank, rank, exclusion FROM meeting_stars`);
    // P1 ranks 1st (101) but its overdue rose 100 → 120: out. P2 and P3 tie at 100: P3's CEI 95 beats P2's 90.
    // P4's DSO grew, but it ranks 4th, outside the 2 stars: not listed. M1 is not ranked: never a candidate.
    expect(stars.map((r) => [r.unit_id, r.star_rank, r.rank, r.exclusion])).toEqual([
      ['P3', 1, 2, null],
      ['P2', 2, 2, null],
      ['P1', null, 1, '逾期余额上升'],
    ]);
    const [p2] = await rows(wh, `SELECT overdue_reduction, dso_change FROM meeting_stars WHERE unit_id = 'P2'`);
    expect([String(p2.overdue_reduction), p2.dso_change]).toEqual(['30.00', -5]);
  });

  it('follows the parameters: without the bar and by CEI first, P1 (CEI 99) leads', async () => {
    await build(meetingStarParameters(3, ['cei', 'total_score'], false, false));
    const stars = await rows(wh, `SELECT unit_id, star_rank FROM meeting_stars`);
    // CEI: P1 99 = P4 99 → total 101 beats 90; then P3 95
    expect(stars.map((r) => `${r.unit_id}:${r.star_rank}`)).toEqual(['P1:1', 'P4:2', 'P3:3']);
    await build();
  });
});

describe('league_board', () => {
  it('carries the bonus points beyond 满分 and says 不参加排名 for an unranked unit', async () => {
    const board = await rows(wh, `SELECT unit_id, total_score, max_score, bonus_points, movement_text FROM league_board WHERE unit_id IN ('P1', 'P2', 'M1') ORDER BY unit_id`);
    expect(board.map((r) => [r.unit_id, r.total_score, r.max_score, r.bonus_points, r.movement_text])).toEqual([
      ['M1', 0, 0, 0, '不参加排名'],
      ['P1', 101, 100, 1, '新'],
      ['P2', 100, 100, 0, '新'],
    ]);
  });
});

describe('report_over_limit', () => {
  it('lists each kind apart: over a limit, any balance on a limit of 0 (款到发货), a balance without a limit', async () => {
    const r = await rows(wh, `SELECT customer_id, limit_kind, excess FROM report_over_limit WHERE period_key = '2025-06'`);
    // C1 1,500 − 1,000 = 500 over; C2's 200 is all excess on a 0 limit; C3 has no limit (no excess);
    // C4 is within its limit and C5 owes nothing: neither is listed
    expect(r.map((x) => [x.customer_id, x.limit_kind, x.excess === null ? null : String(x.excess)])).toEqual([
      ['C1', 'over', '500.00'],
      ['C2', 'zero', '200.00'],
      ['C3', 'not_set', null],
    ]);
  });
});
