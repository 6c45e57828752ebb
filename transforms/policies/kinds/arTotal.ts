/**
 * 应收款总额考核 (docs/policies.md; seed 001 「销售人员-应收款-考核方案 / 销售人员回款考核方案」), monthly:
 * - q = AR at month end / (2 × sales of the month); rewards below the base, penalties above, on sales;
 * - 不良应收: an item unpaid 3 months past due → warning; months 4–9 → 0.2% of that customer's arrears a month;
 * - 呆坏账: past 9 months → one-time penalty of 30% of its cost, and it leaves the AR-total test;
 * - items under a 总经理特批 deferral (deferred_until ≥ month end) are exempt until then;
 * - the rep bears 80% of a net penalty and the manager 20%; a net reward goes to the rep alone.
 */
import { sql } from 'kysely';
import { Decimal, roundCents } from '../../money.js';
import { checkOrder, type Fail } from '../config.js';
import { compositeKey } from '../context.js';
import type { ScoreItem, UnitResult } from '../result.js';
import { amountTotal, flagItem, missingItem, moneyItem, pct, yuan } from '../result.js';
import { forEachUnit, forPersonAndTeam, isDeferred, monthsOverdue, openItems, Params, PERSONS_AND_TEAMS_BY_MONTH, rowsOf, SHARED_PARAMS, type Kind } from './common.js';

export interface RewardTier {
  max_ratio: number;
  rate: number;
}
export interface PenaltyTier {
  min_ratio: number;
  rate: number;
}

export interface ArTotalParams {
  baseMultiple: Decimal;
  rewardTiers: RewardTier[];
  penaltyTiers: PenaltyTier[];
  daysPerMonth: number;
  warningMonths: number;
  badFromMonth: number;
  badToMonth: number;
  badRate: Decimal;
  doubtfulAfterMonths: number;
  doubtfulCostRate: Decimal;
  repShare: Decimal;
  managerShare: Decimal;
  rewardsToRepOnly: boolean;
  exemptDeferred: boolean;
}

export function readArTotalParams(values: Record<string, unknown>): ArTotalParams {
  const p = new Params(values);
  return {
    baseMultiple: p.dec('base_multiple'),
    rewardTiers: p.rows<RewardTier>('reward_tiers'),
    penaltyTiers: p.rows<PenaltyTier>('penalty_tiers'),
    daysPerMonth: p.int('days_per_month'),
    warningMonths: p.int('warning_months'),
    badFromMonth: p.int('bad_penalty_from_month'),
    badToMonth: p.int('bad_penalty_to_month'),
    badRate: p.dec('bad_penalty_rate'),
    doubtfulAfterMonths: p.int('doubtful_after_months'),
    doubtfulCostRate: p.dec('doubtful_cost_rate'),
    repShare: p.dec('rep_share'),
    managerShare: p.dec('manager_share'),
    rewardsToRepOnly: p.bool('rewards_to_rep_only'),
    exemptDeferred: p.bool('exempt_deferred'),
  };
}

export interface DoubtfulItem {
  invoiceId: string;
  cost: Decimal | null;
  open: Decimal;
  amount: Decimal;
}

export interface ArTotalInput {
  arBalance: Decimal | null;
  /** open amounts left out of the AR-total test: deferred (特批) and 呆坏账 items */
  deferredOpen: Decimal;
  doubtfulOpen: Decimal;
  sales: Decimal | null;
  warningCount: number;
  warningOpen: Decimal;
  badCustomers: number;
  /** Σ arrears of the customers with an item in the penalty months */
  badBase: Decimal;
  /** items that became 呆坏账 this month */
  newDoubtful: DoubtfulItem[];
}

/** Reward (+) or penalty (−) rate in percent of sales for a ratio q in percent (0 between the tiers). */
export function ratioRate(p: ArTotalParams, qPct: Decimal): Decimal {
  let rate = new Decimal(0);
  for (const t of p.rewardTiers) if (qPct.lte(t.max_ratio)) rate = new Decimal(String(t.rate));
  for (const t of p.penaltyTiers) if (qPct.gte(t.min_ratio)) rate = new Decimal(String(t.rate)).neg();
  return rate;
}

