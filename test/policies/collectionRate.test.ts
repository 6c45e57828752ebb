import { describe, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { readCollectionRateParams, scoreCollectionRate } from '../../transforms/policies/kinds/collectionRateTiers.js';
import { shipped } from './shipped.js';

const p = readCollectionRateParams(shipped('monthly_collection_rate').values);
/** points for collections against sales of 10000 */
const pts = (collections: string) => scoreCollectionRate(p, new Decimal(collections), new Decimal('10000')).items[0].points!.toNumber();

describe('monthly_collection_rate (docs/policies.md, 月度销售回款率考核)', () => {
  it('≥ 98%: no deduction (at, above, below)', () => {
    expect(pts('9800')).toBe(100); // 98% → 100 − 0
    expect(pts('9800.01')).toBe(100); // 98.0001%
    expect(pts('9799.99')).toBe(98); // 97.9999% → [95, 98): 100 − 2
  });
  it('[95%, 98%): −2; [90%, 95%): −5', () => {
    expect(pts('9500')).toBe(98); // 95% → −2
    expect(pts('9500.01')).toBe(98);
    expect(pts('9499.99')).toBe(95); // 94.9999% → −5
    expect(pts('9000')).toBe(95); // 90% → −5
    expect(pts('9000.01')).toBe(95);
    expect(pts('8999.99')).toBe(90); // → −10
  });
  it('[85%, 90%): −10; < 85%: −20', () => {
    expect(pts('8500')).toBe(90); // 85% → −10
    expect(pts('8500.01')).toBe(90);
    expect(pts('8499.99')).toBe(80); // 84.9999% → −20
    expect(pts('0')).toBe(80);
  });
  it('collections above sales (old invoices collected) count as ≥ 98%', () => {
    expect(pts('15000')).toBe(100);
  });
  it('no sales in the month: 缺数据 with the maximum left out', () => {
    const ev = scoreCollectionRate(p, new Decimal('100'), new Decimal('0'));
    expect(ev.items[0].points).toBeNull();
    expect(ev.items[0].maxPoints).toBeNull();
    expect(ev.items[0].note).toMatch(/^缺数据/);
  });
});
