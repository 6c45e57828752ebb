/**
 * 逾期欠款比例扣薪 (docs/policies.md; seed 001 「应收帐款考核办法」): penalty = overdue amount at month end / sales of
 * the credit period before it × monthly salary, repeated every month until collected.
 */
import { sql } from 'kysely';
import { Decimal } from '../../money.js';
import { compositeKey } from '../context.js';
import type { ScoreItem } from '../result.js';
import { missingItem, moneyItem, pct, yuan } from '../result.js';
import { forEachUnit, forPersonAndTeam, isDeferred, openItems, Params, PERSONS_AND_TEAMS_BY_MONTH, rowsOf, SHARED_PARAMS, type Kind } from './common.js';

export interface OverdueRatioParams {
  creditPeriodDays: number;
  /** the ratio is capped at this percent of the salary */
  capPct: Decimal;
  exemptDeferred: boolean;
}

export function readOverdueRatioParams(values: Record<string, unknown>): OverdueRatioParams {
  const p = new Params(values);
  return { creditPeriodDays: p.int('credit_period_days'), capPct: p.dec('cap_pct'), exemptDeferred: p.bool('exempt_deferred') };
}

export function overdueRatioPenalty(p: OverdueRatioParams, overdue: Decimal, windowSales: Decimal, salary: Decimal | null): ScoreItem {
  const item = '逾期欠款比例扣薪';
  if (overdue.lte(0)) return moneyItem(item, 0, '月末无逾期欠款');
  if (salary === null) return missingItem(item, `无月工资(monthly_salary); 逾期 ${yuan(overdue)}`);
  const cap = p.capPct.div(100);
  const raw = windowSales.gt(0) ? overdue.div(windowSales) : null;
  const ratio = raw === null ? cap : Decimal.min(raw, cap);
  const why =
    raw === null
      ? `信用期(${p.creditPeriodDays}天)内无销售, 按上限 ${pct(cap)}`
      : `逾期 ${yuan(overdue)} / 信用期(${p.creditPeriodDays}天)内销售 ${yuan(windowSales)} = ${pct(raw)}${raw.gt(cap) ? `, 按上限 ${pct(cap)}` : ''}`;
  return moneyItem(item, ratio.times(salary).neg(), `${why} × 月工资 ${yuan(salary)}; 未追回前每月重复`);
}

export const overdueRatioSalary: Kind = {
  kind: 'overdue_ratio_salary',
  ...PERSONS_AND_TEAMS_BY_MONTH,
  scoreBasis: 'amount',
  params: {
    credit_period_days: { spec: { type: 'number', min: 1, integer: true }, doc: 'the credit period whose sales divide the overdue amount' },
    cap_pct: { spec: { type: 'number', min: 0 }, doc: 'the ratio applied to the salary is capped at this percent' },
    exempt_deferred: SHARED_PARAMS.exempt_deferred,
  },
  async evaluate(policy, ctx) {
    const p = readOverdueRatioParams(policy.values);
    const overdueItems = openItems(ctx.db)
      .select(['oi.period_key', 'oi.person_id', 'oi.team_id', 'oi.open_amount'])
      .where('oi.days_overdue', '>', 0)
      .where((eb) => sql<boolean>`NOT ${isDeferred(eb, p.exemptDeferred)}`);
    // each month end's sales of the credit period before it (invoice_date in (end − days, end])
    const creditPeriodSales = ctx.db
      .selectFrom('dim_period as p')
      .innerJoin('fct_invoice as i', (join) =>
        join.on((eb) => sql<boolean>`${eb.ref('i.invoice_date')} > ${eb.ref('p.end_date')} - ${sql.lit(p.creditPeriodDays)} AND ${eb.ref('i.invoice_date')} <= ${eb.ref('p.end_date')}`),
      )
      .select(['p.period_key', 'i.person_id', 'i.team_id', 'i.amount'])
      .where('p.grain', '=', 'month');
    const rows = await rowsOf(
      ctx.db,
      sql<{ level: string; unit_id: string; period_key: string; overdue: string; sales: string }>`WITH od AS ${overdueItems},
       inv AS ${creditPeriodSales},
       unit_overdue AS (
         SELECT level, unit_id, period_key, sum(open_amount) AS overdue FROM (${forPersonAndTeam('od')}) GROUP BY ALL
       ),
       unit_sales AS (
         SELECT level, unit_id, period_key, sum(amount) AS sales FROM (${forPersonAndTeam('inv')}) GROUP BY ALL
       )
       SELECT o.level, o.unit_id, o.period_key, CAST(o.overdue AS VARCHAR) AS overdue, CAST(coalesce(s.sales, 0) AS VARCHAR) AS sales
       FROM unit_overdue o LEFT JOIN unit_sales s USING (level, unit_id, period_key)`,
    );
    const by = new Map<string, { overdue: Decimal; sales: Decimal }>();
    for (const r of rows) by.set(compositeKey(r.level, r.unit_id, r.period_key), { overdue: new Decimal(r.overdue), sales: new Decimal(r.sales) });
    // a team's salary in a period: its people's at the period's end (their salary as exported)
    const teamSalary = (teamId: string, day: string): Decimal | null =>
      ctx.membersOn(teamId, day).reduce<Decimal | null>((sum, m) => (m.salary === null ? sum : (sum ?? new Decimal(0)).plus(m.salary)), null);
    const zero = new Decimal(0);
    return forEachUnit(policy, ctx, (unit, period) => {
      const x = by.get(compositeKey(unit.level, unit.id, period.periodKey));
      const salary = unit.level === 'person' ? (ctx.persons.get(unit.id)?.salary ?? null) : teamSalary(unit.id, period.end);
      return { items: [overdueRatioPenalty(p, x?.overdue ?? zero, x?.sales ?? zero, salary)], grade: null };
    });
  },
};
