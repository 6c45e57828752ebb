import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { gradeFor, readCollectionTaskParams, scoreCollectionTask } from '../../transforms/policies/kinds/collectionTask.js';
import { shipped } from './shipped.js';

const p = readCollectionTaskParams(shipped('collection_task').values);
const d = (v: string | number) => new Decimal(v);
const run = (collections: string, target = '1000', sales = '5000', previousGrades: (string | null)[] = []) =>
  scoreCollectionTask(p, { collections: d(collections), target: d(target), sales: d(sales), previousGrades });
const item = (ev: ReturnType<typeof run>, name: string) => ev.items.find((i) => i.item.startsWith(name));

describe('collection_task (docs/policies.md, 回款任务考核)', () => {
  it('full marks at the target, and just above it', () => {
    // 1000 / 1000 → 100 (actual ≥ target gives full marks)
    expect(item(run('1000'), '回款任务完成率')!.points!.toNumber()).toBe(100);
    // 1000.01 ≥ 1000 → still 100, never above full marks
    expect(item(run('1000.01'), '回款任务完成率')!.points!.toNumber()).toBe(100);
  });
  it('just below the target scores full × actual / target', () => {
    // 100 × 999 / 1000 = 99.9
    expect(item(run('999'), '回款任务完成率')!.points!.toNumber()).toBe(99.9);
    // 100 × 333.335 / 1000 = 33.3335 → half-up to 2 places at the end → 33.33
    expect(item(run('333.335'), '回款任务完成率')!.points!.toFixed(2)).toBe('33.33');
    // 100 × 0.125 / 1 = 12.5
    expect(item(run('0.125', '1'), '回款任务完成率')!.points!.toNumber()).toBe(12.5);
    // refunds larger than collections: never below 0
    expect(item(run('-50'), '回款任务完成率')!.points!.toNumber()).toBe(0);
  });
  it('grades at, just above and just below each threshold', () => {
    const g = (rate: string) => gradeFor(d(rate), p.grades);
    expect([g('110'), g('110.01'), g('109.99')]).toEqual(['特优', '特优', '优']);
    expect([g('100'), g('100.01'), g('99.99')]).toEqual(['优', '优', '良好']);
    expect([g('90'), g('90.01'), g('89.99')]).toEqual(['良好', '良好', '一般']);
    expect([g('80'), g('80.01'), g('79.99')]).toEqual(['一般', '一般', '不及格']);
    // through the whole evaluation: 1100 / 1000 = 110% → 特优
    expect(run('1100').grade).toBe('特优');
    expect(run('1099.99').grade).toBe('优');
    expect(run('799.99').grade).toBe('不及格');
  });
  it('commission on sales by grade', () => {
    // 特优: 5000 × 5% = 250; 优: 5000 × 4% = 200; 良好 3% = 150; 一般 2% = 100; 不及格 1% = 50
    expect(item(run('1100'), '销售提成')!.amount!.toNumber()).toBe(250);
    expect(item(run('1000'), '销售提成')!.amount!.toNumber()).toBe(200);
    expect(item(run('900'), '销售提成')!.amount!.toNumber()).toBe(150);
    expect(item(run('800'), '销售提成')!.amount!.toNumber()).toBe(100);
    expect(item(run('799.99'), '销售提成')!.amount!.toNumber()).toBe(50);
    // 优, sales 3333.33 × 4% = 133.3332 → 133.33
    expect(item(run('1000', '1000', '3333.33'), '销售提成')!.amount!.toFixed(2)).toBe('133.33');
  });
  it('three consecutive 特优/优 add 1 point and 1 percentage point of commission', () => {
    const ev = run('1000', '1000', '5000', ['特优', '优']);
    const bonus = item(ev, '连续3次')!;
    expect(bonus.points!.toNumber()).toBe(1);
    expect(bonus.maxPoints).toBeNull(); // a bonus beyond the full score
    // 5000 × 1% = 50
    expect(bonus.amount!.toNumber()).toBe(50);
    // two in a row is not yet three; a 良好 breaks the streak; a period without a grade breaks it
    expect(item(run('1000', '1000', '5000', ['优']), '连续3次')).toBeUndefined();
    expect(item(run('1000', '1000', '5000', ['优', '良好']), '连续3次')).toBeUndefined();
    expect(item(run('1000', '1000', '5000', [null, '优']), '连续3次')).toBeUndefined();
  });
  it('three consecutive 不及格 raise the 调岗 flag', () => {
    expect(item(run('500', '1000', '5000', ['不及格', '不及格']), '调岗预警')!.note).toContain('调岗');
    expect(item(run('500', '1000', '5000', ['不及格', '一般']), '调岗预警')).toBeUndefined();
    expect(item(run('800', '1000', '5000', ['不及格', '不及格']), '调岗预警')).toBeUndefined();
  });
  it('a unit without a target shows 缺数据, no grade, and no maximum', () => {
    const ev = scoreCollectionTask(p, { collections: d('500'), target: null, sales: d('100'), previousGrades: [] });
    expect(ev.grade).toBeNull();
    expect(ev.items).toHaveLength(1);
    expect(ev.items[0].points).toBeNull();
    expect(ev.items[0].maxPoints).toBeNull();
    expect(ev.items[0].note).toMatch(/^缺数据/);
    // a zero target is no target either
    expect(scoreCollectionTask(p, { collections: d('1'), target: d('0'), sales: null, previousGrades: [] }).items[0].note).toMatch(/^缺数据/);
  });
});
