/**
 * The publish stage: the page-shaped tables of the site, built after the policies from the marts and the
 * policy tables. One table per `.sql` file of this folder (file name = table name), each with the same
 * header (`-- Grain:` line: transforms/dictionary.ts) and `COMMENT ON` as the model's marts, run by the
 * model's runner (`runSqlFiles`, dependency order). `prelude.sql` runs first: it sets the variables the tables of
 * the latest month end filter on (`getvariable('latest_open_item_as_of')`).
 *
 * Everything a page needs beyond filtering one table — joins, windows, top-N, labels, links, sort order —
 * is done here, so that `sources/warehouse/<table>.sql` is `select * from <table>` for every source and a
 * number on a page goes to the one file that computes it. These tables are listed in PUBLISH_TABLES
 * (transforms/warehouse.ts). They must not recompute a metric: every number is a mart's own.
 */
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFiles, runSqlFiles, type SqlFile, type SqlLayer, type StepTiming } from '../model/index.js';

export const PUBLISH_LAYER: SqlLayer<'publish'> = {
  dir: fileURLToPath(new URL('..', import.meta.url)),
  stages: ['publish'],
  prelude: 'publish/prelude.sql',
};

export function readPublishFiles(): SqlFile<'publish'>[] {
  return readSqlFiles(PUBLISH_LAYER);
}

/** Build every publish table. Returns the time and row count of each. */
export async function runPublish(
  conn: DuckDBConnection,
  options: { onStep?: (step: StepTiming<'publish'>) => void } = {},
): Promise<StepTiming<'publish'>[]> {
  return runSqlFiles(conn, PUBLISH_LAYER, options);
}
