/**
 * The model stage (SPEC §4, §5, §7): SQL files in stages, run in dependency order over the stg_* tables.
 * Stub until the model lands: owned by the model work (issue 5).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function runModel(_conn: DuckDBConnection): Promise<void> {}
