/**
 * 回款提成, the commission gate (docs/policies.md; seed 002 公司销售回款管理制度, seed 001 「应收账款管理办法(回款管控与考核)」):
 * commission on the money collected against the unit's invoices in the period, only when the collection
 * rate (collections / target) reaches the gate; amounts received as acceptance notes (承兑) count at 50%;
 * the business of a customer with an item 3+ months overdue earns no commission (关联业务取消提成).
 */
import { sql } from 'kysely';
import { Decimal } from '../../money.js';
import { compositeKey } from '../context.js';
import type { ScoreItem } from '../result.js';
import { flagItem, missingItem, moneyItem, yuan } from '../result.js';
import { collectionRatePct } from './collectionTask.js';
import { forEachUnit, forPersonAndTeam, isDeferred, monthsOverdue, openItems, Params, PERSONS_AND_TEAMS_EVERY_GRAIN, receiptApplications, rowsOf, SHARED_PARAMS, type Kind } from './common.js';

export interface CommissionParams {
  commissionRate: Decimal;
  gateRate: Decimal;
  acceptanceFactor: Decimal;
  withholdMonths: number;
  daysPerMonth: number;
  exemptDeferred: boolean;
}

export interface CommissionInput {
  /** collections / collection_target × 100; null without a target */
  ratePct: Decimal | null;
  cash: Decimal;
  acceptance: Decimal;
  /** the parts of cash / acceptance from customers whose commission is withheld */
  withheldCash: Decimal;
  withheldAcceptance: Decimal;
}

export function readCommissionParams(values: Record<string, unknown>): CommissionParams {
  const p = new Params(values);
  return {
    commissionRate: p.dec('commission_rate'),
    gateRate: p.dec('gate_rate'),
    acceptanceFactor: p.dec('acceptance_factor'),
    withholdMonths: p.int('withhold_overdue_months'),
    daysPerMonth: p.int('days_per_month'),
    exemptDeferred: p.bool('exempt_deferred'),
  };
}

export function scoreCommission(p: CommissionParams, x: CommissionInput): ScoreItem[] {
  const gateLabel = `回款率门槛(≥${p.gateRate}%)`;
  if (x.ratePct === null) return [missingItem(gateLabel, '无回款任务,无法判断是否计提成'), missingItem('提成', '回款率未知')];
  const pass = x.ratePct.gte(p.gateRate);
  const rate = p.commissionRate.div(100);
  const factor = p.acceptanceFactor.div(100);
  const shown = x.ratePct.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  const items: ScoreItem[] = [flagItem(gateLabel, pass ? `回款率 ${shown}% 达标, 计提成` : `回款率 ${shown}% 未达${p.gateRate}%, 不计提成`)];
  const money = (v: Decimal) => (pass ? v : new Decimal(0));
  items.push(moneyItem('提成(现汇回款)', money(x.cash.times(rate)), `现汇回款 ${yuan(x.cash)} × ${p.commissionRate}%`));
  if (!x.acceptance.isZero()) {
    items.push(moneyItem(`提成(承兑回款×${p.acceptanceFactor}%)`, money(x.acceptance.times(factor).times(rate)), `承兑回款 ${yuan(x.acceptance)} × ${p.acceptanceFactor}% × ${p.commissionRate}%`));
  }
  const withheldBase = x.withheldCash.plus(x.withheldAcceptance.times(factor));
  if (!withheldBase.isZero()) {
    items.push(
      moneyItem(`停发提成(逾期${p.withholdMonths}个月以上客户)`, money(withheldBase.times(rate).neg()), `这些客户的回款 ${yuan(x.withheldCash.plus(x.withheldAcceptance))} 不计提成(关联业务取消提成)`),
    );
  }
  return items;
}

