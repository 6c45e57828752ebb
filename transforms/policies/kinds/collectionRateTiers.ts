/**
 * 月度销售回款率 tiers (docs/policies.md, 月度销售回款率考核; seed 001 「应收账款考核管理办法」):
 * rate = collections (含承兑) / sales of the month; at or above the first threshold no deduction, then one
 * deduction per band, the last below all.
 */
import { Decimal } from '../../money.js';
import { checkOrder, type Fail } from '../config.js';
import type { Evaluation } from '../result.js';
import { missingItem, pct, pointsItem, yuan } from '../result.js';
import { forEachUnit, Params, PERSONS_AND_TEAMS_EVERY_GRAIN, SHARED_PARAMS, type Kind } from './common.js';

export interface CollectionRateParams {
  basePoints: Decimal;
  /** percent, strictly descending */
  thresholds: Decimal[];
  /** one per band: deductions[i] for rate ≥ thresholds[i] (first match), the last for below every threshold */
  deductions: Decimal[];
  rateBasis: 'sales' | 'target';
}

export function readCollectionRateParams(values: Record<string, unknown>): CollectionRateParams {
  const p = new Params(values);
  return { basePoints: p.dec('base_points'), thresholds: p.decList('rate_thresholds'), deductions: p.decList('deductions'), rateBasis: p.str('rate_basis') as 'sales' | 'target' };
}

/** The deduction for a rate in percent, and the band it fell in (for the note). */
export function tierDeduction(p: CollectionRateParams, ratePct: Decimal): { deduction: Decimal; band: string } {
  for (let i = 0; i < p.thresholds.length; i++) {
    if (ratePct.gte(p.thresholds[i])) {
      const band = i === 0 ? `≥${p.thresholds[0]}%` : `[${p.thresholds[i]}%, ${p.thresholds[i - 1]}%)`;
      return { deduction: p.deductions[i], band };
    }
  }
  return { deduction: p.deductions[p.deductions.length - 1], band: `<${p.thresholds[p.thresholds.length - 1]}%` };
}

export function scoreCollectionRate(p: CollectionRateParams, collections: Decimal | null, denominator: Decimal | null): Evaluation {
  const label = p.rateBasis === 'sales' ? '月度销售回款率' : '回款任务完成率';
  if (collections === null || denominator === null || denominator.lte(0)) {
    return { items: [missingItem(label, p.rateBasis === 'sales' ? '当期无销售(出库)额' : '无回款任务', p.basePoints)], grade: null };
  }
  const ratio = collections.div(denominator);
  const { deduction, band } = tierDeduction(p, ratio.times(100));
  const what = p.rateBasis === 'sales' ? '销售' : '任务';
  return {
    items: [pointsItem(label, Decimal.max(0, p.basePoints.minus(deduction)), p.basePoints, `回款 ${yuan(collections)} / ${what} ${yuan(denominator)} = ${pct(ratio)}, ${band} 扣${deduction}分`)],
    grade: null,
  };
}

function check(values: Record<string, unknown>, fail: Fail): void {
  const t = values.rate_thresholds as number[];
  const d = values.deductions as number[];
  checkOrder(t, 'descending', (i) => `rate_thresholds.value[${i}]`, fail);
  if (d.length !== t.length + 1) fail('deductions.value', `needs ${t.length + 1} entries (one per band: ${t.length} thresholds + below the last), got ${d.length}`);
  checkOrder(d, 'ascending', (i) => `deductions.value[${i}]`, fail, false);
  if (d[d.length - 1] > (values.base_points as number)) fail('deductions.value', 'a deduction exceeds base_points');
}

export const collectionRateTiers: Kind = {
  kind: 'collection_rate_tiers',
  ...PERSONS_AND_TEAMS_EVERY_GRAIN,
  scoreBasis: 'points',
  params: {
    base_points: SHARED_PARAMS.base_points,
    rate_thresholds: { spec: { type: 'list', of: 'number', minLength: 1 }, doc: 'band lower bounds in percent, descending' },
    deductions: { spec: { type: 'list', of: 'number', minLength: 2 }, doc: 'points deducted per band' },
    rate_basis: { spec: { type: 'string', oneOf: ['sales', 'target'] }, doc: 'rate denominator: sales of the period or the collection target' },
  },
  check,
  async evaluate(policy, ctx) {
    const p = readCollectionRateParams(policy.values);
    return forEachUnit(policy, ctx, (unit, period) => {
      const m = ctx.metric(unit.level, unit.id, period.periodKey);
      return scoreCollectionRate(p, m?.collections ?? null, (p.rateBasis === 'sales' ? m?.sales : m?.collectionTarget) ?? null);
    });
  },
};