/** The rep's items (before the manager's share) for one month. */
export function scoreArTotal(p: ArTotalParams, x: ArTotalInput): ScoreItem[] {
  const items: ScoreItem[] = [];
  if (x.arBalance === null || x.sales === null || x.sales.lte(0)) {
    items.push(missingItem('应收总额考核', x.sales === null || x.arBalance === null ? '无当月指标' : '当月无销售额,无法计算基准'));
  } else {
    const ar = x.arBalance.minus(x.deferredOpen).minus(x.doubtfulOpen);
    const q = ar.div(x.sales.times(p.baseMultiple));
    const rate = ratioRate(p, q.times(100));
    const excl = x.deferredOpen.plus(x.doubtfulOpen);
    const what = rate.gt(0) ? `奖励${rate}%` : rate.lt(0) ? `处罚${rate.neg()}%` : '无奖惩';
    items.push(
      moneyItem(
        '应收总额考核',
        x.sales.times(rate).div(100),
        `应收 ${yuan(ar)}${excl.gt(0) ? `(已剔除特批/呆坏账 ${yuan(excl)})` : ''} / (${p.baseMultiple} × 当月销售 ${yuan(x.sales)}) = ${pct(q)}: ${what}`,
      ),
    );
  }
  if (x.warningCount > 0) items.push(flagItem('不良应收警告', `${x.warningCount}笔逾期满${p.warningMonths}个月未回, 未回 ${yuan(x.warningOpen)}`));
  if (x.badCustomers > 0) {
    items.push(moneyItem('不良应收处罚', x.badBase.times(p.badRate).div(100).neg(), `${x.badCustomers}家客户逾期第${p.badFromMonth}–${p.badToMonth}个月: 欠款总额 ${yuan(x.badBase)} × ${p.badRate}%`));
  }
  for (const d of x.newDoubtful) {
    if (d.cost === null) {
      items.push(missingItem('呆坏账处罚', `发票 ${d.invoiceId} 无成本额(cost_amount),未回 ${yuan(d.open)}`));
      continue;
    }
    const openCost = d.amount.isZero() ? d.cost : d.cost.times(d.open).div(d.amount);
    items.push(moneyItem('呆坏账处罚', openCost.times(p.doubtfulCostRate).div(100).neg(), `发票 ${d.invoiceId} 逾期超过${p.doubtfulAfterMonths}个月: 欠款成本额 ${yuan(openCost)} × ${p.doubtfulCostRate}% (一次性,不再计入应收总额考核)`));
  }
  return items;
}

/** The manager's share of a rep's net result: what moves from the rep to the manager (0 for a net reward). */
export function managerShareOf(p: ArTotalParams, net: Decimal): Decimal {
  if (net.gte(0) && p.rewardsToRepOnly) return new Decimal(0);
  return net.times(p.managerShare).div(100);
}

function check(values: Record<string, unknown>, fail: Fail): void {
  const r = values.reward_tiers as RewardTier[];
  const pe = values.penalty_tiers as PenaltyTier[];
  checkOrder(r.map((t) => t.max_ratio), 'descending', (i) => `reward_tiers.value[${i}].max_ratio`, fail);
  checkOrder(r.map((t) => t.rate), 'ascending', (i) => `reward_tiers.value[${i}].rate`, fail, false);
  checkOrder(pe.map((t) => t.min_ratio), 'ascending', (i) => `penalty_tiers.value[${i}].min_ratio`, fail);
  checkOrder(pe.map((t) => t.rate), 'ascending', (i) => `penalty_tiers.value[${i}].rate`, fail, false);
  if (r.length > 0 && pe.length > 0 && r[0].max_ratio >= pe[0].min_ratio) fail('penalty_tiers.value[0].min_ratio', `thresholds out of order: must be above the reward threshold ${r[0].max_ratio}`);
  const w = values.warning_months as number;
  const from = values.bad_penalty_from_month as number;
  const to = values.bad_penalty_to_month as number;
  const after = values.doubtful_after_months as number;
  if (!(w < from)) fail('bad_penalty_from_month.value', `thresholds out of order: must be after warning_months (${w})`);
  if (!(from <= to)) fail('bad_penalty_to_month.value', `thresholds out of order: must be ≥ bad_penalty_from_month (${from})`);
  if (!(to <= after)) fail('doubtful_after_months.value', `thresholds out of order: must be ≥ bad_penalty_to_month (${to})`);
  const sum = new Decimal(String(values.rep_share)).plus(String(values.manager_share));
  if (!sum.eq(100)) fail('manager_share.value', `rep_share + manager_share must be 100, got ${sum}`);
}

