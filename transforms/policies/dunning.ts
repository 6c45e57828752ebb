/**
 * 分级催收 (issue 18): dim_dunning_level from the dunning policy file, then the view mart_dunning over
 * fct_open_item (mart_dunning.sql), escalated by the customer's broken promises (fct_promise) and the blacklist
 * (mart_customer_credit, written just before by credit.ts). Without a dunning policy both exist with no level, so pages and analysts'
 * queries keep working and list nothing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
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
     COMMENT ON TABLE dim_dunning_level IS '催收级别 / The dunning levels of policies/dunning.yaml, one row per level: its action, who acts and when an open item reaches it';
     COMMENT ON COLUMN dim_dunning_level.policy IS '考核政策 / Policy id of the dunning policy file';
     COMMENT ON COLUMN dim_dunning_level.level IS '级别 / 1, 2, 3 …: the higher, the harder the collection';
     COMMENT ON COLUMN dim_dunning_level.level_name IS '级别名称 / 友好提醒, 发送对账单, 电话催收 …';
     COMMENT ON COLUMN dim_dunning_level.action IS '催收动作 / What the level asks the responsible person to do';
     COMMENT ON COLUMN dim_dunning_level.role IS '负责人 / 业务员, 销售经理, 销售总监, 财务 or 法务';
     COMMENT ON COLUMN dim_dunning_level.min_days_past_due IS '逾期天数达到 / An item reaches the level this many days past due (negative: before the due date) …';
     COMMENT ON COLUMN dim_dunning_level.large_amount IS '单笔金额达到 / … or with an open amount of at least this (NULL: no amount rule) …';
     COMMENT ON COLUMN dim_dunning_level.large_min_days_past_due IS '且逾期天数达到 / … and at least this many days past due';
     COMMENT ON COLUMN dim_dunning_level.count_from_deferral IS '特批延期从截止日起算 / The policy''s count_from_deferral (the same on every row): days past due count from a 特批 deferral''s end';
     COMMENT ON COLUMN dim_dunning_level.escalation_broken_promise_levels IS '承诺未兑现提高级数 / Levels added to the items of a customer with a recent promise not kept in full (the same on every row)';
     COMMENT ON COLUMN dim_dunning_level.escalation_broken_promise_days IS '承诺未兑现计入天数 / A promise counts when its day fell within this many days of the month end (the same on every row)';
     COMMENT ON COLUMN dim_dunning_level.escalation_blacklist_levels IS '黑名单提高级数 / Levels added to the items of a blacklisted customer (the same on every row)';
     ${MART_DUNNING}`,
  );
}
