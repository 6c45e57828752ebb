/**
 * 分级催收 (issue 18): dim_dunning_level from the dunning policy file, then the view mart_dunning over
 * fct_open_item (mart_dunning.sql), escalated by the customer's broken promises (fct_promise) and the blacklist
 * (mart_customer_credit, written just before by credit.ts). Without a dunning policy both exist with no level, so pages and analysts'
 * queries keep working and list nothing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { documentTables } from '../column-docs.js';
import { exec } from '../db.js';
import { PolicyConfigError, type Policy } from './config.js';
import { readDunningParams } from './kinds/dunning.js';
import { sqlNum, sqlStr } from './kinds/common.js';

const MART_DUNNING = readFileSync(new URL('./mart_dunning.sql', import.meta.url), 'utf8');

export async function writeDunning(conn: DuckDBConnection, policies: Policy[]): Promise<void> {
  const dunning = policies.filter((p) => p.kind === 'dunning');
  if (dunning.length > 1) {
    throw new PolicyConfigError(dunning[1].file, 'kind', `a second dunning policy (the first is ${dunning[0].file}): an open item has one level`);
  }
  const rows = dunning.flatMap((policy) => {
    const p = readDunningParams(policy.values);
    const opt = (v: number | undefined) => (v === undefined ? 'NULL' : sqlNum(v));
    return p.levels.map(
      (l) =>
        `(${sqlStr(policy.id)}, ${l.level}, ${sqlStr(l.level_name)}, ${sqlStr(l.action)}, ${sqlStr(l.role)}, ${l.min_days_past_due}, ` +
        `${opt(l.large_amount)}, ${opt(l.large_min_days_past_due)}, ${p.countFromDeferral}, ${p.brokenPromiseLevels}, ${p.brokenPromiseDays}, ${p.blacklistLevels})`,
    );
  });
  await exec(
    conn,
    `CREATE OR REPLACE TABLE dim_dunning_level (policy VARCHAR, level INTEGER, level_name VARCHAR, action VARCHAR, role VARCHAR,
       min_days_past_due INTEGER, large_amount DECIMAL(18,2), large_min_days_past_due INTEGER, count_from_deferral BOOLEAN,
       escalation_broken_promise_levels INTEGER, escalation_broken_promise_days INTEGER, escalation_blacklist_levels INTEGER);
     ${rows.length > 0 ? `INSERT INTO dim_dunning_level VALUES ${rows.join(',\n')};` : ''}
     ${MART_DUNNING}`,
  );
  await documentTables(conn, ['dim_dunning_level', 'mart_dunning']);
}
