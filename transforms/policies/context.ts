/**
 * The inputs every policy shares, read once per build: periods, persons, teams, the metrics rows of
 * persons and teams, and the kpi_inputs. Money arrives as text and becomes Decimal (never a float).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { queryRows, type Warehouse } from '../db.js';
import { Decimal } from '../money.js';
import type { Database, Grain } from '../warehouse.js';
import type { Policy, PolicyLevel } from './config.js';

export interface Period {
  periodKey: string;
  grain: Grain;
  start: string;
  end: string;
  prev: string | null;
}

export interface Person {
  id: string;
  name: string;
  /** today's team; a period's is teamOn(id, period.end) */
  teamId: string;
  role: string;
  salary: Decimal | null;
  region: string | null;
  /** 离职日期, the last day employed (yyyy-mm-dd); null while employed */
  leftOn: string | null;
}

export interface Team {
  id: string;
  name: string;
  region: string | null;
  managerId: string | null;
  directorId: string | null;
  memberRoles: Set<string>;
}

export interface Metrics {
  sales: Decimal;
  collections: Decimal;
  arBegin: Decimal;
  arBalance: Decimal;
  overdueAmount: Decimal;
  collectionTarget: Decimal | null;
  salesTarget: Decimal | null;
  collectionRateTarget: number | null;
  receivablesTurnover: number | null;
}

export interface Unit {
  level: PolicyLevel;
  id: string;
  name: string;
  teamId: string | null;
}

export interface KpiValue {
  text: string;
  number: number | null;
}

/** A person without a role is treated as a sales rep (the loader leaves role optional). */
export const DEFAULT_ROLE = '业务员';

const dec = (v: unknown): Decimal | null => (v === null || v === undefined ? null : new Decimal(String(v)));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/**
 * The one form of a composite map key in the policies (a unit and a month, a person and a month and a role …):
 * the parts joined by U+0001, which no id, month or role contains; keyParts splits it back.
 */
const KEY_SEPARATOR = '\u0001';
export const compositeKey = (...parts: string[]): string => parts.join(KEY_SEPARATOR);
export const keyParts = (key: string): string[] => key.split(KEY_SEPARATOR);

export class Context {
  periods = new Map<string, Period>();
  persons = new Map<string, Person>();
  teams = new Map<string, Team>();
  metrics = new Map<string, Metrics>();
  /** each person's team spans (dim_person_assignment), oldest first; days as yyyy-mm-dd, null = open */
  private spans = new Map<string, { teamId: string; from: string | null; to: string | null }[]>();
  private members = new Map<string, Person[]>();
  private kpis: Map<string, Map<string, KpiValue>> | null = null;

  constructor(
    readonly conn: DuckDBConnection,
    readonly db: Kysely<Database>,
  ) {}

  /**
   * The person's team on a day (yyyy-mm-dd, e.g. a period's end): the span of dim_person_assignment holding it, as
   * the facts are attributed (docs/metrics.md, Organisation history). A team's people in a period are those in it
   * at the period's end.
   */
  teamOn(personId: string, day: string): string | null {
    const spans = this.spans.get(personId);
    if (!spans) return this.persons.get(personId)?.teamId ?? null;
    return spans.find((s) => (s.from === null || day >= s.from) && (s.to === null || day < s.to))?.teamId ?? null;
  }

  /** The people in a team on a day (teamOn), by person_id. */
  membersOn(teamId: string, day: string): Person[] {
    const key = compositeKey(teamId, day);
    let found = this.members.get(key);
    if (!found) {
      found = [...this.persons.values()].filter((p) => this.teamOn(p.id, day) === teamId);
      this.members.set(key, found);
    }
    return found;
  }