/** A unit's month end as the aggregate reads it: money as exact text, counts as BIGINT. */
interface ArTotalUnitRow {
  level: string;
  unit_id: string;
  period_key: string;
  deferred_open: string;
  doubtful_open: string;
  warning_n: bigint;
  warning_open: string;
  bad_customers: bigint;
  bad_base: string;
}

export const arTotal: Kind = {
  kind: 'ar_total',
  ...PERSONS_AND_TEAMS_BY_MONTH,
  scoreBasis: 'amount',
  params: {
    base_multiple: { spec: { type: 'number', min: 0 }, doc: 'AR is compared with this many months of sales' },
    reward_tiers: { spec: { type: 'table', fields: { max_ratio: { type: 'number' }, rate: { type: 'number' } } }, doc: 'q ≤ max_ratio (%) → reward rate (% of sales)' },
    penalty_tiers: { spec: { type: 'table', fields: { min_ratio: { type: 'number' }, rate: { type: 'number' } } }, doc: 'q ≥ min_ratio (%) → penalty rate (% of sales)' },
    days_per_month: SHARED_PARAMS.days_per_month,
    warning_months: { spec: { type: 'number', min: 1, integer: true }, doc: 'months unpaid past due that make 不良应收 (warning)' },
    bad_penalty_from_month: { spec: { type: 'number', min: 1, integer: true }, doc: 'first month of the monthly 不良应收 penalty' },
    bad_penalty_to_month: { spec: { type: 'number', min: 1, integer: true }, doc: 'last month of the monthly 不良应收 penalty' },
    bad_penalty_rate: { spec: { type: 'number', min: 0 }, doc: "monthly penalty in % of the customer's arrears" },
    doubtful_after_months: { spec: { type: 'number', min: 1, integer: true }, doc: 'past this many months an item is 呆坏账' },
    doubtful_cost_rate: { spec: { type: 'number', min: 0 }, doc: 'one-time penalty in % of the cost of the item' },
    rep_share: { spec: { type: 'number', min: 0, max: 100 }, doc: "the rep's share of a net penalty (%)" },
    manager_share: { spec: { type: 'number', min: 0, max: 100 }, doc: "the manager's share of a net penalty (%)" },
    rewards_to_rep_only: { spec: { type: 'boolean' }, doc: 'a net reward goes to the rep alone' },
    exempt_deferred: SHARED_PARAMS.exempt_deferred,
  },
  check,
  async evaluate(policy, ctx) {
    const p = readArTotalParams(policy.values);
    // Classify each open item once, then aggregate before doubling to person + team (issue 9): per
    // (period, customer, person, team, class) the 25 M open items at 10 M invoices become a few million
    // rows, where doubling them first made 50 M. Decimal sums are exact, so the totals are the same.
    const openWithMonths = openItems(ctx.db).select((eb) => [
      'oi.period_key', 'oi.as_of', 'oi.invoice_id', 'oi.due_date', 'oi.customer_id', 'oi.person_id', 'oi.team_id', 'oi.open_amount', 'oi.amount',
      monthsOverdue(eb.ref('oi.days_overdue'), p.daysPerMonth).as('m'),
      isDeferred(eb, p.exemptDeferred).as('deferred'),
    ]);
    const cls = sql`CASE WHEN deferred THEN 'deferred'
                       WHEN m > ${sql.lit(p.doubtfulAfterMonths)} THEN 'doubtful'
                       WHEN m BETWEEN ${sql.lit(p.badFromMonth)} AND ${sql.lit(p.badToMonth)} THEN 'bad'
                       WHEN m >= ${sql.lit(p.warningMonths)} THEN 'warning'
                       ELSE 'normal' END`;
    const agg = await rowsOf(
      ctx.db,
      sql<ArTotalUnitRow>`WITH oi AS ${openWithMonths}, grouped AS (
         SELECT period_key, customer_id, person_id, team_id, ${cls} AS cls, sum(open_amount) AS open_amount, count(*) AS n
         FROM oi GROUP BY ALL
       ), units AS (
         ${forPersonAndTeam('grouped')}
       ), cust AS (
         SELECT level, unit_id, period_key, customer_id,
                sum(open_amount) FILTER (WHERE cls IN ('normal', 'warning', 'bad')) AS arrears, bool_or(cls = 'bad') AS has_bad
         FROM units GROUP BY ALL
       ), bad_debt_base AS (
         SELECT level, unit_id, period_key, count(*) AS bad_customers, sum(arrears) AS bad_base FROM cust WHERE has_bad GROUP BY ALL
       ), by_class AS (
         SELECT level, unit_id, period_key,
                coalesce(sum(open_amount) FILTER (WHERE cls = 'deferred'), 0) AS deferred_open,
                coalesce(sum(open_amount) FILTER (WHERE cls = 'doubtful'), 0) AS doubtful_open,
                CAST(coalesce(sum(n) FILTER (WHERE cls = 'warning'), 0) AS BIGINT) AS warning_n,
                coalesce(sum(open_amount) FILTER (WHERE cls = 'warning'), 0) AS warning_open
         FROM units GROUP BY ALL
       )
       SELECT c.level, c.unit_id, c.period_key, CAST(deferred_open AS VARCHAR) AS deferred_open, CAST(doubtful_open AS VARCHAR) AS doubtful_open,
              warning_n, CAST(warning_open AS VARCHAR) AS warning_open, coalesce(bad_customers, 0) AS bad_customers, CAST(coalesce(bad_base, 0) AS VARCHAR) AS bad_base
       FROM by_class c LEFT JOIN bad_debt_base USING (level, unit_id, period_key)`,
    );
    const byUnit = new Map<string, ArTotalUnitRow>();
    for (const r of agg) byUnit.set(compositeKey(r.level, r.unit_id, r.period_key), r);
    const newDoubtful = new Map<string, DoubtfulItem[]>();
    const invoiceCosts = ctx.db.selectFrom('fct_invoice').select(['invoice_id', 'cost_amount']);
    const firstDoubtful = await rowsOf(
      ctx.db,
      // an item's first doubtful month end: only those rows are doubled to person + team (their class is
      // 'doubtful' by construction: not deferred and past doubtful_after_months). An item is a due-date line: each
      // instalment of an invoice turns doubtful on its own, its cost share = cost × its open ÷ the invoice's amount
      sql<{ level: string; unit_id: string; period_key: string; invoice_id: string; cost: string | null; open: string; amount: string }>`WITH oi AS ${openWithMonths},
       first_doubtful_item AS (
         -- one scan: each doubtful row kept when it is its item's earliest doubtful month end
         SELECT * FROM oi WHERE NOT deferred AND m > ${sql.lit(p.doubtfulAfterMonths)}
         QUALIFY as_of = min(as_of) OVER (PARTITION BY invoice_id, due_date)
       ), unit_item AS (
         ${forPersonAndTeam('first_doubtful_item')}
       )
       SELECT u.level, u.unit_id, u.period_key, u.invoice_id, CAST(i.cost_amount AS VARCHAR) AS cost,
              CAST(u.open_amount AS VARCHAR) AS open, CAST(u.amount AS VARCHAR) AS amount
       FROM unit_item u JOIN ${invoiceCosts} i ON i.invoice_id = u.invoice_id
       ORDER BY u.invoice_id, u.due_date`,
    );
    for (const r of firstDoubtful) {
      const key = compositeKey(r.level, r.unit_id, r.period_key);
      const d: DoubtfulItem = { invoiceId: r.invoice_id, cost: r.cost === null ? null : new Decimal(r.cost), open: new Decimal(r.open), amount: new Decimal(r.amount) };
      newDoubtful.set(key, [...(newDoubtful.get(key) ?? []), d]);
    }
    const zero = new Decimal(0);
    const results = await forEachUnit(policy, ctx, (unit, period) => {
      const key = compositeKey(unit.level, unit.id, period.periodKey);
      const r = byUnit.get(key);
      const m = ctx.metric(unit.level, unit.id, period.periodKey);
      const d = (v: string | undefined) => (v === undefined ? zero : new Decimal(v));
      return {
        items: scoreArTotal(p, {
          arBalance: m?.arBalance ?? null,
          sales: m?.sales ?? null,
          deferredOpen: d(r?.deferred_open),
          doubtfulOpen: d(r?.doubtful_open),
          warningCount: Number(r?.warning_n ?? 0n),
          warningOpen: d(r?.warning_open),
          badCustomers: Number(r?.bad_customers ?? 0n),
          badBase: d(r?.bad_base),
          newDoubtful: newDoubtful.get(key) ?? [],
        }),
        grade: null,
      };
    });
    splitWithManagers(
      p,
      results,
      (personId, periodKey) => {
        const teamId = ctx.teamOn(personId, ctx.periods.get(periodKey)!.end);
        return (teamId ? ctx.teams.get(teamId)?.managerId : null) ?? null;
      },
      (personId) => ctx.persons.get(personId)?.name ?? personId,
    );
    return results;
  },
};

