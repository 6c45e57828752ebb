import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { pointTotals } from '../../transforms/policies/result.js';
import {
  badDebtCompensation,
  overduePointItems,
  proportionalRefund,
  readOverdueParams,
  salaryDeductionPct,
  sumMoneyItems,
} from '../../transforms/policies/kinds/overdue.js';
import { moneyItem, missingItem } from '../../transforms/policies/result.js';
import { shipped } from './shipped.js';

const p = readOverdueParams(shipped('overdue').values);
const d = (v: string | number) => new Decimal(v);
const total = (items: ReturnType<typeof overduePointItems>) => pointTotals(items).total.toNumber();

describe('overdue (docs/policies.md, 逾期考核)', () => {
  it('points per overdue item by months overdue', () => {
    // no overdue item: the base only
    expect(total(overduePointItems(p, []))).toBe(100);
    // 2 items 1 month (2 × 3) + 1 item 2 months (5) = 11 → 89
    expect(total(overduePointItems(p, [{ months: 1, count: 2, open: d(300) }, { months: 2, count: 1, open: d(100) }]))).toBe(89);
    // 3 and 5 months merge into "3个月及以上" at 5 points each: 100 − 10 = 90
    const items = overduePointItems(p, [{ months: 3, count: 1, open: d(1) }, { months: 5, count: 1, open: d(1) }]);
    expect(total(items)).toBe(90);
    expect(items.find((i) => i.item === '逾期3个月及以上')!.points!.toNumber()).toBe(-10);
  });
  it('3+ months raise the commission-withheld flag; 2 months do not', () => {
    expect(overduePointItems(p, [{ months: 3, count: 1, open: d(500) }]).some((i) => i.item.startsWith('停发提成'))).toBe(true);
    expect(overduePointItems(p, [{ months: 2, count: 9, open: d(500) }]).some((i) => i.item.startsWith('停发提成'))).toBe(false);
  });
  it('deductions stop at 0 (扣完为止) and the adjustment is an item', () => {
    // 40 × 3 = 120 > 100 → an item of +20 brings the total to 0
    const items = overduePointItems(p, [{ months: 1, count: 40, open: d(1) }]);
    expect(total(items)).toBe(0);
    expect(items.at(-1)!.item).toBe('扣完为止');
    expect(items.at(-1)!.points!.toNumber()).toBe(20);
  });
  it('salary deduction by the worst months overdue: 10% / 30% / 50%', () => {
    expect(salaryDeductionPct(p, 0)).toBeNull();
    expect(salaryDeductionPct(p, 1)!.toNumber()).toBe(10);
    expect(salaryDeductionPct(p, 2)!.toNumber()).toBe(30);
    expect(salaryDeductionPct(p, 3)!.toNumber()).toBe(50);
    expect(salaryDeductionPct(p, 7)!.toNumber()).toBe(50);
  });
  it('a salary deduction is refunded in proportion to what is collected', () => {
    // deduction 1000 for 8000 overdue; 4000 collected → 1000 × 4000 / 8000 = 500
    expect(proportionalRefund(d(1000), d(8000), d(4000)).toNumber()).toBe(500);
    // all collected → all refunded; more than open is capped at open
    expect(proportionalRefund(d(1000), d(8000), d(8000)).toNumber()).toBe(1000);
    expect(proportionalRefund(d(1000), d(8000), d(9000)).toNumber()).toBe(1000);
    // nothing collected → nothing refunded
    expect(proportionalRefund(d(1000), d(8000), d(0)).toNumber()).toBe(0);
  });
  it('bad-debt compensation 40 / 15 / 15 by role (company 30)', () => {
    // 10000 written off: rep 4000, manager 1500, director 1500 (paid: negative)
    expect(badDebtCompensation(p.badDebtShares, '业务员', d(10000)).toNumber()).toBe(-4000);
    expect(badDebtCompensation(p.badDebtShares, '销售经理', d(10000)).toNumber()).toBe(-1500);
    expect(badDebtCompensation(p.badDebtShares, '销售总监', d(10000)).toNumber()).toBe(-1500);
    expect(p.badDebtShares['公司'].toNumber()).toBe(30);
  });
  it("a team's money items are the sum of its members'", () => {
    const items = sumMoneyItems([[moneyItem('逾期扣薪(10%)', -1000)], [moneyItem('逾期扣薪(10%)', -300), moneyItem('扣薪退还', 50)], [missingItem('逾期扣薪(10%)', 'x')]]);
    expect(items.find((i) => i.item === '逾期扣薪(10%)')!.amount!.toNumber()).toBe(-1300);
    expect(items.find((i) => i.item === '逾期扣薪(10%)')!.note).toContain('1人缺数据');
    expect(items.find((i) => i.item === '扣薪退还')!.amount!.toNumber()).toBe(50);
  });
});
