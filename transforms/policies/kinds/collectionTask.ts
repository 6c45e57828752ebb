/**
 * 回款任务考核 (docs/policies.md; seeds 000, 001 「销售提成量化考核方案」): score = full × actual / target (full when
 * actual ≥ target); grade by collection_rate_target; commission on sales by grade; a streak of good grades
 * adds a bonus, a streak of 不及格 raises the 调岗 flag.
 */
import { Decimal, roundCents } from '../../money.js';
import { checkOrder, type Fail } from '../config.js';
import { compositeKey } from '../context.js';
import type { Evaluation, ScoreItem } from '../result.js';
import { flagItem, missingItem, moneyItem, pct, pointsItem, yuan } from '../result.js';
import { forEachUnit, Params, PERSONS_AND_TEAMS_EVERY_GRAIN, type Kind } from './common.js';

export interface GradeRow {
  grade: string;
  /** collection_rate_target in percent at or above which the grade applies; absent on the last (catch-all) row */
  min_rate?: number;
}

export interface CollectionTaskParams {
  fullPoints: Decimal;
  grades: GradeRow[];
  commissionRates: Record<string, Decimal>;
  streakLength: number;
  streakGrades: string[];
  streakBonusPoints: Decimal;
  streakBonusRate: Decimal;
  failStreakLength: number;
  failGrade: string;
}

export interface CollectionTaskInput {
  collections: Decimal | null;
  target: Decimal | null;
  sales: Decimal | null;
  /** grades of the preceding periods of the same grain, most recent first (null: no grade) */
  previousGrades: (string | null)[];
}

export function readCollectionTaskParams(values: Record<string, unknown>): CollectionTaskParams {
  const p = new Params(values);
  return {
    fullPoints: p.dec('full_points'),
    grades: p.rows<GradeRow>('grade_thresholds'),
    commissionRates: p.decMap('commission_rates'),
    streakLength: p.int('streak_length'),
    streakGrades: p.strList('streak_grades'),
    streakBonusPoints: p.dec('streak_bonus_points'),
    streakBonusRate: p.dec('streak_bonus_rate'),
    failStreakLength: p.int('fail_streak_length'),
    failGrade: p.str('fail_grade'),
  };
}

/** The collection rate in percent (collections / target × 100); null without a positive target. */
export function collectionRatePct(collections: Decimal | null, target: Decimal | null): Decimal | null {
  if (collections === null || target === null || target.lte(0)) return null;
  return collections.div(target).times(100);
}

export function gradeFor(ratePct: Decimal, grades: GradeRow[]): string {
  for (const g of grades) if (g.min_rate === undefined || ratePct.gte(g.min_rate)) return g.grade;
  return grades[grades.length - 1].grade;
}

export function scoreCollectionTask(p: CollectionTaskParams, input: CollectionTaskInput): Evaluation {
  const items: ScoreItem[] = [];
  const rate = collectionRatePct(input.collections, input.target);
  if (rate === null || input.collections === null || input.target === null) {
    items.push(missingItem('回款任务完成率', '无回款任务(目标)', p.fullPoints));
    return { items, grade: null };
  }
  const ratio = input.collections.div(input.target);
  const points = input.collections.gte(input.target) ? p.fullPoints : Decimal.max(0, p.fullPoints.times(ratio));
  items.push(pointsItem('回款任务完成率', points, p.fullPoints, `回款 ${yuan(input.collections)} / 任务 ${yuan(input.target)} = ${pct(ratio)}`));
  const grade = gradeFor(rate, p.grades);
  const commissionRate = p.commissionRates[grade];
  if (input.sales === null) {
    items.push(missingItem('销售提成', '无销售数据'));
  } else {
    const base = Decimal.max(0, input.sales);
    items.push(moneyItem('销售提成', base.times(commissionRate).div(100), `${grade}: 销售额 ${yuan(base)} × ${commissionRate}%`));
  }
  const run = [grade, ...input.previousGrades.slice(0, Math.max(p.streakLength, p.failStreakLength) - 1)];
  const streak = (n: number, ok: (g: string | null) => boolean) => run.length >= n && run.slice(0, n).every(ok);
  if (streak(p.streakLength, (g) => g !== null && p.streakGrades.includes(g))) {
    const base = Decimal.max(0, input.sales ?? 0);
    items.push({
      ...pointsItem(`连续${p.streakLength}次${p.streakGrades.join('/')}加分`, p.streakBonusPoints, null),
      amount: roundCents(base.times(p.streakBonusRate).div(100)),
      note: `连续${p.streakLength}期${p.streakGrades.join('/')}: 加${p.streakBonusPoints}分(加分项,不计入满分),提成比例加${p.streakBonusRate}个百分点`,
    });
  }
  if (streak(p.failStreakLength, (g) => g === p.failGrade)) {
    items.push(flagItem('调岗预警', `连续${p.failStreakLength}期${p.failGrade}: 给予调岗、降级或辞退处理`));
  }
  return { items, grade };
}

