/**
 * The warehouse contract in TypeScript (transforms/warehouse.ts) against the tables the model builds:
 * every model table has an interface listing exactly its columns, and every table and column carries its
 * data-dictionary comment (Chinese / English) for the dictionary page. The same for the publish stage's
 * tables and the data dictionary's (built here after the policies, as the pipeline does).
 *
 * The column lists below are typed `{ [column in keyof Interface]: true }`: adding a column to an interface
 * without listing it here, or listing one the interface lacks, fails the typecheck; the test then compares
 * the lists with duckdb_columns().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../transforms/db.js';
import { OTHER_GRAINS, writeDictionary } from '../../transforms/dictionary.js';
import { dependencyOrder, readModelFiles } from '../../transforms/model/index.js';
import { runPolicies } from '../../transforms/policies/index.js';
import { runPublish } from '../../transforms/publish/index.js';
import type * as W from '../../transforms/warehouse.js';
import { CONTRACT_TABLES, PUBLISH_TABLES } from '../../transforms/warehouse.js';
import { HAND_EXPORT } from './hand-export.js';
import { modelWarehouse, rows } from './model-helpers.js';

type Columns<T> = { [K in keyof T]-?: true };
const columns = <T>(c: Columns<T>): string[] => Object.keys(c);

const MODEL_TABLES: Partial<Record<keyof W.Database, string[]>> = {
  dim_customer: columns<W.DimCustomer>({ customer_id: true, customer_name: true, credit_limit: true, credit_days: true, customer_type: true, region: true, owner_id: true, owner_team_id: true }),
  dim_person: columns<W.DimPerson>({ person_id: true, person_name: true, team_id: true, team_name: true, role: true, manager_id: true, monthly_salary: true, region: true, left_on: true }),
  dim_person_assignment: columns<W.DimPersonAssignment>({ person_id: true, team_id: true, team_name: true, manager_id: true, role: true, valid_from: true, valid_to: true }),
  dim_team: columns<W.DimTeam>({ team_id: true, team_name: true, region: true, manager_id: true, director_id: true, person_count: true }),
  dim_period: columns<W.DimPeriod>({ period_key: true, grain: true, start_date: true, end_date: true, days: true, prev_period_key: true, year: true, quarter: true, month: true, as_of_date: true, is_partial: true }),
  dim_aging_bucket: columns<W.DimAgingBucket>({ basis: true, bucket: true, bucket_order: true, bucket_label: true, bucket_group: true, min_days: true, max_days: true }),
  fct_invoice: columns<W.FctInvoice>({ invoice_id: true, customer_id: true, person_id: true, team_id: true, invoice_date: true, due_date: true, amount: true, cost_amount: true, contract_id: true, deferred_until: true, is_credit_note: true, currency: true, fx_rate: true, amount_fc: true, instalments: true }),
  fct_receipt: columns<W.FctReceipt>({ receipt_id: true, customer_id: true, receipt_date: true, amount: true, invoice_id: true, method: true, is_acceptance: true, is_refund: true, owner_id: true, owner_team_id: true, currency: true, fx_rate: true, amount_fc: true }),
  fct_application: columns<W.FctApplication>({ source_id: true, source_type: true, invoice_id: true, customer_id: true, person_id: true, team_id: true, applied_date: true, source_date: true, amount: true, rule: true, is_acceptance: true, invoice_date: true, due_date: true }),
  fct_writeoff: columns<W.FctWriteoff>({ writeoff_id: true, customer_id: true, invoice_id: true, requested_invoice_id: true, writeoff_date: true, effective_date: true, amount: true, rule: true, person_id: true, team_id: true }),
  fct_open_item: columns<W.FctOpenItem>({ as_of: true, period_key: true, invoice_id: true, customer_id: true, person_id: true, team_id: true, invoice_date: true, due_date: true, deferred_until: true, amount: true, open_amount: true, days_overdue: true, aging_bucket: true, age_bucket: true, age_days: true }),
  fct_collection_contact: columns<W.FctCollectionContact>({ contact_id: true, contact_date: true, period_key: true, customer_id: true, invoice_id: true, person_id: true, team_id: true, action: true, result: true, has_promise: true, promise_date: true, promise_amount: true, note: true, source_file: true, source_line: true }),
  fct_promise: columns<W.FctPromise>({ contact_id: true, contact_date: true, customer_id: true, invoice_id: true, person_id: true, team_id: true, action: true, promise_date: true, promise_amount: true, paid_amount: true, shortfall: true, last_paid_date: true, status: true, status_name: true, status_date: true, as_of: true }),
  fct_unapplied: columns<W.FctUnapplied>({ as_of: true, period_key: true, customer_id: true, owner_id: true, team_id: true, unapplied_amount: true }),
  fct_fx_difference: columns<W.FctFxDifference>({
    receipt_id: true, invoice_id: true, customer_id: true, person_id: true, team_id: true, currency: true, applied_date: true, amount_fc: true,
    invoice_rate: true, receipt_rate: true, amount_at_invoice_rate: true, amount_at_receipt_rate: true, fx_difference: true,
  }),
  fct_ar_transfer: columns<W.FctArTransfer>({
    transfer_date: true, period_key: true, invoice_id: true, customer_id: true, from_person_id: true, from_team_id: true, to_person_id: true,
    to_team_id: true, reason: true, amount: true,
  }),
  mart_ar_metrics: columns<W.MartArMetrics>({
    period_key: true, grain: true, level: true, unit_id: true, unit_name: true, start_date: true, end_date: true, as_of_date: true,
    sales: true, collections: true, writeoffs: true, applied_collections: true, ar_begin: true, ar_balance: true, overdue_amount: true,
    current_amount: true, unapplied_amount: true, customers_open: true, customers_overdue: true, collection_target: true, sales_target: true,
    collection_rate_target: true, collection_rate_balance: true, sales_collection_rate: true, bad_debt_rate_collections: true,
    bad_debt_rate_sales: true, overdue_customer_ratio: true, overdue_rate: true, collection_cycle: true, receivables_turnover: true,
    dso: true, dso_countback: true, best_possible_dso: true, average_days_delinquent: true, cei: true, gross_sales: true,
    acceptance_collections: true, applied_writeoffs: true, open_items: true, dso_sales_3m: true, dso_days_3m: true, ar_transferred: true,
  }),
  mart_aging: columns<W.MartAging>({ period_key: true, grain: true, level: true, unit_id: true, basis: true, bucket: true, bucket_order: true, bucket_label: true, as_of: true, amount: true, items: true }),
  mart_aging_wide: columns<W.MartAgingWide>({
    period_key: true, grain: true, level: true, unit_id: true, as_of: true, total: true, items: true,
    d_not_due: true, d_1_30: true, d_31_60: true, d_61_90: true, d_91_180: true, d_181_365: true, d_365p: true,
    a_0_30: true, a_31_60: true, a_61_90: true, a_91_180: true, a_181_365: true, a_1_2y: true, a_2_3y: true, a_3yp: true,
  }),
  int_explicit_allocation: columns<W.IntExplicitAllocation>({ source_type: true, source_id: true, customer_id: true, invoice_id: true, source_date: true, applied_date: true, requested: true, allocated: true, consumed: true, fx_difference: true }),
  int_fifo_source: columns<W.IntFifoSource>({ customer_id: true, seq: true, source_type: true, source_id: true, source_date: true, amount: true, is_acceptance: true, cum_start: true, cum_end: true }),
  int_fifo_consumer: columns<W.IntFifoConsumer>({ customer_id: true, seq: true, consumer_type: true, consumer_id: true, consumer_date: true, sort_date: true, amount: true, cum_start: true, cum_end: true }),
  int_fifo_match: columns<W.IntFifoMatch>({ customer_id: true, source_type: true, source_id: true, source_date: true, is_acceptance: true, consumer_type: true, consumer_id: true, consumer_date: true, matched_date: true, amount: true, seg_start: true, seg_end: true }),
  int_collection_credit: columns<W.IntCollectionCredit>({ receipt_id: true, customer_id: true, receipt_date: true, is_acceptance: true, person_id: true, team_id: true, basis: true, amount: true }),
  int_unit_month_flow: columns<W.IntUnitMonthFlow>({ month_start: true, level: true, unit_id: true, sales: true, gross_sales: true, collections: true, acceptance_collections: true, writeoffs: true, applied_collections: true, applied_writeoffs: true, ar_transferred: true }),
  int_unit_month_balance: columns<W.IntUnitMonthBalance>({ as_of: true, level: true, unit_id: true, ar_balance: true, overdue_amount: true, current_amount: true, unapplied_amount: true, open_items: true, customers_open: true, customers_overdue: true }),
  int_unit: columns<W.IntUnit>({ level: true, level_order: true, unit_id: true, unit_name: true, team_id: true, unit_seq: true }),
  int_unit_month_dso: columns<W.IntUnitMonthDso>({ as_of: true, level: true, unit_id: true, sales: true, sales_3m: true, days_3m: true, ar_balance: true, countback_days: true }),
  int_unit_target: columns<W.IntUnitTarget>({ period_key: true, level: true, unit_id: true, collection_target: true, sales_target: true }),
};

/** Tables the policy stage builds beside the scores: the dunning levels and the view of every open item's level. */
const POLICY_STAGE_TABLES: Partial<Record<keyof W.Database, string[]>> = {
  dim_dunning_level: columns<W.DimDunningLevel>({
    policy: true, level: true, level_name: true, action: true, role: true, min_days_past_due: true, large_amount: true,
    large_min_days_past_due: true, count_from_deferral: true, escalation_broken_promise_levels: true, escalation_broken_promise_days: true,
    escalation_blacklist_levels: true,
  }),
  mart_dunning: columns<W.MartDunning>({
    as_of: true, period_key: true, invoice_id: true, customer_id: true, person_id: true, team_id: true, invoice_date: true, due_date: true,
    deferred_until: true, open_amount: true, days_overdue: true, days_past_due: true, aging_bucket: true, base_level: true, escalation_levels: true,
    escalation_reason: true, level: true, level_name: true, action: true, role: true, responsible_id: true,
  }),
  dim_credit_grade: columns<W.DimCreditGrade>({ policy: true, grade: true, grade_order: true, min_score: true, terms: true }),
  mart_customer_credit: columns<W.MartCustomerCredit>({
    as_of: true, period_key: true, customer_id: true, customer_name: true, owner_id: true, grade: true, previous_grade: true, since: true, score: true,
    score_grade: true, terms: true, days_late: true, days_late_points: true, overdue_share_pct: true, overdue_points: true, broken_promises: true,
    promise_points: true, writeoff_amount: true, writeoff_points: true, limit_usage_pct: true, limit_points: true, ar_balance: true, overdue_amount: true,
    credit_limit: true, max_days_overdue: true, blacklisted: true, blacklist_trigger: true, blacklisted_since: true, reason: true,
  }),
};

