/**
 * Writes the policy results in bulk: mart_scores (one row per item), mart_league (ranked totals) and the
 * rules tables policy_catalog / policy_parameters (what the site's rules page shows). Rows go through DuckDB's
 * appender (RowSink), never one INSERT per row.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { documentTables } from '../column-docs.js';
import { exec } from '../db.js';
import type { Decimal } from '../money.js';
import { parameterText, type Policy } from './config.js';
import { clauseText, PARAMETER_LABELS } from './labels.js';

/** how the rules page names the levels and grains a policy scores */
const LEVEL_LABELS: Record<string, string> = { person: '个人', team: '团队' };
const GRAIN_LABELS: Record<string, string> = { month: '月度', quarter: '季度', year: '年度' };
import type { Context } from './context.js';
import type { UnitResult } from './result.js';
import { amountTotal, pointTotals } from './result.js';

export interface PolicyRun {
  policy: Policy;
  scoreBasis: 'points' | 'amount';
  results: UnitResult[];
}

/**
 * Items are already rounded to cents when made (result.ts: pointsItem, moneyItem), so they are written as they are:
 * the nearest double of a cent amount for a DOUBLE column, the exact text for a DECIMAL one.
 */
const num = (d: Decimal | null) => (d === null ? null : d.toNumber());
const money = (d: Decimal | null) => (d === null ? null : d.toFixed(2));

type ColumnType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'DECIMAL(18,2)';
type Cell = string | number | null;

/**
 * Rows of one table appended through DuckDB's appender into a TEMP table (DECIMAL columns as their exact text), then
 * copied in order into the table with its declared types by `finish`. No text round trip: the NDJSON file and
 * read_json this replaced cost twice as much (600,000 score items of the wide export of issue 21).
 */
class RowSink {
  private closed = false;
  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly table: string,
    private readonly rows: string,
    private readonly columns: Record<string, ColumnType>,
    private readonly appender: DuckDBAppender,
    private readonly put: Array<(v: Cell) => void>,
  ) {}

  static async open(conn: DuckDBConnection, table: string, columns: Record<string, ColumnType>): Promise<RowSink> {
    const rows = `${table}__rows`;
    const defs = Object.entries(columns).map(([c, t]) => `${c} ${t.startsWith('DECIMAL') ? 'VARCHAR' : t}`);
    await exec(conn, `CREATE OR REPLACE TEMP TABLE ${rows} (${defs.join(', ')})`);
    const appender = await conn.createAppender(rows, null, 'temp');
    const put = Object.values(columns).map((t): ((v: Cell) => void) => {
      const append =
        t === 'INTEGER' ? (v: Cell) => appender.appendInteger(v as number)
        : t === 'DOUBLE' ? (v: Cell) => appender.appendDouble(v as number)
        : (v: Cell) => appender.appendVarchar(v as string);
      return (v) => (v === null ? appender.appendNull() : append(v));
    });
    return new RowSink(conn, table, rows, columns, appender, put);
  }

  /** one row, its values in the columns' order */
  push(row: readonly Cell[]): void {
    for (let i = 0; i < row.length; i++) this.put[i](row[i]);
    this.appender.endRow();
  }

  /** the table (declared types), its rows in `orderBy` order; the TEMP table dropped */
  async finish(orderBy: string): Promise<void> {
    this.close();
    const cols = Object.entries(this.columns);
    await exec(
      this.conn,
      `CREATE OR REPLACE TABLE ${this.table} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')});
       INSERT INTO ${this.table} SELECT ${cols.map(([c, t]) => (t.startsWith('DECIMAL') ? `CAST(${c} AS ${t})` : c)).join(', ')}
       FROM ${this.rows} ORDER BY ${orderBy};
       DROP TABLE ${this.rows};`,
    );
  }

  /** the appender closed, once (finish does it; call it when an evaluation fails before finish) */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.appender.closeSync();
  }
}

const SCORE_COLUMNS = {
  period_key: 'VARCHAR',
  grain: 'VARCHAR',
  policy: 'VARCHAR',
  level: 'VARCHAR',
  unit_id: 'VARCHAR',
  item_order: 'INTEGER',
  item: 'VARCHAR',
  points: 'DOUBLE',
  max_points: 'DOUBLE',
  amount: 'DECIMAL(18,2)',
  note: 'VARCHAR',
} as const;

const TOTAL_COLUMNS = {
  period_key: 'VARCHAR',
  grain: 'VARCHAR',
  policy: 'VARCHAR',
  level: 'VARCHAR',
  unit_id: 'VARCHAR',
  unit_name: 'VARCHAR',
  team_id: 'VARCHAR',
  total_score: 'DOUBLE',
  max_score: 'DOUBLE',
  grade: 'VARCHAR',
  collection_rate_target: 'DOUBLE',
} as const;

/**
 * Writes each policy's results as soon as it is evaluated (`add`), then the tables (`finish`): the rows go to DuckDB
 * and the results are let go, so the heap never holds every policy's items at once (600,000 items for the wide
 * export of issue 21, whose garbage collection was most of this stage's fixed cost).
 */
