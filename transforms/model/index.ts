/**
 * The model stage (SPEC §4, §5, §7): the SQL files of `staging/`, `intermediate/` and `marts/`, one table
 * per file (file name = table name), run over the stg_* tables in dependency order.
 *
 * The order is found, not listed: a file depends on every other model table whose name it mentions
 * (comments and string literals aside). Files are then run dependencies first; among files that are ready
 * at the same time, staging before intermediate before marts, then by name, so the order is stable.
 * `macros.sql` (TEMP helper macros) runs before all of them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';

export const MODEL_STAGES = ['staging', 'intermediate', 'marts'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

export interface ModelFile {
  /** table name = file name without `.sql` */
  name: string;
  stage: ModelStage;
  path: string;
  sql: string;
  /** other model tables this file reads */
  dependsOn: string[];
}

export interface ModelStepTiming {
  name: string;
  stage: ModelStage;
  ms: number;
  rows: number;
}

const MODEL_DIR = fileURLToPath(new URL('.', import.meta.url));

/** SQL text without comments and string literals (they mention table names without reading them). */
function codeOnly(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

export function readModelFiles(dir: string = MODEL_DIR): ModelFile[] {
  const files = MODEL_STAGES.flatMap((stage) =>
    readdirSync(join(dir, stage))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => {
        const path = join(dir, stage, f);
        return { name: f.slice(0, -4), stage, path, sql: readFileSync(path, 'utf8'), dependsOn: [] as string[] };
      }),
  );
  const names = new Set(files.map((f) => f.name));
  for (const file of files) {
    const words = new Set(codeOnly(file.sql).toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    file.dependsOn = [...names].filter((n) => n !== file.name && words.has(n)).sort();
  }
  return files;
}

/** Dependencies first (Kahn); ties by stage, then name. Throws on a cycle. */
export function dependencyOrder(files: ModelFile[]): ModelFile[] {
  const rank = (f: ModelFile) => `${MODEL_STAGES.indexOf(f.stage)}:${f.name}`;
  const pending = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  const ordered: ModelFile[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()]
      .filter((f) => f.dependsOn.every((d) => done.has(d)))
      .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    if (ready.length === 0) {
      throw new Error(`model dependency cycle among: ${[...pending.keys()].sort().join(', ')}`);
    }
    const next = ready[0];
    ordered.push(next);
    done.add(next.name);
    pending.delete(next.name);
  }
  return ordered;
}

/** Build every model table from the stg_* tables. Returns the time and row count of each step. */
export async function runModel(
  conn: DuckDBConnection,
  options: { onStep?: (step: ModelStepTiming) => void } = {},
): Promise<ModelStepTiming[]> {
  await conn.run(readFileSync(join(MODEL_DIR, 'macros.sql'), 'utf8'));
  const timings: ModelStepTiming[] = [];
  for (const file of dependencyOrder(readModelFiles())) {
    const started = performance.now();
    try {
      await conn.run(file.sql);
    } catch (error) {
      throw new Error(`model ${file.stage}/${file.name}.sql failed: ${(error as Error).message}`, { cause: error });
    }
    const count = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM "${file.name}"`);
    const step = { name: file.name, stage: file.stage, ms: performance.now() - started, rows: Number(count.getRows()[0][0]) };
    timings.push(step);
    options.onStep?.(step);
  }
  await addNotes(conn);
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
