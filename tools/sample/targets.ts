/**
 * 回款任务 and 销售目标 cascaded company → team → rep (seed 000): each rep's monthly targets are set
 * around what was to be expected (half the month's actual, half the recent run rate), with ×0.9–1.15
 * noise so some reps beat their targets and some miss; quarters and years are the sums of their months
 * and a team's target the sum of its reps'.
 */
import type { Rng } from './prng.js';
import type { Org } from './org.js';
import type { Activity } from './documents.js';
import { MONTHS, periodSpans } from './calendar.js';
import { CsvSink, fmtCents } from './csv.js';

export const TARGETS_HEADER = ['period', 'person_id', 'team_id', 'collection_target', 'sales_target'] as const;

const ROUND_CENTS = 100_000; // targets are set in round ¥1,000

function roundTarget(cents: number): number {
  return cents <= 0 ? 0 : Math.round(cents / ROUND_CENTS) * ROUND_CENTS;
}

function mean(series: Float64Array, base: number, from: number, to: number): number {
  let s = 0;
  for (let m = from; m < to; m++) s += series[base + m];
  return s / (to - from);
}

interface MonthlyTargets {
  collection: Float64Array;
  sales: Float64Array;
}

/** Per rep × month targets in cents. */
function repTargets(rng: Rng, org: Org, activity: Activity): MonthlyTargets {
  const collection = new Float64Array(org.people.length * MONTHS);
  const sales = new Float64Array(org.people.length * MONTHS);
  for (const r of org.reps) {
    const base = r * MONTHS;
    for (let m = 0; m < MONTHS; m++) {
      const coll = activity.collectionCents[base + m];
      const sold = activity.salesCents[base + m];
      // the run rate of the last three months' sales; the ledger starts in 2023-01 without opening
      // balances, so the first quarter is planned on what came in
      const runRate = m < 3 ? coll : mean(activity.salesCents, base, m - 3, m) * 0.97;
      const lastYear = m >= 12 ? activity.salesCents[base + m - 12] * 1.12 : sold;
      collection[base + m] = roundTarget((0.5 * coll + 0.5 * runRate) * rng.uniform(0.9, 1.15));
      sales[base + m] = roundTarget((0.5 * sold + 0.5 * lastYear) * rng.uniform(0.9, 1.15));
    }
  }
  return { collection, sales };
}

function sumSpan(series: Float64Array, persons: readonly number[], from: number, to: number): number {
  let s = 0;
  for (const p of persons) for (let m = from; m < to; m++) s += series[p * MONTHS + m];
  return s;
}

export async function writeTargets(rng: Rng, org: Org, activity: Activity, sink: CsvSink): Promise<void> {
  const t = repTargets(rng, org, activity);
  const row = (period: string, personId: string, teamId: string, persons: readonly number[], from: number, to: number): void => {
    sink.line(`${period},${personId},${teamId},${fmtCents(sumSpan(t.collection, persons, from, to))},${fmtCents(sumSpan(t.sales, persons, from, to))}`);
  };
  for (const [period, from, to] of periodSpans()) {
    for (const team of org.teams) {
      if (team.isFinance) continue;
      row(period, '', team.id, team.reps, from, to);
      for (const r of team.reps) row(period, org.people[r].id, '', [r], from, to);
    }
    await sink.flushIfFull();
  }
}
