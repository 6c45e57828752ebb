/**
 * When the company invoices: a day-weight curve with Chinese seasonality (the 春节 trough in Jan–Feb,
 * a June half-year push and a Q4 peak), ~12% growth a year, quiet weekends and public holidays. The
 * curve becomes a CDF plus an inverse table so a day inside any customer's active window is drawn in O(1).
 */
import type { Rng } from './prng.js';
import { END_DAY, MONTH_OF_DAY, WEEKDAY, dayOf } from './calendar.js';

/** Relative sales by calendar month, January first. */
export const MONTH_FACTOR = [0.62, 0.55, 0.95, 1.0, 1.05, 1.25, 0.95, 0.9, 1.05, 1.02, 1.15, 1.4] as const;
export const YEARLY_GROWTH = 1.12;

/** [first day, last day, weight]: 春节 (by year), 劳动节, 国庆. */
const HOLIDAYS: Array<[number, number, number]> = [
  [dayOf(2023, 1, 21), dayOf(2023, 1, 27), 0.05],
  [dayOf(2024, 2, 10), dayOf(2024, 2, 17), 0.05],
  [dayOf(2025, 1, 28), dayOf(2025, 2, 4), 0.05],
  ...[2023, 2024, 2025].flatMap((y): Array<[number, number, number]> => [
    [dayOf(y, 5, 1), dayOf(y, 5, 5), 0.3],
    [dayOf(y, 10, 1), dayOf(y, 10, 7), 0.1],
  ]),
];

const WEEKDAY_FACTOR = [0.15, 1, 1, 1, 1, 1, 0.5];
const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

export class DayDistribution {
  /** cdf[d] = share of all sales before day d; cdf[END_DAY + 1] = 1 */
  readonly cdf: Float64Array;
  private readonly inverse: Int32Array;

  constructor() {
    const weights = new Float64Array(END_DAY + 1);
    for (let d = 0; d <= END_DAY; d++) {
      weights[d] = MONTH_FACTOR[MONTH_OF_DAY[d] % 12] * Math.pow(YEARLY_GROWTH, d / 365) * WEEKDAY_FACTOR[WEEKDAY[d]];
    }
    for (const [from, to, w] of HOLIDAYS) for (let d = from; d <= to; d++) weights[d] *= w;
    let total = 0;
    for (let d = 0; d <= END_DAY; d++) total += weights[d];
    this.cdf = new Float64Array(END_DAY + 2);
    for (let d = 0; d <= END_DAY; d++) this.cdf[d + 1] = this.cdf[d] + weights[d] / total;
    this.cdf[END_DAY + 1] = 1;
    this.inverse = new Int32Array(TABLE_SIZE);
    let d = 0;
    for (let k = 0; k < TABLE_SIZE; k++) {
      while (this.cdf[d + 1] <= k / TABLE_SIZE) d++;
      this.inverse[k] = d;
    }
  }

  /** Share of the company's sales that falls in [lo, hi]. */
  mass(lo: number, hi: number): number {
    return this.cdf[hi + 1] - this.cdf[lo];
  }

  /** A day in [lo, hi], drawn by the sales curve. */
  sample(rng: Rng, lo: number, hi: number): number {
    const u = this.cdf[lo] + rng.next() * (this.cdf[hi + 1] - this.cdf[lo]);
    let d = this.inverse[Math.min(TABLE_SIZE - 1, Math.floor(u * TABLE_SIZE))];
    while (d < END_DAY && this.cdf[d + 1] <= u) d++;
    return d < lo ? lo : d > hi ? hi : d;
  }
}