export class PolicyMarts {
  private readonly written: Omit<PolicyRun, 'results'>[] = [];

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly ctx: Context,
    private readonly scores: RowSink,
    private readonly totals: RowSink,
  ) {}

  static async open(conn: DuckDBConnection, ctx: Context): Promise<PolicyMarts> {
    const scores = await RowSink.open(conn, 'mart_scores', SCORE_COLUMNS);
    return new PolicyMarts(conn, ctx, scores, await RowSink.open(conn, 'policy_totals', TOTAL_COLUMNS));
  }

  /** one policy's results: mart_scores rows and the units' totals */
  add({ policy, scoreBasis, results }: PolicyRun): void {
    const { ctx, scores, totals } = this;
    for (const r of results) {
      r.items.forEach((it, i) => {
        scores.push([r.periodKey, r.grain, policy.id, r.level, r.unitId, i + 1, it.item, num(it.points), num(it.maxPoints), money(it.amount), it.note]);
      });
      const { total, max } = pointTotals(r.items);
      const person = r.level === 'person' ? ctx.persons.get(r.unitId) : undefined;
      totals.push([
        r.periodKey,
        r.grain,
        policy.id,
        r.level,
        r.unitId,
        person?.name ?? ctx.teams.get(r.unitId)?.name ?? r.unitId,
        // a person's team in the period: theirs at its end (a move mid-year ranks them with the new team from then)
        r.level === 'person' ? ctx.teamOn(r.unitId, ctx.periods.get(r.periodKey)!.end) : r.unitId,
        scoreBasis === 'points' ? num(total) : num(amountTotal(r.items)),
        scoreBasis === 'points' ? num(max) : null,
        r.grade ?? null,
        r.collectionRateTarget,
      ]);
    }
    this.written.push({ policy, scoreBasis });
  }

  /** mart_scores, mart_league, policy_catalog and policy_parameters from what was added */
  async finish(): Promise<void> {
    const { conn, scores, totals } = this;
    try {
      await scores.finish('policy, grain, period_key, level, unit_id, item_order');
      await totals.finish('policy, grain, period_key, level, unit_id');
      await exec(
        conn,
        `CREATE OR REPLACE TABLE mart_league AS
         WITH ranked AS (
           -- A unit with nothing to score (a points policy whose every item lacks input: max_score 0, e.g. a
           -- 销售经理 without a collection target of his own) is not ranked: rank NULL, shown 不参加排名, instead of
           -- a shared last place that reads like a result (issue 17). Money-only policies (max_score NULL) rank as before.
           SELECT t.*,
                  CASE WHEN NOT t.unranked THEN CAST(rank() OVER (PARTITION BY period_key, policy, level, t.unranked ORDER BY total_score DESC, collection_rate_target DESC NULLS LAST) AS INTEGER) END AS rank,
                  CASE WHEN NOT t.unranked THEN CAST(rank() OVER (PARTITION BY period_key, policy, level, team_id, t.unranked ORDER BY total_score DESC, collection_rate_target DESC NULLS LAST) AS INTEGER) END AS rank_in_team
           FROM (SELECT *, coalesce(max_score = 0, false) AS unranked FROM policy_totals) t
         )
         SELECT ranked.period_key, ranked.grain, ranked.policy, ranked.level, ranked.unit_id, ranked.unit_name, ranked.team_id, ranked.total_score, ranked.max_score,
                ranked.rank, prev.rank AS prev_rank, prev.rank - ranked.rank AS movement,
                CASE WHEN ranked.level = 'person' THEN ranked.rank_in_team END AS team_rank,
                ranked.grade, ranked.collection_rate_target
         FROM ranked
         LEFT JOIN dim_period d ON d.period_key = ranked.period_key
         LEFT JOIN ranked AS prev ON prev.period_key = d.prev_period_key AND prev.policy = ranked.policy AND prev.level = ranked.level AND prev.unit_id = ranked.unit_id
         ORDER BY ranked.policy, ranked.grain, ranked.period_key, ranked.level, ranked.rank, ranked.unit_id;
         DROP TABLE policy_totals;`,
      );
      await writeCatalog(conn, this.written);
      await documentTables(conn, ['mart_scores', 'mart_league', 'policy_catalog', 'policy_parameters']);
    } finally {
      this.close();
    }
  }

  /** the appenders closed (finish does it; call it when an evaluation fails before finish) */
  close(): void {
    this.scores.close();
    this.totals.close();
  }
}

/** policy_catalog (one row per policy) and policy_parameters (one row per parameter) for the rules page. */
async function writeCatalog(conn: DuckDBConnection, runs: Omit<PolicyRun, 'results'>[]): Promise<void> {
  const cat = await RowSink.open(conn, 'policy_catalog', {
    policy: 'VARCHAR', kind: 'VARCHAR', name: 'VARCHAR', description: 'VARCHAR', levels: 'VARCHAR', grains: 'VARCHAR',
    levels_label: 'VARCHAR', grains_label: 'VARCHAR', file: 'VARCHAR', policy_order: 'INTEGER', score_basis: 'VARCHAR',
  });
  const params = await RowSink.open(conn, 'policy_parameters', {
    policy: 'VARCHAR', parameter: 'VARCHAR', label: 'VARCHAR', param_order: 'INTEGER', value: 'VARCHAR', value_text: 'VARCHAR',
    unit: 'VARCHAR', source: 'VARCHAR', clause: 'VARCHAR', note: 'VARCHAR',
  });
  try {
    for (const { policy: p, scoreBasis } of runs) {
      cat.push([
        p.id, p.kind, p.name, p.description ?? null, p.levels.join(','), p.grains.join(','),
        p.levels.map((l) => LEVEL_LABELS[l] ?? l).join('、'), p.grains.map((g) => GRAIN_LABELS[g] ?? g).join('、'),
        p.file.split('/').pop()!, p.order + 1, scoreBasis,
      ]);
      Object.entries(p.parameters).forEach(([key, v], i) => {
        params.push([
          p.id, key, PARAMETER_LABELS[key] ?? key, i + 1, JSON.stringify(v.value),
          parameterText(v.value), v.unit ?? null, v.source ?? null, clauseText(v.clause) ?? null, clauseText(v.note) ?? null,
        ]);
      });
    }
    await cat.finish('policy_order');
    await params.finish('policy, param_order');
  } finally {
    cat.close();
    params.close();
  }
}
