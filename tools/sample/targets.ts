/**
 * 回款任务 and 销售目标 cascaded company → team → rep (seed 000): each rep's monthly targets are set
 * around what was to be expected (half the month's actual, half the recent run rate), with ×0.9–1.15
 * noise so some reps beat their targets and some miss; quarters and years are the sums of their months
 * and a team's target the sum of its reps' in each month: the re-organisation (org.ts, Reorg) moves the mover's
 * targets to the new team from the month of the move, and the leaver has none after the month he left.
 */
import type { Rng } from './prng.js';
import type { Org } from './org.js';
import type { Activity } from './documents.js';
import { MONTH_OF_DAY, MONTHS, periodSpans } from './calendar.js';
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
      // (drawn all the same, so every other target stays as it was) nobody plans for a rep who has left
      if (r === org.reorg.leaver && m > MONTH_OF_DAY[org.reorg.leaveDay]) collection[base + m] = sales[base + m] = 0;
    }
  }
  return { collection, sales };
}

/** The reps of a team in month m: as generated, but the mover in his new team from the month of the move. */
function repsIn(org: Org, teamIdx: number, m: number): readonly number[] {
  const { mover, fromTeam, toTeam, moveDay } = org.reorg;
  const reps = org.teams[teamIdx].reps;
  if (m < MONTH_OF_DAY[moveDay]) return reps;
  if (teamIdx === fromTeam) return reps.filter((r) => r !== mover);
  if (teamIdx === toTeam) return [...reps, mover];
  return reps;
}

function sumSpan(series: Float64Array, persons: (m: number) => readonly number[], from: number, to: number): number {
  let s = 0;
  for (let m = from; m < to; m++) for (const p of persons(m)) s += series[p * MONTHS + m];
  return s;
}

export async function writeTargets(rng: Rng, org: Org, activity: Activity, sink: CsvSink): Promise<void> {
  const t = repTargets(rng, org, activity);
  const row = (period: string, personId: string, teamId: string, persons: (m: number) => readonly number[], from: number, to: number): void => {
    sink.line(`${period},${personId},${teamId},${fmtCents(sumSpan(t.collection, persons, from, to))},${fmtCents(sumSpan(t.sales, persons, from, to))}`);
  };
  const leftBefore = (r: number, from: number) => r === org.reorg.leaver && from > MONTH_OF_DAY[org.reorg.leaveDay];
  for (const [period, from, to] of periodSpans()) {
    org.teams.forEach((team, teamIdx) => {
      if (team.isFinance) return;
      row(period, '', team.id, (m) => repsIn(org, teamIdx, m), from, to);
      for (const r of team.reps) if (!leftBefore(r, from)) row(period, org.people[r].id, '', () => [r], from, to);
    });
    await sink.flushIfFull();
  }
}
