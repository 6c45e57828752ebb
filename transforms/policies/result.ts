/**
 * What an evaluator returns: one row per item (so a page can show why a score is what it is), rounded
 * half-up to 2 places when the item is final; a unit's total is the exact sum of its rounded items.
 */
import { Decimal, roundCents } from '../money.js';
import type { Grain } from '../warehouse.js';
import type { PolicyLevel } from './config.js';

export const MISSING = '缺数据';

export interface ScoreItem {
  item: string;
  /** null: the item carries no points (money item, flag) or has no input (缺数据) */
  points: Decimal | null;
  /** null: no points possible, a bonus beyond the full score, or left out for missing input */
  maxPoints: Decimal | null;
  /** money the item moves, from the person's side: + commission / reward / refund, − penalty / deduction */
  amount: Decimal | null;
  note: string | null;
}

export interface Evaluation {
  items: ScoreItem[];
  grade?: string | null;
}

export interface UnitResult extends Evaluation {
  periodKey: string;
  grain: Grain;
  level: PolicyLevel;
  unitId: string;
  /** for the league's tie-break */
  collectionRateTarget: number | null;
}

const r2 = (d: Decimal | null): Decimal | null => (d === null ? null : roundCents(d));

export function pointsItem(item: string, points: Decimal.Value, maxPoints: Decimal.Value | null, note: string | null = null): ScoreItem {
  return { item, points: r2(new Decimal(points)), maxPoints: maxPoints === null ? null : r2(new Decimal(maxPoints)), amount: null, note };
}

export function moneyItem(item: string, amount: Decimal.Value, note: string | null = null): ScoreItem {
  return { item, points: null, maxPoints: null, amount: r2(new Decimal(amount)), note };
}

/** An item without input: no points, its maximum left out of the total (never a silent 0). */
export function missingItem(item: string, what: string, maxLeftOut: Decimal.Value | null = null): ScoreItem {
  const left = maxLeftOut === null ? '' : `(满分${new Decimal(maxLeftOut).toString()}分不计入总分)`;
  return { item, points: null, maxPoints: null, amount: null, note: `${MISSING}: ${what}${left}` };
}

export function flagItem(item: string, note: string): ScoreItem {
  return { item, points: null, maxPoints: null, amount: null, note };
}

/** Σ points and Σ max of the items (null entries skipped). */
export function pointTotals(items: ScoreItem[]): { total: Decimal; max: Decimal } {
  let total = new Decimal(0);
  let max = new Decimal(0);
  for (const it of items) {
    if (it.points) total = total.plus(it.points);
    if (it.maxPoints) max = max.plus(it.maxPoints);
  }
  return { total, max };
}

/** Σ amounts of the items. */
export function amountTotal(items: ScoreItem[]): Decimal {
  return items.reduce((s, it) => (it.amount ? s.plus(it.amount) : s), new Decimal(0));
}

/** When deductions take the points below zero, an adjustment item brings the total back to 0 (扣完为止). */
export function floorAtZero(items: ScoreItem[]): ScoreItem[] {
  const { total } = pointTotals(items);
  if (total.gte(0)) return items;
  return [...items, pointsItem('扣完为止', total.neg(), 0, '扣分超过基础分,按0分计')];
}

/** Percent with 2 decimals for notes: 0.9876 → '98.76%'. */
export function pct(ratio: Decimal): string {
  return `${ratio.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%`;
}

/** ¥9,765,042.42 (−¥… when negative): a note's amount as the site writes money, with thousands separators */
export function yuan(d: Decimal): string {
  const cents = roundCents(d);
  const [whole, frac] = cents.abs().toFixed(2).split('.');
  return `${cents.isNegative() ? '-' : ''}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** clamp(x, lo, hi) */
export function clamp(x: Decimal, lo: Decimal.Value, hi: Decimal.Value): Decimal {
  return Decimal.min(Decimal.max(x, lo), hi);
}

export const dec = (v: Decimal.Value): Decimal => new Decimal(v);
