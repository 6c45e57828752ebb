/**
 * Shared set-up of the sample tests: generate a sample into a temporary folder and open its CSV files as
 * plain VARCHAR tables in an in-memory DuckDB (read_csv directly, independent of the real loader).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../../transforms/db.js';
import { SAMPLE_FILES, writeSample, type SampleStats } from '../../../tools/sample/index.js';

export interface GeneratedSample {
  dir: string;
  stats: SampleStats;
}

const made: string[] = [];

export async function generate(seed: number, invoices: number): Promise<GeneratedSample> {
  const dir = mkdtempSync(join(tmpdir(), `sample-${seed}-`));
  made.push(dir);
  return { dir, stats: await writeSample({ outDir: dir, seed, invoices }) };
}

export function removeGenerated(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Each file as a table named after it (customers, …, kpi_inputs), every column VARCHAR, empty = NULL. */
export async function openCsvTables(dir: string): Promise<Warehouse> {
  const w = await openWarehouse();
  for (const file of SAMPLE_FILES) {
    const table = file.replace('.csv', '');
    await w.conn.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${join(dir, file)}', header = true, all_varchar = true, quote = '"')`);
  }
  return w;
}

/** The single value of a one-row, one-column query, as a number. */
export async function scalar(w: Warehouse, sql: string): Promise<number> {
  const rows = await queryRows(w.conn, sql);
  return Number(Object.values(rows[0])[0]);
}

/** The values of a one-column query, as strings. */
export async function column(w: Warehouse, sql: string): Promise<string[]> {
  return (await queryRows(w.conn, sql)).map((r) => String(Object.values(r)[0]));
}

/** Generate one sample and open its tables for the tests of the calling `describe`; cleaned up after. */
export function useSampleTables(seed: number, invoices: number): { sample: () => GeneratedSample; w: () => Warehouse } {
  let sample: GeneratedSample | undefined;
  let w: Warehouse | undefined;
  beforeAll(async () => {
    sample = await generate(seed, invoices);
    w = await openCsvTables(sample.dir);
  });
  afterAll(async () => {
    await w?.close();
    removeGenerated();
  });
  return { sample: () => sample!, w: () => w! };
}