/** The publish stage's tables and the dictionary's (every PUBLISH_TABLES entry must be here: typed below). */
const PUBLISH_TABLE_COLUMNS: Record<(typeof PUBLISH_TABLES)[number] | 'dict_table' | 'data_dictionary', string[]> = {
  league_board: columns<W.LeagueBoard>({
    period_key: true, grain: true, end_date: true, policy: true, policy_name: true, policy_kind: true, policy_order: true, level: true,
    unit_id: true, unit_name: true, team_id: true, team_name: true, total_score: true, max_score: true, score_is_money: true, bonus_points: true, rank: true,
    prev_rank: true, movement: true, movement_text: true, team_rank: true, grade: true, collection_rate_target: true, sales: true,
    collections: true, collection_target: true, ar_balance: true, overdue_amount: true, overdue_rate: true, dso: true, cei: true,
    prev_dso: true, prev_overdue_amount: true, link: true,
  }),
  meeting_stars: columns<W.MeetingStars>({
    period_key: true, star_rank: true, rank: true, unit_id: true, unit_name: true, team_id: true, team_name: true, grade: true,
    total_score: true, max_score: true, bonus_points: true, collection_rate_target: true, collections: true, collection_target: true,
    cei: true, dso: true, prev_dso: true, dso_change: true, prev_overdue_amount: true, overdue_amount: true, overdue_reduction: true,
    eligible: true, exclusion: true, link: true,
  }),
  customer_page: columns<W.CustomerPage>({
    customer_id: true, customer_name: true, customer_type: true, credit_limit: true, credit_days: true, region: true, owner_id: true,
    owner_name: true, owner_team_id: true, owner_team_name: true, kind: true, period_key: true, end_date: true, sales: true,
    collections: true, writeoffs: true, ar_balance: true, overdue_amount: true, overdue_rate: true, dso: true, cei: true,
    unapplied_amount: true, invoice_id: true, invoice_date: true, due_date: true, deferred_until: true, amount: true, open_amount: true,
    days_overdue: true, aging_label: true, age_label: true, person_id: true, person_name: true,
  }),
  customer_trail: columns<W.CustomerTrail>({
    customer_id: true, section: true, doc_id: true, doc_date: true, doc_amount: true, due_date: true, doc_open_amount: true,
    event_order: true, event_date: true, event: true, counterpart_id: true, rule: true, amount: true, open_amount: true,
    section_docs: true, section_rest_amount: true,
  }),
  unit_month_metrics: columns<W.UnitMonthMetrics>({
    level: true, unit_id: true, unit_name: true, period_key: true, end_date: true, sales: true, collections: true, writeoffs: true,
    ar_balance: true, overdue_amount: true, current_amount: true, unapplied_amount: true, collection_target: true,
    collection_rate_target: true, sales_collection_rate: true, overdue_rate: true, dso: true, cei: true, customers_open: true,
    customers_overdue: true, open_items: true, prev_ar_balance: true, prev_overdue_amount: true, prev_collections: true,
    prev_collection_rate_target: true, prev_overdue_rate: true, prev_dso: true,
  }),
  unit_scores_latest: columns<W.UnitScoresLatest>({
    level: true, unit_id: true, grain: true, period_key: true, policy: true, policy_name: true, policy_order: true, item_order: true,
    item: true, points: true, max_points: true, amount: true, note: true,
  }),
  report_aging: columns<W.ReportAging>({ period_key: true, as_of: true, basis: true, bucket: true, bucket_order: true, bucket_label: true, bucket_group: true, amount: true, items: true }),
  report_over_limit: columns<W.ReportOverLimit>({ period_key: true, customer_id: true, customer_name: true, customer_type: true, credit_limit: true, limit_kind: true, limit_kind_label: true, limit_kind_order: true, ar_balance: true, excess: true, overdue_amount: true, link: true }),
  report_overdue_items: columns<W.ReportOverdueItems>({
    period_key: true, as_of: true, invoice_id: true, customer_id: true, customer_name: true, person_id: true, person_name: true, team_id: true,
    due_date: true, days_overdue: true, open_amount: true, customer_link: true, person_link: true,
  }),
  report_top_overdue: columns<W.ReportTopOverdue>({
    period_key: true, rank: true, customer_id: true, customer_name: true, customer_type: true, team_name: true, overdue_amount: true,
    ar_balance: true, overdue_rate: true, credit_limit: true, link: true,
  }),
  aging_customer_top: columns<W.AgingCustomerTop>({
    period_key: true, customer_id: true, customer_name: true, team_id: true, total: true, d_not_due: true, d_1_30: true, d_31_60: true,
    d_61_90: true, d_91_180: true, d_181_365: true, d_365p: true, a_1y: true, a_1_2y: true, a_2_3y: true, a_3yp: true,
    link: true,
  }),
  aging_unit_month: columns<W.AgingUnitMonth>({
    period_key: true, level: true, unit_id: true, team_id: true, total: true, d_not_due: true, d_1_30: true, d_31_60: true, d_61_90: true,
    d_91_180: true, d_181_365: true, d_365p: true, a_0_30: true, a_31_60: true, a_61_90: true, a_91_180: true, a_181_365: true,
    a_1_2y: true, a_2_3y: true, a_3yp: true,
  }),
  customer_latest: columns<W.CustomerLatest>({
    customer_id: true, customer_name: true, customer_type: true, region: true, credit_limit: true, credit_days: true, owner_id: true,
    owner_name: true, owner_team_id: true, owner_team_name: true, period_key: true, end_date: true, ar_balance: true, overdue_amount: true,
    overdue_rate: true, collections: true, sales: true, open_items: true, link: true,
    has_page: true,
  }),
  customer_search: columns<W.CustomerSearch>({
    customer_id: true, customer_name: true, customer_type: true, region: true, owner_name: true, owner_team_name: true, ar_balance: true,
    overdue_amount: true, link: true,
  }),
  person_latest: columns<W.PersonLatest>({
    person_id: true, person_name: true, role: true, team_id: true, team_name: true, manager_id: true, region: true, period_key: true,
    end_date: true, ar_balance: true, overdue_amount: true, overdue_rate: true, collections: true, collection_target: true,
    collection_rate_target: true, dso: true, rank: true, team_rank: true, grade: true, total_score: true, link: true,
  }),
  open_item_latest: columns<W.OpenItemLatest>({
    as_of: true, period_key: true, invoice_id: true, customer_id: true, customer_name: true, customer_link: true, person_id: true, person_name: true, team_id: true,
    team_name: true, invoice_date: true, due_date: true, deferred_until: true, amount: true, open_amount: true, days_overdue: true,
    aging_bucket: true, aging_label: true, age_bucket: true, age_label: true, age_days: true,
  }),
  ar_metrics_summary: MODEL_TABLES.mart_ar_metrics!,
  worklist_item: columns<W.WorklistItem>({
    as_of: true, period_key: true, person_id: true, person_name: true, team_id: true, team_name: true, invoice_id: true, customer_id: true,
    customer_name: true, customer_link: true, invoice_date: true, due_date: true, deferred_until: true, open_amount: true, days_past_due: true,
    level: true, level_name: true, action: true, role: true, responsible_id: true, responsible_name: true, base_level: true,
    escalation_reason: true, last_contact_date: true, last_contact_action: true, last_contact_result: true, last_contact_person_name: true,
    open_promise_date: true, open_promise_amount: true, unkept_promises: true, unkept_promise_shortfall: true, row_in_person: true,
    person_items: true, person_rest_amount: true,
  }),
  customer_credit_page: [...POLICY_STAGE_TABLES.mart_customer_credit!, 'row_in_customer'],
  customer_contact_page: columns<W.CustomerContactPage>({
    customer_id: true, contact_id: true, contact_date: true, invoice_id: true, person_id: true, person_name: true, action: true, result: true,
    note: true, promise_date: true, promise_amount: true, paid_amount: true, shortfall: true, status: true, status_name: true, row_in_customer: true,
    customer_contacts: true, customer_promises: true, promises_kept: true, promises_partly_kept: true, promises_broken: true, promises_open: true,
  }),
  worklist_level_summary: columns<W.WorklistLevelSummary>({
    as_of: true, period_key: true, team_id: true, team_name: true, level: true, level_name: true, action: true, role: true, items: true,
    customers: true, open_amount: true,
  }),
  worklist_person: columns<W.WorklistPerson>({
    as_of: true, period_key: true, person_id: true, person_name: true, team_id: true, team_name: true, items: true, customers: true,
    open_amount: true, escalated_items: true, escalated_amount: true, max_level: true, max_level_name: true, contacted_items: true, contacts_in_month: true, open_promises: true, open_promise_amount: true, unkept_promise_shortfall: true, link: true,
  }),
  statement_line: columns<W.StatementLine>({
    period_key: true, as_of: true, customer_id: true, customer_name: true, owner_id: true, owner_name: true, owner_team_id: true,
    owner_team_name: true, line_no: true, doc_date: true, kind: true, doc_id: true, due_date: true, amount: true, balance: true,
  }),
  dict_table: columns<W.DictTable>({ table_name: true, table_order: true, layer: true, grain: true, grain_zh: true, description_zh: true, defined_in: true }),
  data_dictionary: columns<W.DataDictionary>({
    table_order: true, table_name: true, layer: true, grain: true, grain_zh: true, description_zh: true, defined_in: true, table_label: true, table_description: true,
    column_index: true, column_name: true, data_type: true, page_type: true, column_label: true, column_description: true,
  }),
};

