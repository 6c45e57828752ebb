/**
 * The policy stage (SPEC §6): evaluates policies/*.yaml into mart_scores and mart_league.
 * Stub until the policies land: owned by the policy work (issue 6).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function runPolicies(_conn: DuckDBConnection, _policiesDir = 'policies'): Promise<void> {}