function check(values: Record<string, unknown>, fail: Fail): void {
  const grades = values.grade_thresholds as GradeRow[];
  grades.forEach((g, i) => {
    const last = i === grades.length - 1;
    if (!last && g.min_rate === undefined) fail(`grade_thresholds.value[${i}].min_rate`, 'missing (only the last grade may omit it: it takes every rate below)');
    if (last && g.min_rate !== undefined) fail(`grade_thresholds.value[${i}].min_rate`, 'the last grade takes every rate below the others: leave min_rate out');
  });
  const mins = grades.filter((g) => g.min_rate !== undefined).map((g) => g.min_rate!);
  checkOrder(mins, 'descending', (i) => `grade_thresholds.value[${i}].min_rate`, fail);
  const names = grades.map((g) => g.grade);
  const rates = values.commission_rates as Record<string, number>;
  for (const n of names) if (!(n in rates)) fail(`commission_rates.value.${n}`, 'missing: every grade needs a commission rate');
  for (const n of Object.keys(rates)) if (!names.includes(n)) fail(`commission_rates.value.${n}`, `unknown grade (grades: ${names.join(', ')})`);
  checkOrder(names.map((n) => rates[n]), 'descending', (i) => `commission_rates.value.${names[i]}`, fail, false);
  for (const [i, g] of (values.streak_grades as string[]).entries()) if (!names.includes(g)) fail(`streak_grades.value[${i}]`, `unknown grade ${g}`);
  if (!names.includes(values.fail_grade as string)) fail('fail_grade.value', `unknown grade ${values.fail_grade}`);
  // contact coverage is a hook, not a score yet: a file giving it points would expect a score nobody computes
  if (values.contact_coverage_points !== undefined && values.contact_coverage_points !== 0) {
    fail('contact_coverage_points.value', `contact coverage is not scored yet: must be 0, got ${values.contact_coverage_points}`);
  }
  for (const [i, k] of (values.meeting_star_order as string[]).entries()) {
    if (!(MEETING_STAR_KEYS as readonly string[]).includes(k)) fail(`meeting_star_order.value[${i}]`, `unknown key ${k} (one of ${MEETING_STAR_KEYS.join(', ')})`);
  }
}

/** what the meeting's stars can be ordered by: columns of meeting_stars, higher is better for each */
export const MEETING_STAR_KEYS = ['total_score', 'cei', 'collection_rate', 'overdue_reduction'] as const;

export const collectionTask: Kind = {
  kind: 'collection_task',
  ...PERSONS_AND_TEAMS_EVERY_GRAIN,
  scoreBasis: 'points',
  params: {
    full_points: { spec: { type: 'number', min: 0 }, doc: 'full marks of the item' },
    grade_thresholds: {
      spec: { type: 'table', fields: { grade: { type: 'string' }, min_rate: { type: 'number', optional: true } }, minLength: 1 },
      doc: 'grades from best to worst with the collection rate (%) each needs',
    },
    commission_rates: { spec: { type: 'map' }, doc: 'commission on sales (%) by grade' },
    streak_length: { spec: { type: 'number', min: 1, integer: true }, doc: 'consecutive periods for the bonus' },
    streak_grades: { spec: { type: 'list', of: 'string', minLength: 1 }, doc: 'grades that count towards the bonus streak' },
    streak_bonus_points: { spec: { type: 'number', min: 0 }, doc: 'bonus points for the streak' },
    streak_bonus_rate: { spec: { type: 'number', min: 0 }, doc: 'commission rate added for the streak (percentage points)' },
    fail_streak_length: { spec: { type: 'number', min: 1, integer: true }, doc: 'consecutive failing periods that raise the 调岗 flag' },
    fail_grade: { spec: { type: 'string' }, doc: 'the failing grade' },
    // The 经验交流会's 回款之星 are chosen from this policy's quarterly person league (transforms/publish/
    // meeting_stars.sql reads these); they do not change any score.
    meeting_star_count: { spec: { type: 'number', min: 1, integer: true }, doc: 'how many 回款之星 the quarterly meeting presents' },
    meeting_star_order: {
      spec: { type: 'list', of: 'string', minLength: 1 },
      doc: `what the stars are ordered by, best first, each one of ${MEETING_STAR_KEYS.join(', ')} (higher is better)`,
    },
    meeting_star_overdue_not_rising: { spec: { type: 'boolean' }, doc: 'a star\'s overdue balance must not have risen over the quarter' },
    meeting_star_dso_not_worse: { spec: { type: 'boolean' }, doc: 'a star\'s DSO must not be longer than at the previous quarter end' },
    // issue 18: the hook for scoring contact coverage later (a collector's share of dunned items whose customer was
    // contacted in the month); read and checked, never scored yet
    contact_coverage_points: {
      spec: { type: 'number', min: 0 },
      optional: true,
      doc: 'points for contact coverage (催收记录): must be 0 until the item is scored; reserved so a policy can declare it',
    },
    contact_coverage_min_level: {
      spec: { type: 'number', min: 1, integer: true },
      optional: true,
      doc: 'dunning level from which an open item counts toward contact coverage (mart_dunning.level)',
    },
  },
  check,
  async evaluate(policy, ctx) {
    const p = readCollectionTaskParams(policy.values);
    // grades first (they depend only on the period's own figures), then the streaks read them back
    const grades = new Map<string, string | null>();
    const gradeOf = (level: string, unitId: string, periodKey: string | null): string | null => {
      if (periodKey === null) return null;
      const key = compositeKey(level, unitId, periodKey);
      if (!grades.has(key)) {
        const m = ctx.metric(level as 'person' | 'team', unitId, periodKey);
        const r = collectionRatePct(m?.collections ?? null, m?.collectionTarget ?? null);
        grades.set(key, r === null ? null : gradeFor(r, p.grades));
      }
      return grades.get(key)!;
    };
    const depth = Math.max(p.streakLength, p.failStreakLength) - 1;
    return forEachUnit(policy, ctx, (unit, period) => {
      const m = ctx.metric(unit.level, unit.id, period.periodKey);
      const previousGrades: (string | null)[] = [];
      let prev = period.prev;
      for (let i = 0; i < depth; i++) {
        previousGrades.push(gradeOf(unit.level, unit.id, prev));
        prev = prev === null ? null : (ctx.periods.get(prev)?.prev ?? null);
      }
      return scoreCollectionTask(p, { collections: m?.collections ?? null, target: m?.collectionTarget ?? null, sales: m?.sales ?? null, previousGrades });
    });
  },
};