export const commission: Kind = {
  kind: 'commission',
  ...PERSONS_AND_TEAMS_EVERY_GRAIN,
  scoreBasis: 'amount',
  params: {
    commission_rate: { spec: { type: 'number', min: 0, max: 100 }, doc: 'commission in % of the money collected' },
    gate_rate: { spec: { type: 'number', min: 0 }, doc: 'collection rate (%) needed for any commission' },
    acceptance_factor: { spec: { type: 'number', min: 0, max: 100 }, doc: '% of an acceptance-note receipt that counts' },
    withhold_overdue_months: { spec: { type: 'number', min: 1, integer: true }, doc: "months overdue that cancel the commission on the customer's business" },
    days_per_month: SHARED_PARAMS.days_per_month,
    exempt_deferred: SHARED_PARAMS.exempt_deferred,
  },
  async evaluate(policy, ctx) {
    const p = readCommissionParams(policy.values);
    const periods = ctx.db.selectFrom('dim_period').select(['period_key', 'grain', 'start_date', 'end_date']).where('grain', 'in', policy.grains);
    const withheldItems = openItems(ctx.db)
      .select(['oi.as_of', 'oi.person_id', 'oi.team_id', 'oi.customer_id'])
      .distinct()
      .where((eb) => sql<boolean>`${monthsOverdue(eb.ref('oi.days_overdue'), p.daysPerMonth)} >= ${sql.lit(p.withholdMonths)} AND NOT ${isDeferred(eb, p.exemptDeferred)}`);
    const receipts = receiptApplications(ctx.db).select(['a.applied_date', 'a.person_id', 'a.team_id', 'a.customer_id', 'a.is_acceptance', 'a.amount']);
    const rows = await rowsOf(
      ctx.db,
      sql<{ level: string; unit_id: string; period_key: string; is_acceptance: boolean; withheld: boolean; amount: string }>`WITH per AS ${periods},
       bad AS ${withheldItems},
       withheld_customer AS (
         -- per unit and month end, the customers whose commission is withheld (DISTINCT: bad has one row per
         -- person and team, and a unit may count for several of them)
         SELECT DISTINCT level, unit_id, as_of, customer_id FROM (${forPersonAndTeam('bad')})
       ),
       -- Aggregate first, join after (issue 9): the receipts' applications per month and customer are
       -- ~1.8 M rows at 10 M invoices, where joining every application to every period it lies in (BETWEEN)
       -- and doubling it for person/team made 83 M. Periods are calendar months, quarters and years
       -- (dim_period), so a month lies in a period exactly when the period of that grain starts at the
       -- month's own month / quarter / year start: an equi-join. Decimal sums are exact, so regrouping
       -- gives the same totals.
       app_month AS (
         SELECT CAST(date_trunc('month', a.applied_date) AS DATE) AS month_start, a.person_id, a.team_id, a.customer_id, a.is_acceptance, sum(a.amount) AS amount
         FROM ${receipts} a
         GROUP BY ALL
       ),
       month_in AS (
         SELECT DISTINCT month_start, g.grain, CAST(date_trunc(g.grain, month_start) AS DATE) AS start_date
         FROM (SELECT DISTINCT month_start FROM app_month) CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) g(grain)
       ),
       app AS (
         SELECT p.period_key, p.end_date, a.person_id, a.team_id, a.customer_id, a.is_acceptance, sum(a.amount) AS amount
         FROM app_month a
         JOIN month_in mi USING (month_start)
         JOIN per p ON p.grain = mi.grain AND p.start_date = mi.start_date
         GROUP BY ALL
       ),
       unit_application AS (
         ${forPersonAndTeam('app')}
       )
       SELECT u.level, u.unit_id, u.period_key, u.is_acceptance, w.customer_id IS NOT NULL AS withheld, CAST(sum(u.amount) AS VARCHAR) AS amount
       FROM unit_application u
       LEFT JOIN withheld_customer w ON w.level = u.level AND w.unit_id = u.unit_id AND w.as_of = u.end_date AND w.customer_id = u.customer_id
       GROUP BY ALL`,
    );
    const zero = new Decimal(0);
    const by = new Map<string, Omit<CommissionInput, 'ratePct'>>();
    for (const r of rows) {
      const key = compositeKey(r.level, r.unit_id, r.period_key);
      const cur = by.get(key) ?? { cash: zero, acceptance: zero, withheldCash: zero, withheldAcceptance: zero };
      const amount = new Decimal(r.amount);
      if (r.is_acceptance) {
        cur.acceptance = cur.acceptance.plus(amount);
        if (r.withheld) cur.withheldAcceptance = cur.withheldAcceptance.plus(amount);
      } else {
        cur.cash = cur.cash.plus(amount);
        if (r.withheld) cur.withheldCash = cur.withheldCash.plus(amount);
      }
      by.set(key, cur);
    }
    return forEachUnit(policy, ctx, (unit, period) => {
      const m = ctx.metric(unit.level, unit.id, period.periodKey);
      const x = by.get(compositeKey(unit.level, unit.id, period.periodKey)) ?? { cash: zero, acceptance: zero, withheldCash: zero, withheldAcceptance: zero };
      return { items: scoreCommission(p, { ratePct: collectionRatePct(m?.collections ?? null, m?.collectionTarget ?? null), ...x }), grade: null };
    });
  },
};
