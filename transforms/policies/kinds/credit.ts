/**
 * 客户信用等级与黑名单 (issue 18; seed 000 「客户信用状况」 and 黑名单, seed 002 客户信用评价, seed 003 「制定严格的信用
 * 政策」, seed 004 「动态信用评级」): every customer is graded at every month end from how it paid in the last
 * months, and blacklisted while it defaults. Nothing is scored for a person: the kind writes no mart_scores rows;
 * `writeCredit` (credit.ts) builds dim_credit_grade and mart_customer_credit from the parameters.
 */
import type { Fail } from '../config.js';
import { checkOrder } from '../config.js';
import { PERSONS_BY_MONTH, type Kind } from './common.js';

/** A tier of a score part: a value up to `max_*` (included) earns `points`; above the last tier earns 0. */
export interface CreditTier {
  max_days?: number;
  max_pct?: number;
  points: number;
}

export interface CreditGradeRow {
  grade: string;
  /** the grade of a score at least this (the highest such grade) */
  min_score: number;
  /** the credit terms the grade carries (seed 003: 先付款后发货 for the lowest) */
  terms: string;
}

export interface CreditParams {
  lookbackMonths: number;
  daysLate: CreditTier[];
  overdueShare: CreditTier[];
  brokenPromisePoints: number;
  brokenPromiseDeduction: number;
  writeoffPoints: number;
  limitUsage: CreditTier[];
  grades: CreditGradeRow[];
  blacklistOverdueDays: number;
  blacklistOnWriteoff: boolean;
  blacklistBrokenPromises: number;
  blacklistClearMonths: number;
  blacklistGrade: string;
}

export function readCreditParams(v: Record<string, unknown>): CreditParams {
  return {
    lookbackMonths: v.lookback_months as number,
    daysLate: v.days_late_points as CreditTier[],
    overdueShare: v.overdue_share_points as CreditTier[],
    brokenPromisePoints: v.broken_promise_points as number,
    brokenPromiseDeduction: v.broken_promise_deduction as number,
    writeoffPoints: v.writeoff_points as number,
    limitUsage: v.limit_usage_points as CreditTier[],
    grades: v.grades as CreditGradeRow[],
    blacklistOverdueDays: v.blacklist_overdue_days as number,
    blacklistOnWriteoff: v.blacklist_on_writeoff as boolean,
    blacklistBrokenPromises: v.blacklist_broken_promises as number,
    blacklistClearMonths: v.blacklist_clear_months as number,
    blacklistGrade: v.blacklist_grade as string,
  };
}

/** The most a customer can score: the first tier of each tiered part and the whole of the others. */
export function maxCreditScore(p: CreditParams): number {
  return p.daysLate[0].points + p.overdueShare[0].points + p.brokenPromisePoints + p.writeoffPoints + p.limitUsage[0].points;
}

function check(values: Record<string, unknown>, fail: Fail): void {
  const p = readCreditParams(values);
  const tiers = (key: string, rows: CreditTier[], field: 'max_days' | 'max_pct') => {
    rows.forEach((r, i) => {
      if (r[field] === undefined) fail(`${key}.value[${i}].${field}`, `required: each tier gives its upper bound ${field}`);
      if (r.points < 0) fail(`${key}.value[${i}].points`, `must be ≥ 0, got ${r.points}`);
    });
    checkOrder(rows.map((r) => r[field] as number), 'ascending', (i) => `${key}.value[${i}].${field}`, fail);
    // a later (worse) tier never earns more than an earlier one
    checkOrder(rows.map((r) => r.points), 'descending', (i) => `${key}.value[${i}].points`, fail, false);
  };
  tiers('days_late_points', p.daysLate, 'max_days');
  tiers('overdue_share_points', p.overdueShare, 'max_pct');
  tiers('limit_usage_points', p.limitUsage, 'max_pct');
  checkOrder(p.grades.map((g) => g.min_score), 'descending', (i) => `grades.value[${i}].min_score`, fail);
  if (p.grades[p.grades.length - 1].min_score !== 0) fail(`grades.value[${p.grades.length - 1}].min_score`, 'the last grade must start at 0: every score has a grade');
  if (!p.grades.some((g) => g.grade === p.blacklistGrade)) fail('blacklist_grade.value', `${JSON.stringify(p.blacklistGrade)} is none of the grades ${p.grades.map((g) => g.grade).join(', ')}`);
  if (new Set(p.grades.map((g) => g.grade)).size !== p.grades.length) fail('grades.value', 'a grade is named twice');
  const max = maxCreditScore(p);
  if (p.grades[0].min_score > max) fail('grades.value[0].min_score', `no customer can reach ${p.grades[0].min_score}: the parts add up to ${max} at most`);
}

const tier = (bound: 'max_days' | 'max_pct') => ({
  spec: { type: 'table' as const, minLength: 1, fields: { [bound]: { type: 'number' as const }, points: { type: 'number' as const } } },
});

export const credit: Kind = {
  kind: 'credit',
  ...PERSONS_BY_MONTH,
  scoreBasis: 'points',
  params: {
    lookback_months: { spec: { type: 'number', min: 1, max: 36, integer: true }, doc: 'months (the month end\'s own included) of payments, promises and write-offs a grade looks at' },
    days_late_points: { ...tier('max_days'), doc: 'points by the amount-weighted average days late of what the customer paid (receipt applications) in the window' },
    overdue_share_points: { ...tier('max_pct'), doc: 'points by the share of the month end\'s AR that is overdue' },
    broken_promise_points: { spec: { type: 'number', min: 0 }, doc: 'points without a broken or partly kept promise in the window' },
    broken_promise_deduction: { spec: { type: 'number', min: 0 }, doc: 'points off per broken promise (nothing paid by its day) in the window (down to 0)' },
    writeoff_points: { spec: { type: 'number', min: 0 }, doc: 'points without a write-off in the window (0 with one)' },
    limit_usage_points: { ...tier('max_pct'), doc: 'points by AR / credit limit at the month end (no limit set: full points)' },
    grades: {
      spec: { type: 'table', minLength: 2, fields: { grade: { type: 'string' }, min_score: { type: 'number' }, terms: { type: 'string' } } },
      doc: 'grades from the best down, each from a score; the credit terms each carries',
    },
    blacklist_overdue_days: { spec: { type: 'number', min: 1, integer: true }, doc: 'blacklisted when an open item is more than this many days overdue at the month end' },
    blacklist_on_writeoff: { spec: { type: 'boolean' }, doc: 'blacklisted when the customer had a write-off in the window' },
    blacklist_broken_promises: { spec: { type: 'number', min: 1, integer: true }, doc: 'blacklisted at this many broken promises (nothing paid by their day) in the window' },
    blacklist_clear_months: { spec: { type: 'number', min: 1, integer: true }, doc: 'leaves the blacklist after this many month ends in a row without a reason to be on it' },
    blacklist_grade: { spec: { type: 'string' }, doc: 'the grade of a blacklisted customer, whatever its score' },
  },
  check,
  // a grade of customers, not a score of people: no mart_scores rows (mart_customer_credit comes from writeCredit)
  async evaluate() {
    return [];
  },
};
