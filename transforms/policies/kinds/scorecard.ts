/**
 * 营销部门 / 营销总监 / 财务部 scorecards (docs/policies.md; seed 001 「销售及应收款管理考核方法」): qualitative items
 * from kpi_inputs grades (优秀/良好/一般/差 → points), and quantitative items
 * points = clamp(base_points + slope × d, 0, cap), d = (actual − base) / |base| × 100, sign flipped when
 * lower is better. Bases: a metric (sales_target), the unit's historical best before the period, or the
 * plan / last period. An item without input shows 缺数据 and leaves the total with its maximum reduced.
 */
import { Decimal } from '../../money.js';
import { checkOrder, type Fail } from '../config.js';
import { compositeKey, type Context, type Metrics, type Period, type Unit } from '../context.js';
import type { Evaluation, ScoreItem } from '../result.js';
import { clamp, missingItem, pointsItem } from '../result.js';
import { forEachUnit, Params, PERSONS_AND_TEAMS_EVERY_GRAIN, type Kind } from './common.js';

export const QUALITATIVE_GRADES = ['优秀', '良好', '一般', '差'] as const;
export const METRIC_INPUTS = ['sales', 'collections', 'receivables_turnover', 'ar_balance', 'overdue_amount'] as const;
export const METRIC_BASES = ['sales_target', 'collection_target'] as const;

export type QualitativeRow = { code: string; name: string; kpi: string } & Record<(typeof QUALITATIVE_GRADES)[number], number>;

export interface QuantitativeRow {
  code: string;
  name: string;
  /** 'metric.<mart_ar_metrics column>' or 'kpi.<kpi code>' */
  input: string;
  /** 'metric.sales_target' | 'metric.collection_target' | 'historical_best' | 'plan_or_last' */
  base: string;
  /** kpi code of the plan value when base is plan_or_last (else last period's value) */
  plan_kpi?: string;
  base_points: number;
  slope: number;
  cap: number;
  lower_is_better: boolean;
}

/** `from`: the month the grade was taken from when the period has none of its own. */
export function qualitativeItem(row: QualitativeRow, grade: string | undefined, from: string | null = null): ScoreItem {
  const max = row['优秀'];
  if (grade === undefined || grade === '') return missingItem(row.name, `无评级(kpi ${row.kpi})`, max);
  if (!(QUALITATIVE_GRADES as readonly string[]).includes(grade)) return missingItem(row.name, `无法识别的评级 ${JSON.stringify(grade)}(kpi ${row.kpi})`, max);
  return pointsItem(row.name, row[grade as (typeof QUALITATIVE_GRADES)[number]], max, `评级 ${grade}${from ? `(取${from}月值)` : ''}`);
}

/** Relative deviation from the base in percent, sign flipped when lower is better; null when the base is 0. */
export function deviationPct(actual: Decimal, base: Decimal, lowerIsBetter: boolean): Decimal | null {
  if (base.isZero()) return null;
  const d = actual.minus(base).div(base.abs()).times(100);
  return lowerIsBetter ? d.neg() : d;
}

export function quantitativePoints(row: QuantitativeRow, actual: Decimal, base: Decimal): Decimal {
  const d = deviationPct(actual, base, row.lower_is_better);
  if (d === null) {
    // a zero base: level gets the base points, better gets the cap, worse gets 0
    const better = row.lower_is_better ? actual.lt(0) : actual.gt(0);
    return actual.isZero() ? new Decimal(row.base_points) : better ? new Decimal(row.cap) : new Decimal(0);
  }
  return clamp(new Decimal(row.base_points).plus(new Decimal(row.slope).times(d)), 0, row.cap);
}

const fmt = (d: Decimal) => d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString();

export function quantitativeItem(row: QuantitativeRow, actual: Decimal | null, base: Decimal | null, baseLabel: string): ScoreItem {
  if (actual === null) return missingItem(row.name, `无本期数据(${row.input})`, row.cap);
  if (base === null) return missingItem(row.name, `无基数(${baseLabel})`, row.cap);
  const d = deviationPct(actual, base, row.lower_is_better);
  const dev = d === null ? '基数为0' : `偏离${d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)}%${row.lower_is_better ? '(越低越好)' : ''}`;
  return pointsItem(row.name, quantitativePoints(row, actual, base), row.cap, `实际 ${fmt(actual)} / ${baseLabel} ${fmt(base)}: ${dev}`);
}

/** Best of the earlier values (max, or min when lower is better); null without history. */
export function historicalBest(values: Decimal[], lowerIsBetter: boolean): Decimal | null {
  if (values.length === 0) return null;
  return values.reduce((b, v) => (lowerIsBetter ? Decimal.min(b, v) : Decimal.max(b, v)));
}