/**
 * Moves the manager's share of each rep's net penalty from the rep's result to the manager's. The notes name the
 * people (nameOf: 销售经理王倩), not their ids: a note is read on the person pages.
 */
export function splitWithManagers(
  p: ArTotalParams,
  results: UnitResult[],
  /** the manager of the person's team in the period */
  managerOf: (personId: string, periodKey: string) => string | null,
  nameOf: (personId: string) => string = (id) => id,
): void {
  const persons = new Map<string, UnitResult>();
  for (const r of results) if (r.level === 'person') persons.set(compositeKey(r.unitId, r.periodKey), r);
  const toManager = new Map<string, { amount: Decimal; reps: string[] }>();
  for (const r of persons.values()) {
    const net = amountTotal(r.items);
    const share = roundCents(managerShareOf(p, net));
    const manager = managerOf(r.unitId, r.periodKey);
    if (share.isZero() || manager === null || manager === r.unitId) continue;
    const target = persons.get(compositeKey(manager, r.periodKey));
    r.items.push(moneyItem(`经理分摊(${p.managerShare}%)`, share.neg(), `净处罚 ${yuan(net.neg())}: 业务员承担${p.repShare}%, 销售经理${nameOf(manager)}承担${p.managerShare}%${target ? '' : '(经理未参评)'}`));
    if (!target) continue;
    const key = compositeKey(manager, r.periodKey);
    const cur = toManager.get(key) ?? { amount: new Decimal(0), reps: [] };
    cur.amount = cur.amount.plus(share);
    cur.reps.push(r.unitId);
    toManager.set(key, cur);
  }
  for (const [key, v] of toManager) {
    persons.get(key)!.items.push(moneyItem(`承担下属处罚(${p.managerShare}%)`, v.amount, `下属${v.reps.sort().map(nameOf).join('、')}的净处罚 × ${p.managerShare}%`));
  }
}
