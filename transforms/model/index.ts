/**
 * The model stage (docs/metrics.md; its tables are the warehouse contract's, docs/architecture.md): the SQL files of `staging/`, `intermediate/` and `marts/`, one table
 * per file (file name = table name), run over the stg_* tables in dependency order.
 *
 * The order is found, not listed: a file depends on every other model table whose name it mentions
 * (comments and string literals aside). Files are then run dependencies first; among files that are ready
 * at the same time, staging before intermediate before marts, then by name, so the order is stable.
 * `macros.sql` (TEMP helper macros) runs before all of them.
 *
 * The runner is not the model's alone: `runSqlFiles` runs any `SqlLayer` (a folder of stage folders of
 * such files); the publish stage (transforms/publish/index.ts) is the other one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { documentTables } from '../column-docs.js';

export const MODEL_STAGES = ['staging', 'intermediate', 'marts'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

/**
 * A folder of SQL files, one table per file, in stage folders: what `runSqlFiles` runs.
 */
export interface SqlLayer<S extends string = string> {
  /** the folder holding the stage folders */
  dir: string;
  /** stage folders, in the order ties are broken */
  stages: readonly S[];
  /** a file of `dir` run before the tables (the model's TEMP macros, the publish stage's variables); never a table */
  prelude?: string;
}

export interface SqlFile<S extends string = string> {
  /** table name = file name without `.sql` */
  name: string;
  stage: S;
  path: string;
  sql: string;
  /** other tables of the same layer this file reads */
  dependsOn: string[];
}
export type ModelFile = SqlFile<ModelStage>;

export interface StepTiming<S extends string = string> {
  name: string;
  stage: S;
  ms: number;
  /** rows written; none for a view (it stores none, and counting would compute it) */
  rows?: number;
}
export type ModelStepTiming = StepTiming<ModelStage>;

const MODEL_DIR = fileURLToPath(new URL('.', import.meta.url));
const TRANSFORMS_DIR = fileURLToPath(new URL('..', import.meta.url));

export const MODEL_LAYER: SqlLayer<ModelStage> = { dir: MODEL_DIR, stages: MODEL_STAGES, prelude: 'macros.sql' };

/** SQL text without comments and string literals (they mention table names without reading them). */
function codeOnly(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

export function readModelFiles(dir: string = MODEL_DIR): ModelFile[] {
  return readSqlFiles({ ...MODEL_LAYER, dir });
}

/**
 * The tables of the layer each macro of the prelude reads: a file calling the macro reads them too (the model's
 * `attributed` reads dim_person, dim_customer and dim_person_assignment for the facts that call it).
 */
function macroTables(prelude: string, names: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of codeOnly(prelude).split(';')) {
    const m = /create\s+(?:or\s+replace\s+)?temp(?:orary)?\s+macro\s+([a-z_][a-z0-9_]*)/i.exec(statement);
    if (!m) continue;
    const words = new Set(statement.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    const tables = [...names].filter((n) => words.has(n));
    if (tables.length > 0) out.set(m[1].toLowerCase(), tables);
  }
  return out;
}

/** The files of a layer, with the other tables of the layer each one names (itself or through a prelude macro). */
export function readSqlFiles<S extends string>({ dir, stages, prelude }: SqlLayer<S>): SqlFile<S>[] {
  const preludePath = prelude ? join(dir, prelude) : null;
  const files = stages.flatMap((stage) =>
    readdirSync(join(dir, stage))
      .filter((f) => f.endsWith('.sql') && join(dir, stage, f) !== preludePath)
      .map((f) => {
        const path = join(dir, stage, f);
        return { name: f.slice(0, -4), stage, path, sql: readFileSync(path, 'utf8'), dependsOn: [] as string[] };
      }),
  );
  const names = new Set(files.map((f) => f.name));
  const macros = prelude ? macroTables(readFileSync(join(dir, prelude), 'utf8'), names) : new Map<string, string[]>();
  for (const file of files) {
    const words = new Set(codeOnly(file.sql).toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    for (const [macro, tables] of macros) if (words.has(macro)) tables.forEach((t) => words.add(t));
    file.dependsOn = [...names].filter((n) => n !== file.name && words.has(n)).sort();
  }
  return files;
}

/** Dependencies first (Kahn); ties by stage (in `stages` order), then name. Throws on a cycle. */
export function dependencyOrder<F extends SqlFile>(files: F[], stages: readonly string[] = MODEL_STAGES): F[] {
  const rank = (f: F) => `${stages.indexOf(f.stage)}:${f.name}`;
  const pending = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  const ordered: F[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()]
      .filter((f) => f.dependsOn.every((d) => done.has(d)))
      .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    if (ready.length === 0) {
      throw new Error(`dependency cycle among: ${[...pending.keys()].sort().join(', ')}`);
    }
    const next = ready[0];
    ordered.push(next);
    done.add(next.name);
    pending.delete(next.name);
  }
  return ordered;
}

/** The file makes a view, not a table (CREATE [OR REPLACE] VIEW, comments and literals aside). */
function isView(sql: string): boolean {
  return /\bcreate\s+(?:or\s+replace\s+)?view\b/i.test(codeOnly(sql));
}

/** Build every model table from the stg_* tables. Returns the time and row count of each step. */
export async function runModel(
  conn: DuckDBConnection,
  options: { onStep?: (step: ModelStepTiming) => void } = {},
): Promise<ModelStepTiming[]> {
  const timings = await runSqlFiles(conn, MODEL_LAYER, options);
  await addNotes(conn);
  return timings;
}

/** Run a layer's prelude, then every file in dependency order. Returns the time and row count of each step. */
export async function runSqlFiles<S extends string>(
  conn: DuckDBConnection,
  layer: SqlLayer<S>,
  options: { onStep?: (step: StepTiming<S>) => void } = {},
): Promise<StepTiming<S>[]> {
  if (layer.prelude) await conn.run(readFileSync(join(layer.dir, layer.prelude), 'utf8'));
  const timings: StepTiming<S>[] = [];
  for (const file of dependencyOrder(readSqlFiles(layer), layer.stages)) {
    const started = performance.now();
    try {
      await conn.run(file.sql);
    } catch (error) {
      throw new Error(`transforms/${relative(TRANSFORMS_DIR, file.path)} failed: ${(error as Error).message}`, { cause: error });
    }
    // its column docs (the folder's columns.yml, shared-columns.yml): COMMENT ON the table just built
    await documentTables(conn, [file.name]);
    const rows = isView(file.sql) ? undefined : Number((await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM "${file.name}"`)).getRows()[0][0]);
    const step = { name: file.name, stage: file.stage, ms: performance.now() - started, rows };
    timings.push(step);
    options.onStep?.(step);
  }
  return timings;
}

/**
 * Data-quality notes only the model can make (notes/*.sql: a write-off above its invoice's open amount)
 * go to load_rejects as warnings, when the warehouse has one (model tests build stg_* tables alone).
 */
async function addNotes(conn: DuckDBConnection): Promise<void> {
  const found = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'load_rejects' AND NOT temporary`);
  if (Number(found.getRows()[0][0]) === 0) return;
  const dir = join(MODEL_DIR, 'notes');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) await conn.run(readFileSync(join(dir, name), 'utf8'));
}
