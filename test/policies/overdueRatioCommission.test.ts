import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { readCommissionParams, scoreCommission, type CommissionInput } from '../../transforms/policies/kinds/commission.js';
import { overdueRatioPenalty, readOverdueRatioParams } from '../../transforms/policies/kinds/overdueRatioSalary.js';
import { amountTotal } from '../../transforms/policies/result.js';
import { shipped } from './shipped.js';

const d = (v: string | number) => new Decimal(v);

describe('overdue_ratio_salary (docs/policies.md, 逾期欠款比例扣薪)', () => {
  const p = readOverdueRatioParams(shipped('overdue_ratio_salary').values);
  it('overdue / sales of the credit period × monthly salary', () => {
    // 5000 / 20000 = 25% × 8000 = 2000
    expect(overdueRatioPenalty(p, d(5000), d(20000), d(8000)).amount!.toNumber()).toBe(-2000);
    // 1 / 3 × 1000 = 333.333… → 333.33
    expect(overdueRatioPenalty(p, d(1), d(3), d(1000)).amount!.toFixed(2)).toBe('-333.33');
  });
  it('the ratio is capped at 100% of the salary (at, above, below)', () => {
    expect(overdueRatioPenalty(p, d(20000), d(20000), d(8000)).amount!.toNumber()).toBe(-8000);
    expect(overdueRatioPenalty(p, d(30000), d(20000), d(8000)).amount!.toNumber()).toBe(-8000);
    expect(overdueRatioPenalty(p, d(19999), d(20000), d(8000)).amount!.toFixed(2)).toBe('-7999.60');
    // no sales in the credit period: the cap
    expect(overdueRatioPenalty(p, d(1), d(0), d(8000)).amount!.toNumber()).toBe(-8000);
  });
  it('no overdue: 0; no salary: 缺数据', () => {
    expect(overdueRatioPenalty(p, d(0), d(100), d(8000)).amount!.toNumber()).toBe(0);
    const m = overdueRatioPenalty(p, d(10), d(100), null);
    expect(m.amount).toBeNull();
    expect(m.note).toMatch(/^缺数据/);
  });
});

describe('commission (docs/policies.md, 回款提成)', () => {
  const p = readCommissionParams(shipped('commission').values);
  const x: Omit<CommissionInput, 'ratePct'> = { cash: d(10000), acceptance: d(4000), withheldCash: d(0), withheldAcceptance: d(0) };
  const net = (ratePct: string, more: Partial<CommissionInput> = {}) => amountTotal(scoreCommission(p, { ...x, ratePct: d(ratePct), ...more })).toNumber();
  it('the gate at 100% collection rate (at, above, below)', () => {
    // 10000 × 3% + 4000 × 50% × 3% = 300 + 60 = 360
    expect(net('100')).toBe(360);
    expect(net('100.01')).toBe(360);
    expect(net('99.99')).toBe(0);
  });
  it('acceptance notes count at 50%', () => {
    const items = scoreCommission(p, { ...x, ratePct: d(120) });
    expect(items.find((i) => i.item.startsWith('提成(承兑'))!.amount!.toNumber()).toBe(60);
  });
  it('customers 3+ months overdue: their collections earn nothing', () => {
    // withheld 2000 cash + 1000 acceptance: (2000 + 500) × 3% = 75 → 360 − 75 = 285
    expect(net('100', { withheldCash: d(2000), withheldAcceptance: d(1000) })).toBe(285);
  });
  it('without a target the gate is 缺数据', () => {
    const items = scoreCommission(p, { ...x, ratePct: null });
    expect(items.every((i) => i.note!.startsWith('缺数据'))).toBe(true);
  });
});