  /**
   * Reads through the typed Database (transforms/warehouse.ts): a renamed or retyped column of dim_period,
   * dim_person, dim_team or mart_ar_metrics fails the type check here, not at run time. Dates come as text
   * (strftime) and money as exact text (CAST … AS VARCHAR), turned into Decimal below.
   */
  static async load({ conn, db }: Pick<Warehouse, 'conn' | 'db'>): Promise<Context> {
    const ctx = new Context(conn, db);
    const day = (eb: ExpressionBuilder<Database, 'dim_period'>, column: 'start_date' | 'end_date') =>
      eb.fn<string>('strftime', [eb.ref(column), sql.lit('%Y-%m-%d')]);
    const periods = await db
      .selectFrom('dim_period')
      .select((eb) => ['period_key', 'grain', 'prev_period_key', day(eb, 'start_date').as('start'), day(eb, 'end_date').as('end')])
      .orderBy('grain')
      .orderBy('start_date')
      .execute();
    for (const r of periods) {
      ctx.periods.set(r.period_key, { periodKey: r.period_key, grain: r.grain, start: r.start, end: r.end, prev: r.prev_period_key });
    }
    const persons = await db
      .selectFrom('dim_person')
      .select((eb) => [
        'person_id',
        'person_name',
        'team_id',
        'role',
        'region',
        eb.cast<string | null>('monthly_salary', 'varchar').as('salary'),
        eb.fn<string | null>('strftime', [eb.ref('left_on'), sql.lit('%Y-%m-%d')]).as('left_on'),
      ])
      .orderBy('person_id')
      .execute();
    for (const r of persons) {
      ctx.persons.set(r.person_id, {
        id: r.person_id,
        name: r.person_name,
        teamId: r.team_id,
        role: r.role?.trim() || DEFAULT_ROLE,
        salary: dec(r.salary),
        region: r.region,
        leftOn: r.left_on,
      });
    }
    const teams = await db.selectFrom('dim_team').select(['team_id', 'team_name', 'region', 'manager_id', 'director_id']).orderBy('team_id').execute();
    for (const r of teams) {
      ctx.teams.set(r.team_id, { id: r.team_id, name: r.team_name, region: r.region, managerId: r.manager_id, directorId: r.director_id, memberRoles: new Set() });
    }
    for (const p of ctx.persons.values()) ctx.teams.get(p.teamId)?.memberRoles.add(p.role);
    const spans = await db
      .selectFrom('dim_person_assignment')
      .select((eb) => [
        'person_id',
        'team_id',
        eb.fn<string | null>('strftime', [eb.ref('valid_from'), sql.lit('%Y-%m-%d')]).as('from'),
        eb.fn<string | null>('strftime', [eb.ref('valid_to'), sql.lit('%Y-%m-%d')]).as('to'),
      ])
      .orderBy('person_id')
      .orderBy('valid_from', (ob) => ob.nullsFirst())
      .execute();
    for (const r of spans) ctx.spans.set(r.person_id, [...(ctx.spans.get(r.person_id) ?? []), { teamId: r.team_id, from: r.from, to: r.to }]);
    const metrics = await db
      .selectFrom('mart_ar_metrics')
      .select((eb) => {
        const text = (column: 'sales' | 'collections' | 'ar_begin' | 'ar_balance' | 'overdue_amount' | 'collection_target' | 'sales_target') =>
          eb.cast<string | null>(column, 'varchar').as(column);
        return [
          'level', 'unit_id', 'period_key', 'collection_rate_target', 'receivables_turnover',
          text('sales'), text('collections'), text('ar_begin'), text('ar_balance'), text('overdue_amount'),
          text('collection_target'), text('sales_target'),
        ];
      })
      .where('level', 'in', ['person', 'team'])
      .execute();
    for (const r of metrics) {
      ctx.metrics.set(compositeKey(r.level, r.unit_id, r.period_key), {
        sales: dec(r.sales) ?? new Decimal(0),
        collections: dec(r.collections) ?? new Decimal(0),
        arBegin: dec(r.ar_begin) ?? new Decimal(0),
        arBalance: dec(r.ar_balance) ?? new Decimal(0),
        overdueAmount: dec(r.overdue_amount) ?? new Decimal(0),
        collectionTarget: dec(r.collection_target),
        salesTarget: dec(r.sales_target),
        collectionRateTarget: num(r.collection_rate_target),
        receivablesTurnover: num(r.receivables_turnover),
      });
    }
    return ctx;
  }