/** The metrics a scorecard row may name (metric.<column>), as the Context holds them. */
const METRIC_VALUES: Record<string, (m: Metrics) => Decimal | null> = {
  sales: (m) => m.sales,
  collections: (m) => m.collections,
  ar_balance: (m) => m.arBalance,
  overdue_amount: (m) => m.overdueAmount,
  sales_target: (m) => m.salesTarget,
  collection_target: (m) => m.collectionTarget,
  receivables_turnover: (m) => (m.receivablesTurnover === null ? null : new Decimal(String(m.receivablesTurnover))),
};

function metricValue(m: Metrics | undefined, column: string): Decimal | null {
  const read = METRIC_VALUES[column];
  return m && read ? read(m) : null;
}

/** Roles that make a team a sales team (for a director's regional teams). */
const SALES_TEAM_ROLES = ['业务员', '销售经理'];

const ANNUAL = { month: 12, quarter: 4, year: 1 } as const;

/** The teams a director answers for: director_id, else the teams of the director's region, else the own team. */
export function directedTeams(ctx: Context, personId: string): string[] {
  const teams = [...ctx.teams.values()];
  const direct = teams.filter((t) => t.directorId === personId).map((t) => t.id);
  if (direct.length > 0) return direct;
  const person = ctx.persons.get(personId);
  const region = person?.region ?? null;
  const isSales = (roles: Set<string>) => SALES_TEAM_ROLES.some((r) => roles.has(r));
  const regional = region === null ? [] : teams.filter((t) => t.region === region && isSales(t.memberRoles)).map((t) => t.id);
  if (regional.length > 0) return regional;
  return person ? [person.teamId] : [];
}

/** Metrics of several teams together (sums; turnover recomputed from the sums, annualized). */
export function combineMetrics(rows: Metrics[], grain: Period['grain']): Metrics | undefined {
  if (rows.length === 0) return undefined;
  const z = new Decimal(0);
  const sum = (f: (m: Metrics) => Decimal) => rows.reduce((s, m) => s.plus(f(m)), z);
  const sumOpt = (f: (m: Metrics) => Decimal | null) => (rows.some((m) => f(m) !== null) ? rows.reduce((s, m) => s.plus(f(m) ?? 0), z) : null);
  const sales = sum((m) => m.sales);
  const collections = sum((m) => m.collections);
  const arBegin = sum((m) => m.arBegin);
  const arBalance = sum((m) => m.arBalance);
  const collectionTarget = sumOpt((m) => m.collectionTarget);
  const avg = arBegin.plus(arBalance).div(2);
  return {
    sales,
    collections,
    arBegin,
    arBalance,
    overdueAmount: sum((m) => m.overdueAmount),
    collectionTarget,
    salesTarget: sumOpt((m) => m.salesTarget),
    collectionRateTarget: collectionTarget === null || collectionTarget.isZero() ? null : collections.div(collectionTarget).toNumber(),
    receivablesTurnover: avg.isZero() ? null : sales.div(avg).times(ANNUAL[grain]).toNumber(),
  };
}

function check(values: Record<string, unknown>, fail: Fail): void {
  (values.qualitative_items as QualitativeRow[]).forEach((row, i) => {
    checkOrder(
      QUALITATIVE_GRADES.map((g) => row[g]),
      'descending',
      (j) => `qualitative_items.value[${i}].${QUALITATIVE_GRADES[j]}`,
      fail,
      false,
    );
  });
  (values.quantitative_items as QuantitativeRow[]).forEach((row, i) => {
    const key = `quantitative_items.value[${i}]`;
    const [src, name] = row.input.split('.');
    if (!(src === 'kpi' && name) && !(src === 'metric' && (METRIC_INPUTS as readonly string[]).includes(name))) {
      fail(`${key}.input`, `must be kpi.<code> or metric.<${METRIC_INPUTS.join('|')}>, got ${JSON.stringify(row.input)}`);
    }
    const bases = ['historical_best', 'plan_or_last', ...METRIC_BASES.map((b) => `metric.${b}`)];
    if (!bases.includes(row.base)) fail(`${key}.base`, `must be one of ${bases.join(', ')}, got ${JSON.stringify(row.base)}`);
    if (row.plan_kpi !== undefined && row.base !== 'plan_or_last') fail(`${key}.plan_kpi`, 'only with base plan_or_last');
    if (row.slope <= 0) fail(`${key}.slope`, `must be > 0, got ${row.slope}`);
    if (row.base_points < 0) fail(`${key}.base_points`, `must be ≥ 0, got ${row.base_points}`);
    if (row.base_points > row.cap) fail(`${key}.cap`, `thresholds out of order: cap ${row.cap} below base_points ${row.base_points}`);
  });
  const codes = [...(values.qualitative_items as { code: string }[]), ...(values.quantitative_items as { code: string }[])].map((r) => r.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) fail('quantitative_items.value', `duplicate item code ${c}`);
  });
}

