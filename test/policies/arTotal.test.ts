import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { managerShareOf, ratioRate, readArTotalParams, scoreArTotal, splitWithManagers, type ArTotalInput } from '../../transforms/policies/kinds/arTotal.js';
import { amountTotal, type UnitResult } from '../../transforms/policies/result.js';
import { shipped } from './shipped.js';

const p = readArTotalParams(shipped('ar_total').values);
const d = (v: string | number) => new Decimal(v);
const rate = (q: string) => ratioRate(p, d(q)).toNumber();
const base: ArTotalInput = {
  arBalance: d(0),
  deferredOpen: d(0),
  doubtfulOpen: d(0),
  sales: d(100000),
  warningCount: 0,
  warningOpen: d(0),
  badCustomers: 0,
  badBase: d(0),
  newDoubtful: [],
};
const find = (items: ReturnType<typeof scoreArTotal>, name: string) => items.find((i) => i.item === name);

describe('ar_total (docs/policies.md, 应收款总额考核)', () => {
  it('reward tiers below the base (inclusive), at / above / below each', () => {
    expect([rate('100'), rate('90.01'), rate('90'), rate('89.99')]).toEqual([0, 0, 0.06, 0.06]);
    expect([rate('80.01'), rate('80'), rate('79.99')]).toEqual([0.06, 0.1, 0.1]);
    expect([rate('70.01'), rate('70'), rate('69.99'), rate('0')]).toEqual([0.1, 0.16, 0.16, 0.16]);
  });
  it('penalty tiers above the base (inclusive), at / above / below each', () => {
    expect([rate('109.99'), rate('110'), rate('110.01')]).toEqual([0, -0.03, -0.03]);
    expect([rate('119.99'), rate('120'), rate('120.01')]).toEqual([-0.03, -0.05, -0.05]);
    expect([rate('129.99'), rate('130'), rate('130.01'), rate('500')]).toEqual([-0.05, -0.08, -0.08, -0.08]);
  });
  it('q = AR / (2 × sales of the month) → money on sales', () => {
    // AR 180000 / (2 × 100000) = 90% → reward 100000 × 0.06% = 60
    expect(find(scoreArTotal(p, { ...base, arBalance: d(180000) }), '应收总额考核')!.amount!.toNumber()).toBe(60);
    // AR 260000 → 130% → penalty 100000 × 0.08% = 80
    expect(find(scoreArTotal(p, { ...base, arBalance: d(260000) }), '应收总额考核')!.amount!.toNumber()).toBe(-80);
    // AR 200000 → 100% → 0
    expect(find(scoreArTotal(p, { ...base, arBalance: d(200000) }), '应收总额考核')!.amount!.toNumber()).toBe(0);
  });
  it('deferred (特批) and 呆坏账 items leave the AR-total test', () => {
    // AR 300000 of which 80000 deferred and 40000 呆坏账: (300000 − 120000) / 200000 = 90% → reward 60
    const items = scoreArTotal(p, { ...base, arBalance: d(300000), deferredOpen: d(80000), doubtfulOpen: d(40000) });
    expect(find(items, '应收总额考核')!.amount!.toNumber()).toBe(60);
    expect(find(items, '应收总额考核')!.note).toContain('剔除');
  });
  it('不良应收: warning, then 0.2% of the customer arrears a month', () => {
    const items = scoreArTotal(p, { ...base, arBalance: d(200000), warningCount: 2, warningOpen: d(7000), badCustomers: 1, badBase: d(50000) });
    expect(find(items, '不良应收警告')!.note).toContain('2笔');
    // 50000 × 0.2% = 100
    expect(find(items, '不良应收处罚')!.amount!.toNumber()).toBe(-100);
  });
  it('呆坏账: one-time 30% of the cost of what is unpaid; a missing cost is 缺数据', () => {
    // cost 6000 on an invoice of 10000 with 5000 unpaid: cost of the debt 3000 × 30% = 900
    const items = scoreArTotal(p, { ...base, arBalance: d(200000), newDoubtful: [{ invoiceId: 'I9', cost: d(6000), open: d(5000), amount: d(10000) }, { invoiceId: 'I8', cost: null, open: d(1), amount: d(1) }] });
    const bad = items.filter((i) => i.item === '呆坏账处罚');
    expect(bad[0].amount!.toNumber()).toBe(-900);
    expect(bad[1].amount).toBeNull();
    expect(bad[1].note).toMatch(/^缺数据/);
  });
  it('no sales in the month: 缺数据', () => {
    expect(find(scoreArTotal(p, { ...base, arBalance: d(5), sales: d(0) }), '应收总额考核')!.note).toMatch(/^缺数据/);
  });
  it('80/20: the manager bears 20% of a net penalty; a reward stays with the rep', () => {
    expect(managerShareOf(p, d(-1000)).toNumber()).toBe(-200);
    expect(managerShareOf(p, d(60)).toNumber()).toBe(0);
    const mk = (unitId: string, amount: number): UnitResult => ({
      periodKey: '2025-01', grain: 'month', level: 'person', unitId, collectionRateTarget: null, grade: null,
      items: [{ item: '应收总额考核', points: null, maxPoints: null, amount: d(amount), note: null }],
    });
    const rep = mk('R1', -1000);
    const rep2 = mk('R2', 60);
    const mgr = mk('M1', 0);
    splitWithManagers(p, [rep, rep2, mgr], (id) => (id === 'M1' ? 'M1' : 'M1'), (id) => ({ M1: '王倩', R1: '张三' })[id] ?? id);
    // rep: −1000 + 200 = −800 (80%); manager: −200 (20%); the rewarded rep keeps all 60
    expect(amountTotal(rep.items).toNumber()).toBe(-800);
    expect(amountTotal(mgr.items).toNumber()).toBe(-200);
    expect(amountTotal(rep2.items).toNumber()).toBe(60);
    // the notes name the people, not their ids
    expect(rep.items.at(-1)!.note).toBe('净处罚 ¥1,000.00: 业务员承担80%, 销售经理王倩承担20%');
    expect(mgr.items.at(-1)!.note).toBe('下属张三的净处罚 × 20%');
  });
});