  /** Periods of the given grains, oldest first within each grain. */
  periodsOf(grains: readonly Grain[]): Period[] {
    return [...this.periods.values()].filter((p) => grains.includes(p.grain));
  }

  metric(level: PolicyLevel, unitId: string, periodKey: string): Metrics | undefined {
    return this.metrics.get(compositeKey(level, unitId, periodKey));
  }

  /** Whether a unit is scored for a period: a person who left before it began is not (issue 19). */
  scoredIn(unit: Unit, period: Period): boolean {
    if (unit.level !== 'person') return true;
    const leftOn = this.persons.get(unit.id)?.leftOn ?? null;
    return leftOn === null || leftOn >= period.start;
  }

  /** The units a policy evaluates at a level, by its scope. */
  units(policy: Policy, level: PolicyLevel): Unit[] {
    const s = policy.scope;
    if (level === 'person') {
      return [...this.persons.values()].filter((p) => s.person_roles.includes(p.role)).map((p) => ({ level, id: p.id, name: p.name, teamId: p.teamId }));
    }
    return [...this.teams.values()]
      .filter(
        (t) =>
          s.team_ids.includes(t.id) ||
          (s.team_name_contains !== null && t.name.includes(s.team_name_contains)) ||
          s.team_roles.some((r) => t.memberRoles.has(r)),
      )
      .map((t) => ({ level, id: t.id, name: t.name, teamId: t.id }));
  }

  /** kpi_inputs value of a unit for a period (the last row given wins). */
  async kpi(unitType: PolicyLevel, unitId: string, kpi: string, periodKey: string): Promise<KpiValue | undefined> {
    return (await this.kpiSeries(unitType, unitId, kpi)).get(periodKey);
  }

  /**
   * The kpi value for a period; a quarter or year without a value of its own takes the latest month
   * inside it that has one (`from` names that month).
   */
  async kpiFor(unitType: PolicyLevel, unitId: string, kpi: string, period: Period): Promise<(KpiValue & { from: string | null }) | undefined> {
    const series = await this.kpiSeries(unitType, unitId, kpi);
    const own = series.get(period.periodKey);
    if (own) return { ...own, from: null };
    if (period.grain === 'month') return undefined;
    const months = this.periodsOf(['month']).filter((m) => m.start >= period.start && m.end <= period.end && series.has(m.periodKey));
    const last = months.at(-1);
    return last ? { ...series.get(last.periodKey)!, from: last.periodKey } : undefined;
  }

  /** All periods' values of one kpi of a unit. */
  async kpiSeries(unitType: PolicyLevel, unitId: string, kpi: string): Promise<Map<string, KpiValue>> {
    if (!this.kpis) await this.loadKpis();
    return this.kpis!.get(compositeKey(unitType, unitId, kpi)) ?? new Map();
  }

  private async loadKpis(): Promise<void> {
    this.kpis = new Map();
    // kpi_inputs is optional: without the file the loader writes no stg_kpi_inputs
    const exists = await queryRows(this.conn, `SELECT 1 FROM information_schema.tables WHERE table_name = 'stg_kpi_inputs'`);
    if (exists.length === 0) return;
    const rows = await this.db
      .selectFrom('stg_kpi_inputs')
      .select(['period_key', 'unit_type', 'unit_id', 'kpi', 'value', 'value_number'])
      .orderBy('source_file')
      .orderBy('source_line')
      .execute();
    for (const r of rows) {
      const key = compositeKey(r.unit_type, r.unit_id, r.kpi);
      let m = this.kpis.get(key);
      if (!m) this.kpis.set(key, (m = new Map()));
      m.set(r.period_key, { text: r.value.trim(), number: num(r.value_number) });
    }
  }
}