const qualitativeFields = Object.fromEntries(QUALITATIVE_GRADES.map((g) => [g, { type: 'number' as const }]));

export const scorecard: Kind = {
  kind: 'scorecard',
  ...PERSONS_AND_TEAMS_EVERY_GRAIN,
  scoreBasis: 'points',
  params: {
    qualitative_items: {
      spec: { type: 'table', fields: { code: { type: 'string' }, name: { type: 'string' }, kpi: { type: 'string' }, ...qualitativeFields } },
      doc: 'graded items: points per grade 优秀/良好/一般/差 from kpi_inputs',
    },
    quantitative_items: {
      spec: {
        type: 'table',
        fields: {
          code: { type: 'string' },
          name: { type: 'string' },
          input: { type: 'string' },
          base: { type: 'string' },
          plan_kpi: { type: 'string', optional: true },
          base_points: { type: 'number' },
          slope: { type: 'number' },
          cap: { type: 'number' },
          lower_is_better: { type: 'boolean' },
        },
      },
      doc: 'piecewise items: clamp(base_points + slope × deviation%, 0, cap)',
    },
    person_metrics_from: { spec: { type: 'string', oneOf: ['own', 'directed_teams'] }, doc: "a person's metrics: own, or the teams they direct" },
  },
  check,
  async evaluate(policy, ctx) {
    const p = new Params(policy.values);
    const qual = p.rows<QualitativeRow>('qualitative_items');
    const quant = p.rows<QuantitativeRow>('quantitative_items');
    const fromTeams = p.str('person_metrics_from') === 'directed_teams';
    const metricsCache = new Map<string, Metrics | undefined>();
    const metricsOf = (unit: Unit, period: Period): Metrics | undefined => {
      if (unit.level === 'team' || !fromTeams) return ctx.metric(unit.level, unit.id, period.periodKey);
      const key = compositeKey(unit.id, period.periodKey);
      if (!metricsCache.has(key)) {
        const rows = directedTeams(ctx, unit.id)
          .map((t) => ctx.metric('team', t, period.periodKey))
          .filter((m): m is Metrics => m !== undefined);
        metricsCache.set(key, combineMetrics(rows, period.grain));
      }
      return metricsCache.get(key);
    };
    const periodsByGrain = new Map<string, Period[]>();
    for (const per of ctx.periodsOf(policy.grains)) periodsByGrain.set(per.grain, [...(periodsByGrain.get(per.grain) ?? []), per]);

    const valueOf = async (unit: Unit, period: Period, input: string): Promise<Decimal | null> => {
      const [src, name] = input.split('.');
      if (src === 'metric') return metricValue(metricsOf(unit, period), name);
      const v = await ctx.kpiFor(unit.level, unit.id, name, period);
      return v?.number === null || v?.number === undefined ? null : new Decimal(String(v.number));
    };

    const evalOne = async (unit: Unit, period: Period): Promise<Evaluation> => {
      const items: ScoreItem[] = [];
      for (const row of qual) {
        const v = await ctx.kpiFor(unit.level, unit.id, row.kpi, period);
        items.push(qualitativeItem(row, v?.text, v?.from ?? null));
      }
      for (const row of quant) {
        const actual = await valueOf(unit, period, row.input);
        let base: Decimal | null = null;
        let label = '';
        if (row.base.startsWith('metric.')) {
          base = metricValue(metricsOf(unit, period), row.base.slice('metric.'.length));
          label = '计划';
        } else if (row.base === 'historical_best') {
          const earlier = (periodsByGrain.get(period.grain) ?? []).filter((q) => q.start < period.start);
          const values: Decimal[] = [];
          for (const q of earlier) {
            const v = await valueOf(unit, q, row.input);
            if (v !== null) values.push(v);
          }
          base = historicalBest(values, row.lower_is_better);
          label = '历史最佳';
          if (base === null && actual !== null) {
            base = actual;
            label = '历史最佳(无历史,以本期为基数)';
          }
        } else {
          const plan = row.plan_kpi ? await ctx.kpiFor(unit.level, unit.id, row.plan_kpi, period) : undefined;
          if (plan?.number !== null && plan?.number !== undefined) {
            base = new Decimal(String(plan.number));
            label = '计划';
          } else if (period.prev) {
            const prev = ctx.periods.get(period.prev);
            base = prev ? await valueOf(unit, prev, row.input) : null;
            label = '上期';
          } else label = '计划或上期';
        }
        items.push(quantitativeItem(row, actual, base, label));
      }
      return { items, grade: null };
    };
    return forEachUnit(policy, ctx, evalOne, (unit, period) => metricsOf(unit, period)?.collectionRateTarget ?? null);
  },
};
