import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import {
  combineMetrics,
  historicalBest,
  qualitativeItem,
  quantitativeItem,
  quantitativePoints,
  type QualitativeRow,
  type QuantitativeRow,
} from '../../transforms/policies/kinds/scorecard.js';
import { shipped } from './shipped.js';

const d = (v: string | number) => new Decimal(v);
const dept = shipped('scorecard_sales_dept').values;
const quant = (code: string) => (dept.quantitative_items as QuantitativeRow[]).find((r) => r.code === code)!;
const pts = (code: string, actual: string, base: string) => quantitativePoints(quant(code), d(actual), d(base)).toNumber();

describe('scorecards (docs/policies.md, 营销部门 / 营销总监 / 财务部考核)', () => {
  it('sales vs plan: 10 at plan, +1 per 1% above up to 15, −1 per 1% below down to 0', () => {
    expect(pts('sales_plan', '100', '100')).toBe(10); // d = 0
    expect(pts('sales_plan', '100.5', '100')).toBe(10.5); // d = 0.5% → 10.5
    expect(pts('sales_plan', '99.5', '100')).toBe(9.5);
    expect(pts('sales_plan', '105', '100')).toBe(15); // d = 5% → 15 = cap
    expect(pts('sales_plan', '105.01', '100')).toBe(15); // capped
    expect(pts('sales_plan', '104.99', '100')).toBeCloseTo(14.99, 10);
    expect(pts('sales_plan', '90', '100')).toBe(0); // d = −10% → 0
    expect(pts('sales_plan', '90.01', '100')).toBeCloseTo(0.01, 10);
    expect(pts('sales_plan', '89.99', '100')).toBe(0); // floored at 0
  });
  it('lower is better: expense rate against its historical best', () => {
    // best 10%; actual 9.5%: d = −(9.5 − 10) / 10 × 100 = +5 → 10 + 5 = 15 (cap)
    expect(pts('expense_rate', '9.5', '10')).toBe(15);
    // actual 9.6%: d = +4 → 14
    expect(pts('expense_rate', '9.6', '10')).toBeCloseTo(14, 10);
    // actual 10.5%: d = −5 → 5
    expect(pts('expense_rate', '10.5', '10')).toBe(5);
    // actual 11%: d = −10 → 0 ; 11.01%: still 0
    expect(pts('expense_rate', '11', '10')).toBe(0);
    expect(pts('expense_rate', '11.01', '10')).toBe(0);
  });
  it('expense growth (lower better, a negative base uses |base|)', () => {
    // best −2%; actual −2.04%: d = −(−2.04 + 2) / 2 × 100 = +2 → 3 + 2 = 5 (cap)
    expect(pts('expense_growth', '-2.04', '-2')).toBe(5);
    // actual −1.98%: d = −1 → 2
    expect(pts('expense_growth', '-1.98', '-2')).toBe(2);
  });
  it('slope 0.1: expense saving and inventory turnover', () => {
    // base 1000, actual 1020: d = 2 → 2 + 0.2 = 2.2; 1050: d = 5 → 2.5 (cap); 1060 → 2.5; 900: d = −10 → 1
    expect(pts('expense_saving', '1020', '1000')).toBeCloseTo(2.2, 10);
    expect(pts('expense_saving', '1050', '1000')).toBe(2.5);
    expect(pts('expense_saving', '1060', '1000')).toBe(2.5);
    expect(pts('expense_saving', '900', '1000')).toBe(1);
    expect(pts('inventory_turnover', '6', '6')).toBe(2);
  });
  it('AR turnover: 6 at the historical best, +1 per 1%, cap 10', () => {
    expect(pts('ar_turnover', '8', '8')).toBe(6);
    expect(pts('ar_turnover', '8.32', '8')).toBe(10); // d = 4% → 10
    expect(pts('ar_turnover', '8.4', '8')).toBe(10); // capped
    expect(pts('ar_turnover', '7.6', '8')).toBe(1); // d = −5% → 1
  });
  it('a zero base: level gets the base points, better the cap, worse 0', () => {
    expect(pts('delivery_rate', '0', '0')).toBe(3);
    expect(pts('delivery_rate', '1', '0')).toBe(5);
    expect(pts('expense_rate', '1', '0')).toBe(0);
  });
  it('historical best: max, or min when lower is better; none without history', () => {
    expect(historicalBest([d(3), d(7), d(5)], false)!.toNumber()).toBe(7);
    expect(historicalBest([d(3), d(7), d(5)], true)!.toNumber()).toBe(3);
    expect(historicalBest([], false)).toBeNull();
  });
  it('items without input show 缺数据 and carry no maximum', () => {
    const it1 = quantitativeItem(quant('market_share'), null, d(10), '历史最佳');
    expect(it1.points).toBeNull();
    expect(it1.maxPoints).toBeNull();
    expect(it1.note).toMatch(/^缺数据/);
    expect(it1.note).toContain('满分5分不计入总分');
    const it2 = quantitativeItem(quant('sales_plan'), d(10), null, '计划');
    expect(it2.note).toMatch(/^缺数据/);
  });
  it('qualitative grades → points (dept 40/30/15/0, director 25/20/10/0 and 15/10/5/0, finance 40/…, 20/15/8/0)', () => {
    const row = (id: string, i: number) => (shipped(id).values.qualitative_items as QualitativeRow[])[i];
    expect(['优秀', '良好', '一般', '差'].map((g) => qualitativeItem(row('scorecard_sales_dept', 0), g).points!.toNumber())).toEqual([40, 30, 15, 0]);
    expect(['优秀', '良好', '一般', '差'].map((g) => qualitativeItem(row('scorecard_sales_director', 0), g).points!.toNumber())).toEqual([25, 20, 10, 0]);
    expect(['优秀', '良好', '一般', '差'].map((g) => qualitativeItem(row('scorecard_sales_director', 1), g).points!.toNumber())).toEqual([15, 10, 5, 0]);
    expect(['优秀', '良好', '一般', '差'].map((g) => qualitativeItem(row('scorecard_finance', 0), g).points!.toNumber())).toEqual([40, 30, 15, 0]);
    expect(['优秀', '良好', '一般', '差'].map((g) => qualitativeItem(row('scorecard_finance', 2), g).points!.toNumber())).toEqual([20, 15, 8, 0]);
    expect(qualitativeItem(row('scorecard_finance', 0), undefined).note).toMatch(/^缺数据/);
    expect(qualitativeItem(row('scorecard_finance', 0), 'A+').note).toMatch(/^缺数据: 无法识别/);
  });
  it("a director's metrics are the sum of the directed teams, turnover recomputed", () => {
    const z = d(0);
    const m = (sales: number, arBegin: number, arBalance: number) => ({
      sales: d(sales), collections: z, arBegin: d(arBegin), arBalance: d(arBalance), overdueAmount: z,
      collectionTarget: null, salesTarget: d(sales), collectionRateTarget: null, receivablesTurnover: null,
    });
    // sales 300, average AR (100 + 200 + 150 + 150) / 2 = 300 → 1 per month × 12 = 12
    const c = combineMetrics([m(100, 100, 200), m(200, 150, 150)], 'month')!;
    expect(c.sales.toNumber()).toBe(300);
    expect(c.receivablesTurnover).toBe(12);
    expect(c.collectionTarget).toBeNull();
  });
});
