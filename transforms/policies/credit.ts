/**
 * 客户信用等级与黑名单 (issue 18): dim_credit_grade and the parameter tables from the credit policy file, then
 * mart_customer_credit (mart_customer_credit.sql), every customer at every month end with its grade. Runs
 * after the model (it reads fct_promise, fct_writeoff, fct_application, fct_open_item, mart_ar_metrics) and
 * before the dunning levels, whose escalation reads the blacklist. Without a credit policy both tables exist
 * and are empty, so pages and the dunning escalation keep working and grade nobody.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { documentTables } from '../column-docs.js';
import { exec } from '../db.js';
import { PolicyConfigError, type Policy } from './config.js';
import { readCreditParams, type CreditTier } from './kinds/credit.js';
import { sqlNum, sqlStr } from './kinds/common.js';

const MART_CUSTOMER_CREDIT = readFileSync(new URL('./mart_customer_credit.sql', import.meta.url), 'utf8');

export async function writeCredit(conn: DuckDBConnection, policies: Policy[]): Promise<void> {
  const credit = policies.filter((p) => p.kind === 'credit');
  if (credit.length > 1) {
    throw new PolicyConfigError(credit[1].file, 'kind', `a second credit policy (the first is ${credit[0].file}): a customer has one grade`);
  }
  const policy = credit[0];
  const p = policy ? readCreditParams(policy.values) : null;
  const grades = p ? p.grades.map((g, i) => `(${sqlStr(policy.id)}, ${sqlStr(g.grade)}, ${i + 1}, ${sqlNum(g.min_score)}, ${sqlStr(g.terms)})`) : [];
  const tiers = (part: string, rows: CreditTier[]) => rows.map((r, i) => `(${sqlStr(part)}, ${i + 1}, ${sqlNum((r.max_days ?? r.max_pct)!)}, ${sqlNum(r.points)})`);
  const tierRows = p ? [...tiers('days_late', p.daysLate), ...tiers('overdue_share', p.overdueShare), ...tiers('limit_usage', p.limitUsage)] : [];
  const param = p
    ? `(${p.lookbackMonths}, ${sqlNum(p.brokenPromisePoints)}, ${sqlNum(p.brokenPromiseDeduction)}, ${sqlNum(p.writeoffPoints)}, ${p.blacklistOverdueDays}, ` +
      `${p.blacklistOnWriteoff}, ${p.blacklistBrokenPromises}, ${p.blacklistClearMonths}, ${sqlStr(p.blacklistGrade)})`
    : null;
  await exec(
    conn,
    `CREATE OR REPLACE TABLE dim_credit_grade (policy VARCHAR, grade VARCHAR, grade_order INTEGER, min_score DECIMAL(6,2), terms VARCHAR);
     ${grades.length > 0 ? `INSERT INTO dim_credit_grade VALUES ${grades.join(', ')};` : ''}
     CREATE OR REPLACE TEMP TABLE credit_tier (part VARCHAR, tier INTEGER, max_value DOUBLE, points DECIMAL(6,2));
     ${tierRows.length > 0 ? `INSERT INTO credit_tier VALUES ${tierRows.join(', ')};` : ''}
     CREATE OR REPLACE TEMP TABLE credit_param (lookback_months INTEGER, broken_promise_points DECIMAL(6,2), broken_promise_deduction DECIMAL(6,2),
       writeoff_points DECIMAL(6,2), blacklist_overdue_days INTEGER, blacklist_on_writeoff BOOLEAN, blacklist_broken_promises INTEGER,
       blacklist_clear_months INTEGER, blacklist_grade VARCHAR);
     ${param ? `INSERT INTO credit_param VALUES ${param};` : ''}
     ${MART_CUSTOMER_CREDIT}
     DROP TABLE credit_tier; DROP TABLE credit_param;`,
  );
  await documentTables(conn, ['dim_credit_grade', 'mart_customer_credit']);
}
