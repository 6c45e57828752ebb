/**
 * Dates as small integers: day 0 is 2023-01-01, the first day of the sample's 36 months. Every date
 * string is built once here, so writing millions of rows only indexes arrays.
 */

export const FIRST_YEAR = 2023;
export const YEARS = 3;
/** Months in the sample: 2023-01 … 2025-12. */
export const MONTHS = YEARS * 12;
/** The table reaches two years past the sample so due dates and deferrals of late invoices resolve. */
const TABLE_YEARS = YEARS + 2;

const EPOCH_MS = Date.UTC(FIRST_YEAR, 0, 1);
const DAY_MS = 86_400_000;

/** Day number of a calendar date (month 1-based). */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH_MS) / DAY_MS);
}

export const START_DAY = 0;
/** 2025-12-31: no document is dated later. */
export const END_DAY = dayOf(FIRST_YEAR + YEARS - 1, 12, 31);
export const TABLE_END_DAY = dayOf(FIRST_YEAR + TABLE_YEARS - 1, 12, 31);

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** 'YYYY-MM-DD' of every day in the table. */
export const DATE_STR: string[] = [];
/** Month index (0 = 2023-01) of every day. */
export const MONTH_OF_DAY = new Int16Array(TABLE_END_DAY + 1);
/** 0 = Sunday … 6 = Saturday. */
export const WEEKDAY = new Uint8Array(TABLE_END_DAY + 1);
/** Per month index: 'YYYY-MM', 'YYYYMM', first and last day. */
export const MONTH_KEY: string[] = [];
export const MONTH_COMPACT: string[] = [];
export const MONTH_FIRST_DAY: number[] = [];
export const MONTH_LAST_DAY: number[] = [];

for (let day = 0; day <= TABLE_END_DAY; day++) {
  const d = new Date(EPOCH_MS + day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const monthIdx = (y - FIRST_YEAR) * 12 + (m - 1);
  DATE_STR.push(`${y}-${pad2(m)}-${pad2(d.getUTCDate())}`);
  MONTH_OF_DAY[day] = monthIdx;
  WEEKDAY[day] = d.getUTCDay();
  if (MONTH_KEY.length === monthIdx) {
    MONTH_KEY.push(`${y}-${pad2(m)}`);
    MONTH_COMPACT.push(`${y}${pad2(m)}`);
    MONTH_FIRST_DAY.push(day);
  }
  MONTH_LAST_DAY[monthIdx] = day;
}

/** Last day of the month containing `day` (write-offs are approved at month-end closing). */
export function monthEndOf(day: number): number {
  return MONTH_LAST_DAY[MONTH_OF_DAY[day]];
}

/** Year (e.g. 2024) of a day. */
export function yearOfDay(day: number): number {
  return FIRST_YEAR + Math.floor(MONTH_OF_DAY[day] / 12);
}

/** Banks do not book on Sundays: move a Sunday to Monday. */
export function bankDay(day: number): number {
  return WEEKDAY[day] === 0 ? day + 1 : day;
}

/** The period keys of the sample: months, quarters ('2025-Q1') and years ('2025'). */
export interface PeriodKeys {
  month: string[];
  quarter: string[];
  year: string[];
}

export function periodKeys(): PeriodKeys {
  const month = MONTH_KEY.slice(0, MONTHS);
  const quarter: string[] = [];
  const year: string[] = [];
  for (let y = 0; y < YEARS; y++) {
    year.push(String(FIRST_YEAR + y));
    for (let q = 1; q <= 4; q++) quarter.push(`${FIRST_YEAR + y}-Q${q}`);
  }
  return { month, quarter, year };
}

/** [period key, first month index, month index after the last] of every month, quarter and year. */
export type PeriodSpan = [key: string, from: number, to: number];

export function periodSpans(): PeriodSpan[] {
  const keys = periodKeys();
  return [
    ...keys.month.map((k, i): PeriodSpan => [k, i, i + 1]),
    ...keys.quarter.map((k, i): PeriodSpan => [k, i * 3, i * 3 + 3]),
    ...keys.year.map((k, i): PeriodSpan => [k, i * 12, i * 12 + 12]),
  ];
}