const MONEY_COLUMNS = /amount|^sales|collections|writeoffs|^ar_|target$|_limit$|salary|^requested$|^allocated$/;

let wh: Warehouse;
beforeAll(async () => {
  wh = await modelWarehouse(HAND_EXPORT);
  await runPolicies(wh);
  await runPublish(wh.conn);
  await writeDictionary(wh.conn);
});

/** Each table has exactly the columns listed (in any order), money columns as DECIMAL(18,2). */
async function expectColumns(tables: Partial<Record<string, string[]>>): Promise<void> {
  for (const [table, expected] of Object.entries(tables)) {
    const got = await rows(wh, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`);
    expect(got.map((c) => c.column_name).sort(), table).toEqual([...expected!].sort());
    for (const c of got) {
      const name = String(c.column_name);
      if (MONEY_COLUMNS.test(name) && !/^(customers_|is_)|rate|ratio/.test(name) && !name.startsWith('cum_')) {
        expect(c.data_type, `${table}.${name}`).toBe('DECIMAL(18,2)');
      }
    }
  }
}
afterAll(async () => {
  await wh?.close();
});

describe('warehouse contract', () => {
  it('one SQL file per model table, each with an interface in the Database contract', () => {
    const files = dependencyOrder(readModelFiles()).map((f) => f.name);
    expect([...files].sort()).toEqual(Object.keys(MODEL_TABLES).sort());
    for (const table of CONTRACT_TABLES.filter((t) => /^(dim|fct|mart)_/.test(t) && !(t in OTHER_GRAINS))) {
      expect(files, `contract table ${table}`).toContain(table);
    }
  });

  it('each table has exactly the columns of its interface, money as DECIMAL(18,2) and rates as DOUBLE', async () => {
    await expectColumns(MODEL_TABLES);
    const RATES = ['collection_rate_target', 'collection_rate_balance', 'sales_collection_rate', 'bad_debt_rate_collections', 'bad_debt_rate_sales',
      'overdue_customer_ratio', 'overdue_rate', 'collection_cycle', 'receivables_turnover', 'dso', 'dso_countback', 'best_possible_dso',
      'average_days_delinquent', 'cei'];
    const rates = await rows(wh, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'mart_ar_metrics' AND column_name IN (${RATES.map((r) => `'${r}'`).join(', ')})`);
    expect(rates.map((r) => `${r.column_name} ${r.data_type}`).sort()).toEqual(RATES.map((r) => `${r} DOUBLE`).sort());
  });

  it('every model table and column has a data-dictionary comment, Chinese / English', async () => {
    const tables = Object.keys(MODEL_TABLES).map((t) => `'${t}'`).join(', ');
    const missing = await rows(
      wh,
      `SELECT table_name, NULL AS column_name, comment FROM duckdb_tables() WHERE table_name IN (${tables}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       UNION ALL
       SELECT table_name, column_name, comment FROM duckdb_columns() WHERE table_name IN (${tables}) AND (comment IS NULL OR comment NOT LIKE '% / %')`,
    );
    expect(missing).toEqual([]);
    const [dso] = await rows(wh, `SELECT comment FROM duckdb_columns() WHERE table_name = 'mart_ar_metrics' AND column_name = 'dso'`);
    expect(dso.comment).toContain('ar(e) / sales(3 months ending e)');
  });

  it('the policy stage\'s dunning tables: the columns of their interfaces and a Chinese / English comment on each', async () => {
    await expectColumns(POLICY_STAGE_TABLES);
    const tables = Object.keys(POLICY_STAGE_TABLES).map((t) => `'${t}'`).join(', ');
    const missing = await rows(
      wh,
      `SELECT table_name, NULL AS column_name FROM duckdb_tables() WHERE table_name IN (${tables}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       UNION ALL SELECT view_name, NULL FROM duckdb_views() WHERE view_name IN (${tables}) AND (comment IS NULL OR comment NOT LIKE '% / %')
       UNION ALL SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (${tables}) AND (comment IS NULL OR comment NOT LIKE '% / %')`,
    );
    expect(missing).toEqual([]);
    // mart_dunning is a view: no second copy of the open items is stored
    const [{ n }] = await rows(wh, `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'mart_dunning'`);
    expect(Number(n)).toBe(1);
  });

  it('each publish and dictionary table has exactly the columns of its interface, money as DECIMAL(18,2)', async () => {
    await expectColumns(PUBLISH_TABLE_COLUMNS);
    // the rates and scores a page formats as numbers
    const doubles = await rows(
      wh,
      `SELECT table_name || '.' || column_name AS c FROM duckdb_columns()
       WHERE table_name IN (${PUBLISH_TABLES.map((t) => `'${t}'`).join(', ')}) AND regexp_matches(column_name, '(rate|ratio|dso|dso_countback|cei|score|turnover|cycle|delinquent)$') AND data_type <> 'DOUBLE'`,
    );
    expect(doubles).toEqual([]);
  });

  it('is queryable through the typed Kysely Database', async () => {
    const company = await wh.db
      .selectFrom('mart_ar_metrics')
      .select(['period_key', 'ar_balance', 'dso', 'cei'])
      .where('level', '=', 'company')
      .where('grain', '=', 'quarter')
      .orderBy('period_key')
      .execute();
    expect(company.map((r) => r.period_key)).toEqual(['2025-Q1', '2025-Q2']);
    expect(company[0].dso).toBeCloseTo((1300 / 7100) * 90, 9);
  });
});
