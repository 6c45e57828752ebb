/**
 * What every evaluator shares: the Kind shape, typed access to validated parameter values, and the loop
 * over (period × unit in scope).
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { Decimal } from '../../money.js';
import type { Database, FctOpenItem } from '../../warehouse.js';
import type { KindSpec, ParamSpec, Policy } from '../config.js';
import type { Context, Period, Unit } from '../context.js';
import type { Evaluation, UnitResult } from '../result.js';

export interface Kind extends KindSpec {
  evaluate(policy: Policy, ctx: Context): Promise<UnitResult[]>;
}

/**
 * Who and when a kind scores, stated once: persons and teams on every grain (the league policies), persons and
 * teams by month (the monthly deductions and rewards), persons by month (the worklist-based policies).
 */
export const PERSONS_AND_TEAMS_EVERY_GRAIN = { levels: ['person', 'team'], grains: ['month', 'quarter', 'year'] } as const;
export const PERSONS_AND_TEAMS_BY_MONTH = { levels: ['person', 'team'], grains: ['month'] } as const;
export const PERSONS_BY_MONTH = { levels: ['person'], grains: ['month'] } as const;

/** Parameters several kinds take, each described once (docs/policies.md, Months overdue and 特批 deferrals). */
export const SHARED_PARAMS = {
  days_per_month: { spec: { type: 'number', min: 1, integer: true }, doc: 'days of one month overdue' },
  base_points: { spec: { type: 'number', min: 0 }, doc: 'points before deductions' },
  exempt_deferred: { spec: { type: 'boolean' }, doc: 'items under a 特批 (总经理特批) deferral are not overdue until it ends' },
} satisfies Record<string, ParamSpec>;

/** Typed reads of a validated policy's parameter values. */
export class Params {
  constructor(readonly values: Record<string, unknown>) {}
  dec(key: string): Decimal {
    return new Decimal(String(this.values[key]));
  }
  int(key: string): number {
    return Number(this.values[key]);
  }
  bool(key: string): boolean {
    return this.values[key] === true;
  }
  str(key: string): string {
    return String(this.values[key]);
  }
  optStr(key: string): string | null {
    return this.values[key] === undefined ? null : String(this.values[key]);
  }
  decList(key: string): Decimal[] {
    return (this.values[key] as number[]).map((v) => new Decimal(String(v)));
  }
  strList(key: string): string[] {
    return [...(this.values[key] as string[])];
  }
  decMap(key: string): Record<string, Decimal> {
    return Object.fromEntries(Object.entries(this.values[key] as Record<string, number>).map(([k, v]) => [k, new Decimal(String(v))]));
  }
  rows<T>(key: string): T[] {
    return (this.values[key] as T[]).map((r) => ({ ...r }));
  }
}

/** A SQL number literal from a validated parameter (numbers only: never text from a file). */
export function sqlNum(v: number | Decimal): string {
  const s = v.toString();
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`not a plain number: ${s}`);
  return s;
}

/** A SQL text literal. */
export function sqlStr(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

/**
 * Evaluates every unit in scope for every period of the policy's grains (a leaver only for the periods that began
 * by their last day, Context.scoredIn). `evalOne` returns the items; the league's tie-break defaults to the unit's
 * metrics collection_rate_target.
 */
export async function forEachUnit(
  policy: Policy,
  ctx: Context,
  evalOne: (unit: Unit, period: Period) => Evaluation | Promise<Evaluation>,
  tieBreak: (unit: Unit, period: Period) => number | null = (u, p) => ctx.metric(u.level, u.id, p.periodKey)?.collectionRateTarget ?? null,
): Promise<UnitResult[]> {
  const out: UnitResult[] = [];
  const periods = ctx.periodsOf(policy.grains);
  for (const level of policy.levels) {
    const units = ctx.units(policy, level);
    for (const period of periods) {
      for (const unit of units) {
        if (!ctx.scoredIn(unit, period)) continue;
        const ev = await evalOne(unit, period);
        out.push({ ...ev, periodKey: period.periodKey, grain: period.grain, level, unitId: unit.id, collectionRateTarget: tieBreak(unit, period) });
      }
    }
  }
  return out;
}

/**
 * The policies read the marts through the typed Database (transforms/warehouse.ts): each query's reads of a
 * contract table are Kysely selects, so a renamed or retyped mart column fails the type check; what the
 * policy computes from them (doubling into units, classes, sums) is SQL over those selects' own columns,
 * embedded with Kysely's `sql` template (a select inside it compiles as a parenthesised subquery).
 */
export type OpenItemColumns = ExpressionBuilder<Database & { oi: FctOpenItem }, 'oi'>;

/** fct_open_item as `oi`: the items still open at each month end (open_amount > 0). */
export function openItems(db: Kysely<Database>) {
  return db.selectFrom('fct_open_item as oi').where((eb) => sql<boolean>`${eb.ref('oi.open_amount')} > 0`);
}

/** fct_application as `a`: what receipts paid of invoices (credit notes applied like receipts are no payment). */
export function receiptApplications(db: Kysely<Database>) {
  return db.selectFrom('fct_application as a').where('a.source_type', '=', 'receipt');
}

/** Months overdue: 1 month = days_overdue in [dpm, 2·dpm) …, 0 when not overdue. */
export function monthsOverdue(daysOverdue: Expression<number>, daysPerMonth: number): RawBuilder<number> {
  return sql<number>`CASE WHEN ${daysOverdue} > 0 THEN CAST(floor(${daysOverdue} / ${sql.lit(daysPerMonth)}) AS INTEGER) ELSE 0 END`;
}

/** The item is covered by a 特批 deferral at its month end (deferred_until ≥ as_of); always false without the exemption. */
export function isDeferred(eb: OpenItemColumns, exempt: boolean): RawBuilder<boolean> {
  return exempt ? sql<boolean>`(${eb.ref('oi.deferred_until')} IS NOT NULL AND ${eb.ref('oi.deferred_until')} >= ${eb.ref('oi.as_of')})` : sql<boolean>`FALSE`;
}

/** A policy's aggregate query, run through the typed Database: its rows as declared. */
export async function rowsOf<Row>(db: Kysely<Database>, query: RawBuilder<Row>): Promise<Row[]> {
  return (await query.execute(db)).rows;
}

/**
 * SQL: every row of `rows` (a CTE name or a parenthesised query with person_id and team_id columns) once for each
 * unit it counts for — as its person's (level 'person', unit_id = person_id) and as its team's (level 'team',
 * unit_id = team_id) — with person_id and team_id dropped. The one place a policy doubles documents into units.
 */
export function forPersonAndTeam(rows: string): RawBuilder<unknown> {
  return sql.raw(`SELECT 'person' AS level, person_id AS unit_id, * EXCLUDE (person_id, team_id) FROM ${rows} WHERE person_id IS NOT NULL
          UNION ALL
          SELECT 'team' AS level, team_id AS unit_id, * EXCLUDE (person_id, team_id) FROM ${rows} WHERE team_id IS NOT NULL`);
}
