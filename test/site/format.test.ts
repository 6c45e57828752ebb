/**
 * The site's formatting layer (components/format.js) formats as Evidence's fmt() does — it only looks each
 * format code up once — and reads as the pages promise (¥1,234,567.80, 2025年9月, 个百分点 …).
 */
// @ts-expect-error Evidence's formatting source is plain JavaScript (no types)
import { fmt } from '@evidence-dev/component-utilities/formatting';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript module of the site (no types)
import * as format from '../../components/format.js';

const NUMBERS = [0, -0, 1, -1, 0.005, 0.015, 1.005, 2.675, 1234567.8, -1234567.8, 99999999.995, 0.125, -0.0049, 12.5, 1e12, 3.3333333];
const DATES = [new Date('2025-09-30T00:00:00Z'), new Date('2024-02-29T00:00:00Z'), new Date('2025-01-01T00:00:00Z')];

describe('formatting layer', () => {
  it('gives what Evidence’s fmt gives for every format, on numbers and dates', () => {
    const pairs: [string, unknown[], string][] = [
      ['yuan', NUMBERS, format.F.yuan],
      ['pct', NUMBERS, format.F.pct],
      ['score', NUMBERS, format.F.score],
      ['count', NUMBERS, format.F.count],
      ['days', NUMBERS, format.F.days],
      ['overdueDays', NUMBERS, format.F.overdueDays],
      ['date', DATES, format.F.date],
      ['month', DATES, format.F.month],
      ['day', DATES, format.F.day],
    ];
    for (const [name, values, code] of pairs) {
      for (const v of values) expect(format[name](v), `${name}(${String(v)})`).toBe(fmt(v, code));
    }
    for (const v of NUMBERS) expect(format.wan(v)).toBe(fmt(v / 10000, format.F.wan));
  });

  it('reads as the pages promise', () => {
    expect(format.yuan(1234567.8)).toBe('¥1,234,567.80');
    expect(format.yuan(-14100)).toBe('-¥14,100.00');
    expect(format.wan(339210300)).toBe('¥33,921.03万');
    expect(format.pct(0.1234)).toBe('12.3%');
    expect(format.pp(0.0125)).toBe('+1.25个百分点');
    expect(format.overdueDays(-3)).toBe('未到期（还有3天）');
    expect(format.month(new Date('2025-09-30T00:00:00Z'))).toBe('2025年9月');
    expect(format.date(new Date('2025-09-30T00:00:00Z'))).toBe('2025-09-30');
    expect(format.yuan(null)).toBe('—');
    expect(format.date(null)).toBe('');
  });
});
