/**
 * Writes the policy results in bulk: mart_scores (one row per item), mart_league (ranked totals) and the
 * rules tables policy_catalog / policy_parameters (what the site's rules page shows). Rows go through a
 * newline-delimited JSON temp file and read_json, never one INSERT per row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { sqlStr } from './kinds/common.js';

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

/** Newline-delimited JSON rows appended to a temp file in chunks (nothing held for the whole run). */
class NdjsonFile {
  private buf: string[] = [];
  count = 0;
  constructor(readonly path: string) {
    writeFileSync(path, '');
  }
  push(row: object): void {
    this.pushLine(JSON.stringify(row));
  }
  /** a row already written as one JSON object */
  pushLine(line: string): void {
    this.buf.push(line);
    this.count += 1;
    if (this.buf.length >= 10_000) this.flush();
  }
  flush(): void {
    if (this.buf.length > 0) appendFileSync(this.path, this.buf.join('\n') + '\n');
    this.buf = [];
  }
}

async function loadJson(conn: DuckDBConnection, rows: NdjsonFile, table: string, columns: Record<string, string>, select: string, orderBy: string) {
  const cols = Object.entries(columns)
    .map(([c, t]) => `${c} ${t}`)
    .join(', ');
  await exec(conn, `CREATE OR REPLACE TABLE ${table} (${cols})`);
  rows.flush();
  if (rows.count === 0) return;
  const spec = Object.entries(columns)
    .map(([c, t]) => `${c}: '${t.startsWith('DECIMAL') ? 'VARCHAR' : t}'`)
    .join(', ');
  await exec(conn, `INSERT INTO ${table} SELECT ${select} FROM read_json(${sqlStr(rows.path)}, format = 'newline_delimited', columns = {${spec}}) ORDER BY ${orderBy}`);
}

/**
 * Writes each policy's results as soon as it is evaluated (`add`), then the tables (`finish`): the lines go to the
 * temp files and the results are let go, so the heap never holds every policy's items at once (600,000 items for the
 * wide export of issue 21, whose garbage collection was most of this stage's fixed cost).
 */
export class PolicyMarts {
  private readonly dir = mkdtempSync(join(tmpdir(), 'policies-'));
  private readonly scores = new NdjsonFile(join(this.dir, 'scores.ndjson'));
  private readonly totals = new NdjsonFile(join(this.dir, 'totals.ndjson'));
  private readonly written: Omit<PolicyRun, 'results'>[] = [];

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly ctx: Context,
  ) {}

  /** one policy's results: mart_scores lines and the units' totals */
  add({ policy, scoreBasis, results }: PolicyRun): void {
    const { ctx, scores, totals } = this;
    for (const r of results) {
      // the unit's key written once, each item's fields after it: a row object per item, spread and stringified,
      // was most of this stage's fixed cost (137,000 items at 1 M invoices)
      const key = { period_key: r.periodKey, grain: r.grain, policy: policy.id, level: r.level, unit_id: r.unitId };
      const keyJson = JSON.stringify(key).slice(0, -1);
      r.items.forEach((it, i) => {
        scores.pushLine(
          `${keyJson},"item_order":${i + 1},"item":${JSON.stringify(it.item)},"points":${JSON.stringify(num(it.points))},` +
            `"max_points":${JSON.stringify(num(it.maxPoints))},"amount":${JSON.stringify(money(it.amount))},"note":${JSON.stringify(it.note)}}`,
        );
      });
      const { total, max } = pointTotals(r.items);
      const person = r.level === 'person' ? ctx.persons.get(r.unitId) : undefined;
      totals.push({
        ...key,
        unit_name: person?.name ?? ctx.teams.get(r.unitId)?.name ?? r.unitId,
        // a person's team in the period: theirs at its end (a move mid-year ranks them with the new team from then)
        team_id: r.level === 'person' ? ctx.teamOn(r.unitId, ctx.periods.get(r.periodKey)!.end) : r.unitId,
        total_score: scoreBasis === 'points' ? num(total) : num(amountTotal(r.items)),
        max_score: scoreBasis === 'points' ? num(max) : null,
        grade: r.grade ?? null,
        collection_rate_target: r.collectionRateTarget,
      });
    }
    this.written.push({ policy, scoreBasis });
  }

  /** mart_scores, mart_league, policy_catalog and policy_parameters from what was added; the temp files removed */
  async finish(): Promise<void> {
    const { conn, scores, totals } = this;
    try {
      await loadJson(
        conn,
        scores,
        'mart_scores',
        {
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
        },
        'period_key, grain, policy, level, unit_id, item_order, item, points, max_points, CAST(amount AS DECIMAL(18,2)), note',
        'policy, grain, period_key, level, unit_id, item_order',
      );
      await loadJson(
        conn,
        totals,
        'policy_totals',
        {
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
        },
        '*',
        'policy, grain, period_key, level, unit_id',
      );
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
      await writeCatalog(conn, this.dir, this.written);
      await documentTables(conn, ['mart_scores', 'mart_league', 'policy_catalog', 'policy_parameters']);
    } finally {
      this.close();
    }
  }

  /** the temp files removed (finish does it; call it when an evaluation fails before finish) */
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** policy_catalog (one row per policy) and policy_parameters (one row per parameter) for the rules page. */
async function writeCatalog(conn: DuckDBConnection, dir: string, runs: Omit<PolicyRun, 'results'>[]): Promise<void> {
  const cat = new NdjsonFile(join(dir, 'catalog.ndjson'));
  const params = new NdjsonFile(join(dir, 'parameters.ndjson'));
  for (const { policy: p, scoreBasis } of runs) {
    cat.push({
      policy: p.id, kind: p.kind, name: p.name, description: p.description, levels: p.levels.join(','), grains: p.grains.join(','),
      levels_label: p.levels.map((l) => LEVEL_LABELS[l] ?? l).join('、'), grains_label: p.grains.map((g) => GRAIN_LABELS[g] ?? g).join('、'),
      file: p.file.split('/').pop(), policy_order: p.order + 1, score_basis: scoreBasis,
    });
    Object.entries(p.parameters).forEach(([key, v], i) => {
      params.push({
        policy: p.id, parameter: key, label: PARAMETER_LABELS[key] ?? key, param_order: i + 1, value: JSON.stringify(v.value),
        value_text: parameterText(v.value), unit: v.unit, source: v.source, clause: clauseText(v.clause), note: clauseText(v.note),
      });
    });
  }
  await loadJson(
    conn,
    cat,
    'policy_catalog',
    { policy: 'VARCHAR', kind: 'VARCHAR', name: 'VARCHAR', description: 'VARCHAR', levels: 'VARCHAR', grains: 'VARCHAR', levels_label: 'VARCHAR', grains_label: 'VARCHAR', file: 'VARCHAR', policy_order: 'INTEGER', score_basis: 'VARCHAR' },
    '*',
    'policy_order',
  );
  await loadJson(
    conn,
    params,
    'policy_parameters',
    { policy: 'VARCHAR', parameter: 'VARCHAR', label: 'VARCHAR', param_order: 'INTEGER', value: 'VARCHAR', value_text: 'VARCHAR', unit: 'VARCHAR', source: 'VARCHAR', clause: 'VARCHAR', note: 'VARCHAR' },
    '*',
    'policy, param_order',
  );
}
