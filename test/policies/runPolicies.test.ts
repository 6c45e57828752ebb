/**
 * runPolicies over a tiny hand-built warehouse: every policy's rows, worked by hand in the comments.
 *
 * Teams: T1 销售一部 (manager M1, director D1), T2 销售二部 (no manager, director D1), FIN 财务部.
 * Persons: R1 (T1, salary 10000), R2 (T1, no salary), M1 销售经理 (T1, 20000), R3 (T2, 8000),
 *          D1 销售总监 (T2, 30000), F1 会计 (FIN, 6000).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { runPolicies } from '../../transforms/policies/index.js';
import { buildMarts } from '../helpers/marts.js';
import { FIXTURE } from './fixture.js';
import { POLICIES_DIR } from './shipped.js';

interface ScoreRow {
  item: string;
  points: number | null;
  max_points: number | null;
  amount: string | null;
  note: string | null;
}

describe('runPolicies on a tiny warehouse', () => {
  let wh: Warehouse;
  const items = (policy: string, level: string, unit: string, period: string) =>
    queryRows<ScoreRow>(
      wh.conn,
      `SELECT item, points, max_points, CAST(amount AS VARCHAR) AS amount, note FROM mart_scores
       WHERE policy = '${policy}' AND level = '${level}' AND unit_id = '${unit}' AND period_key = '${period}' ORDER BY item_order`,
    );
  const item = async (policy: string, level: string, unit: string, period: string, name: string) => (await items(policy, level, unit, period)).find((i) => i.item.startsWith(name));
  const league = async (policy: string, level: string, unit: string, period: string) =>
    (
      await queryRows<Record<string, unknown>>(
        wh.conn,
        `SELECT * FROM mart_league WHERE policy = '${policy}' AND level = '${level}' AND unit_id = '${unit}' AND period_key = '${period}'`,
      )
    )[0];

  beforeAll(async () => {
    wh = await openWarehouse();
    await buildMarts(wh.conn, FIXTURE);
    await runPolicies(wh, POLICIES_DIR);
  });
  afterAll(async () => wh.close());

  it('every policy scores every person and team in its scope', async () => {
    const rows = await queryRows<{ policy: string; level: string; n: bigint }>(
      wh.conn,
      `SELECT policy, level, count(DISTINCT unit_id) AS n FROM mart_league WHERE period_key = '2025-01' GROUP BY ALL ORDER BY ALL`,
    );
    const n = Object.fromEntries(rows.map((r) => [`${r.policy}/${r.level}`, Number(r.n)]));
    // sales persons: R1 R2 M1 R3 D1 (not F1); sales teams T1 T2 (not FIN)
    for (const p of ['collection_task', 'monthly_collection_rate', 'overdue', 'ar_total', 'overdue_ratio_salary', 'commission']) {
      expect(n[`${p}/person`], p).toBe(5);
      expect(n[`${p}/team`], p).toBe(2);
    }
    expect(n['scorecard_sales_dept/team']).toBe(2);
    expect(n['scorecard_sales_director/person']).toBe(1);
    expect(n['scorecard_finance/team']).toBe(1);
  });

  it('a league total is explained by mart_scores', async () => {
    const bad = await queryRows(
      wh.conn,
      `WITH s AS (
         SELECT period_key, policy, level, unit_id, round(sum(points), 2) AS p, round(sum(max_points), 2) AS mx, sum(amount) AS a
         FROM mart_scores GROUP BY ALL
       )
       SELECT l.*, s.p, s.mx, s.a FROM mart_league l JOIN s USING (period_key, policy, level, unit_id)
       WHERE CASE WHEN l.max_score IS NULL THEN l.total_score <> CAST(coalesce(s.a, 0) AS DOUBLE)
                  ELSE l.total_score <> coalesce(s.p, 0) OR l.max_score <> coalesce(s.mx, 0) END`,
    );
    expect(bad).toEqual([]);
    const [{ n }] = await queryRows<{ n: bigint }>(wh.conn, `SELECT count(*) AS n FROM mart_league l ANTI JOIN mart_scores s USING (period_key, policy, level, unit_id)`);
    expect(Number(n)).toBe(0);
  });

  it('collection_task: points, grade, commission; missing target → 缺数据 and max reduced', async () => {
    // R1 Jan: 55000 ≥ 50000 → 100, 110% → 特优, commission 50000 × 5% = 2500
    const r1 = await league('collection_task', 'person', 'R1', '2025-01');
    expect([r1.total_score, r1.max_score, r1.grade]).toEqual([100, 100, '特优']);
    expect((await item('collection_task', 'person', 'R1', '2025-01', '销售提成'))!.amount).toBe('2500.00');
    // M1 Jan: 100 × 9000 / 10000 = 90, 良好 → 20000 × 3% = 600
    const m1 = await league('collection_task', 'person', 'M1', '2025-01');
    expect([m1.total_score, m1.grade]).toEqual([90, '良好']);
    // R2 Jan: no target
    const r2 = await league('collection_task', 'person', 'R2', '2025-01');
    expect([r2.total_score, r2.max_score, r2.grade]).toEqual([0, 0, null]);
    expect((await items('collection_task', 'person', 'R2', '2025-01'))[0].note).toMatch(/^缺数据/);
  });

  it('league: ties share a rank; previous rank, movement and rank within the team', async () => {
    // Jan: R1 100 (110%) = R3 100 (110%) → both 1; M1 90 → 3; R2 and D1 have no target: nothing to score
    // (max_score 0), so no rank at all (不参加排名) rather than a shared last place
    const jan = await queryRows<{ unit_id: string; rank: number }>(
      wh.conn,
      `SELECT unit_id, rank FROM mart_league WHERE policy = 'collection_task' AND level = 'person' AND period_key = '2025-01' ORDER BY rank, unit_id`,
    );
    expect(jan.map((r) => `${r.unit_id}:${r.rank}`)).toEqual(['R1:1', 'R3:1', 'M1:3', 'D1:null', 'R2:null']);
    // Feb: R3 100 → 1, M1 95 → 2, R1 80 → 3 (R1 fell from 1 to 3: movement −2; M1 rose 3 → 2: +1)
    const r1 = await league('collection_task', 'person', 'R1', '2025-02');
    expect([r1.rank, r1.prev_rank, r1.movement]).toEqual([3, 1, -2]);
    const m1 = await league('collection_task', 'person', 'M1', '2025-02');
    expect([m1.rank, m1.prev_rank, m1.movement, m1.team_rank]).toEqual([2, 3, 1, 1]);
    // within T1 in Feb: M1 1, R1 2; R2 (still no target) has no place in the team either
    expect((await league('collection_task', 'person', 'R1', '2025-02')).team_rank).toBe(2);
    expect((await league('collection_task', 'person', 'R2', '2025-02')).team_rank).toBeNull();
    // first period: no previous rank
    expect((await league('collection_task', 'person', 'R1', '2025-01')).prev_rank).toBeNull();
  });

  it('monthly_collection_rate: collections / sales tiers', async () => {
    // R1 Jan: 55000 / 50000 = 110% ≥ 98% → 100; M1 Jan: 9000 / 20000 = 45% < 85% → 80
    expect((await league('monthly_collection_rate', 'person', 'R1', '2025-01')).total_score).toBe(100);
    expect((await league('monthly_collection_rate', 'person', 'M1', '2025-01')).total_score).toBe(80);
  });

  it('overdue: month boundaries, deferral, points and the 3-month flag', async () => {
    // R3 Jan: 29 days → 0 months (nothing); 30 → 1 (−3); 60 → 2 (−5); 90 → 3 (−5); 200 days deferred → exempt
    // 100 − 3 − 5 − 5 = 87
    const r3 = await items('overdue', 'person', 'R3', '2025-01');
    expect(r3.filter((i) => i.points !== null).map((i) => `${i.item}:${i.points}`)).toEqual(['基础分:100', '逾期1个月:-3', '逾期2个月:-5', '逾期3个月及以上:-5']);
    expect(r3.some((i) => i.item.startsWith('停发提成'))).toBe(true);
    expect((await league('overdue', 'person', 'R3', '2025-01')).total_score).toBe(87);
    // worst 3 months → salary 8000 × 50% = 4000
    expect(r3.find((i) => i.item.startsWith('逾期扣薪'))!.amount).toBe('-4000.00');
  });

  it('overdue: a team scores per person', async () => {
    // T2 Jan (members R3, D1): the same items as R3: (3 + 5 + 5) / 2 = 6.5 → 93.5
    expect((await league('overdue', 'team', 'T2', '2025-01')).total_score).toBe(93.5);
    expect((await item('overdue', 'team', 'T2', '2025-01', '逾期2个月'))!.note).toContain('÷ 2人');
  });

  it('overdue: a salary deduction is refunded in proportion when collected', async () => {
    // Jan: I1 8000 one month overdue → 10000 × 10% = 1000 deducted
    expect((await item('overdue', 'person', 'R1', '2025-01', '逾期扣薪'))!.amount).toBe('-1000.00');
    // Feb: still one month overdue (4000 left) → another 1000; 4000 of Jan's 8000 collected → 1000 × 4000 / 8000 = 500 back
    expect((await item('overdue', 'person', 'R1', '2025-02', '逾期扣薪'))!.amount).toBe('-1000.00');
    expect((await item('overdue', 'person', 'R1', '2025-02', '扣薪退还'))!.amount).toBe('500.00');
    // Mar: the last 4000 collected → Jan 1000 × 4000 / 8000 = 500 + Feb 1000 × 4000 / 4000 = 1000 → 1500: all refunded
    expect((await item('overdue', 'person', 'R1', '2025-03', '扣薪退还'))!.amount).toBe('1500.00');
    expect(await item('overdue', 'person', 'R1', '2025-03', '逾期扣薪')).toBeUndefined();
  });

  it('overdue: bad-debt compensation by role and a missing salary', async () => {
    // W1 10000 of R3 (T2: no manager, director D1): R3 40% = 4000, D1 15% = 1500
    expect((await item('overdue', 'person', 'R3', '2025-02', '坏账赔偿(业务员'))!.amount).toBe('-4000.00');
    // D1 also directs T1: W2 1000 → 150; together 1650
    expect((await item('overdue', 'person', 'D1', '2025-02', '坏账赔偿(总监'))!.amount).toBe('-1650.00');
    // W2 1000 of R1 (T1, manager M1): R1 400, M1 150
    expect((await item('overdue', 'person', 'R1', '2025-02', '坏账赔偿(业务员'))!.amount).toBe('-400.00');
    expect((await item('overdue', 'person', 'M1', '2025-02', '坏账赔偿(经理'))!.amount).toBe('-150.00');
    // R2 has no salary: the deduction is 缺数据, not 0
    const r2 = await item('overdue', 'person', 'R2', '2025-01', '逾期扣薪');
    expect(r2!.amount).toBeNull();
    expect(r2!.note).toMatch(/^缺数据/);
    // team T2 Feb: members R3 (−4000) and D1 (−1650 as director) of the same item name are summed per item
    expect((await item('overdue', 'team', 'T2', '2025-02', '坏账赔偿(业务员'))!.amount).toBe('-4000.00');
  });

  it('ar_total: ratio tiers, 呆坏账 once, deferral, and the manager share', async () => {
    // R2 Jan: I8 becomes 呆坏账: 30% × cost 6000 = 1800, and leaves the test:
    // (110000 − 10000) / (2 × 50000) = 100% → 0; net −1800 → M1 bears 20% = 360, R2 80% = −1440
    const r2 = await items('ar_total', 'person', 'R2', '2025-01');
    expect(r2.find((i) => i.item === '呆坏账处罚')!.amount).toBe('-1800.00');
    expect(r2.find((i) => i.item === '应收总额考核')!.amount).toBe('0.00');
    expect(r2.find((i) => i.item.startsWith('经理分摊'))!.amount).toBe('360.00');
    expect((await league('ar_total', 'person', 'R2', '2025-01')).total_score).toBe(-1440);
    // once only: not again in February
    expect((await items('ar_total', 'person', 'R2', '2025-02')).some((i) => i.item === '呆坏账处罚')).toBe(false);
    // R1 Jan: 130000 / 100000 = 130% → 50000 × 0.08% = 40; M1 20% = 8 → R1 −32
    expect((await league('ar_total', 'person', 'R1', '2025-01')).total_score).toBe(-32);
    // M1 Jan: own 40000 / 40000 = 100% → 0; bears 360 + 8 = 368
    expect((await league('ar_total', 'person', 'M1', '2025-01')).total_score).toBe(-368);
    // R3 Jan: the deferred 20000 leaves the test: (100000 − 20000) / 100000 = 80% → reward 50000 × 0.10% = 50, the rep's alone
    const r3 = await items('ar_total', 'person', 'R3', '2025-01');
    expect(r3.find((i) => i.item === '应收总额考核')!.amount).toBe('50.00');
    expect(r3.some((i) => i.item === '不良应收警告')).toBe(true); // I6: 3 months
    expect((await league('ar_total', 'person', 'R3', '2025-01')).total_score).toBe(50);
  });

  it('overdue_ratio_salary: overdue / sales of the credit period × salary', async () => {
    // R1 Jan: overdue 8000 / invoices of (Jan 1, Jan 31] 40000 = 20% × 10000 = 2000
    expect((await league('overdue_ratio_salary', 'person', 'R1', '2025-01')).total_score).toBe(-2000);
  });

  it('commission: gate, acceptance at 50%, withheld customers', async () => {
    // R3 Jan (110% ≥ 100%): cash 45000 × 3% = 1350; acceptance 10000 × 50% × 3% = 150;
    // C5 has a 3-month item: its 15000 earns nothing → −450; net 1050
    expect((await league('commission', 'person', 'R3', '2025-01')).total_score).toBe(1050);
    // M1 Jan 90% < 100%: no commission
    expect((await league('commission', 'person', 'M1', '2025-01')).total_score).toBe(0);
  });

  it('scorecards: piecewise items, historical best, grades, 缺数据', async () => {
    // T1 Jan: 良好 30; sales 70000 / plan 70000 → 10; delivery 95 without history → 3; turnover 10 without history → 6
    // 5 items without input (market share, expense rate, growth, saving, inventory) → max 40 + 15 + 5 + 10 = 70
    const jan = await league('scorecard_sales_dept', 'team', 'T1', '2025-01');
    expect([jan.total_score, jan.max_score]).toEqual([49, 70]);
    // T1 Feb: 优秀 40; sales 60000 / 50000 → +20% → 15 (cap); delivery 96 vs best 95 → 3 + 1.0526 = 4.05;
    // turnover 9 vs best 10 → −10% → 6 − 10 → 0. Total 59.05
    const feb = await items('scorecard_sales_dept', 'team', 'T1', '2025-02');
    expect(feb.find((i) => i.item === '合同任务交货率')!.points).toBe(4.05);
    expect(feb.find((i) => i.item === '应收账款周转率')!.points).toBe(0);
    expect(feb.find((i) => i.item === '市场占有率')!.note).toMatch(/^缺数据/);
    expect((await league('scorecard_sales_dept', 'team', 'T1', '2025-02')).total_score).toBe(59.05);
    // finance Jan: 40 + 15 + 8, the fourth grade missing → 63 of 80
    const fin = await league('scorecard_finance', 'team', 'FIN', '2025-01');
    expect([fin.total_score, fin.max_score]).toEqual([63, 80]);
    // finance Q1 has no grades of its own: the latest month with one (January) → 63 of 80 again
    const finQ1 = await items('scorecard_finance', 'team', 'FIN', '2025-Q1');
    expect(finQ1[0].note).toContain('取2025-01月值');
    expect((await league('scorecard_finance', 'team', 'FIN', '2025-Q1')).total_score).toBe(63);
    // director D1 Jan: T1 + T2 sales 120000 / plan 120000 → 10; management 优秀 → 25
    const d1 = await items('scorecard_sales_director', 'person', 'D1', '2025-01');
    expect(d1.find((i) => i.item === '产品销售收入计划完成率')!.points).toBe(10);
    expect(d1.find((i) => i.item === '营销各部的领导责任履行情况')!.points).toBe(25);
    expect(d1.find((i) => i.item === '营销队伍建设情况')!.note).toMatch(/^缺数据/);
  });

  it('the rules tables list every policy and parameter', async () => {
    const cat = await queryRows<{ policy: string }>(wh.conn, `SELECT policy FROM policy_catalog ORDER BY policy_order`);
    expect(cat).toHaveLength(11);
    const params = await queryRows<{ source: string }>(wh.conn, `SELECT DISTINCT source FROM policy_parameters ORDER BY 1`);
    expect(params.map((p) => p.source)).toEqual(['policy_default', 'seed']);
    const tiers = await queryRows<{ value_text: string }>(wh.conn, `SELECT value_text FROM policy_parameters WHERE policy = 'collection_task' AND parameter = 'commission_rates'`);
    expect(tiers[0].value_text).toBe('特优 5、优 4、良好 3、一般 2、不及格 1');
  });
});

describe('a copied policy with a changed number is a new policy', () => {
  it('appears next to the original with different scores, no code change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-copy-'));
    for (const f of readdirSync(POLICIES_DIR)) copyFileSync(join(POLICIES_DIR, f), join(dir, f));
    const text = readFileSync(join(POLICIES_DIR, 'collection_task.yaml'), 'utf8')
      .replace('id: collection_task', 'id: collection_task_half')
      .replace(/full_points:\n {4}value: 100/, 'full_points:\n    value: 50');
    expect(text).toContain('value: 50');
    writeFileSync(join(dir, 'collection_task_half.yaml'), text);
    const wh = await openWarehouse();
    try {
      await buildMarts(wh.conn, FIXTURE);
      await runPolicies(wh, dir);
      const rows = await queryRows<{ policy: string; unit_id: string; total_score: number }>(
        wh.conn,
        `SELECT policy, unit_id, total_score FROM mart_league
         WHERE policy LIKE 'collection_task%' AND level = 'person' AND period_key = '2025-01' AND unit_id IN ('R1', 'M1') ORDER BY policy, unit_id`,
      );
      // full 50 instead of 100: R1 50 (was 100), M1 50 × 9000 / 10000 = 45 (was 90)
      expect(rows.map((r) => `${r.policy}/${r.unit_id}:${r.total_score}`)).toEqual([
        'collection_task/M1:90',
        'collection_task/R1:100',
        'collection_task_half/M1:45',
        'collection_task_half/R1:50',
      ]);
      const [{ n }] = await queryRows<{ n: bigint }>(wh.conn, `SELECT count(*) AS n FROM policy_catalog WHERE policy = 'collection_task_half'`);
      expect(Number(n)).toBe(1);
    } finally {
      await wh.close();
    }
  });
});
