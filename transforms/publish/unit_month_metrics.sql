-- unit_month_metrics — 团队与人员月度指标: the monthly metrics of every team and person, slimmed for the
-- templated /teams/ and /people/ pages, with the previous month's values beside them (for 环比).
-- Grain: (level, unit_id, period_key): one row per team or person and month of mart_ar_metrics.
-- Why not mart_ar_metrics itself: the full mart (41 columns, every grain and level, ≈110 k rows) would be
-- scanned by every one of ≈170 unit pages; this table keeps the month grain, the team and person levels and
-- the columns the pages show. Sorted by (level, unit_id, period_key DESC): a plain filtered scan keeps
-- insertion order (preserve_insertion_order), so a page gets its months newest first without an ORDER BY.
-- Values are mart_ar_metrics' own (prev_*: the same column of the unit's previous month row); nothing is
-- recomputed. Customers: customer_page.
CREATE OR REPLACE TABLE unit_month_metrics AS
select
  m.level, m.unit_id, m.unit_name, m.period_key, m.end_date,
  m.sales, m.collections, m.writeoffs, m.ar_balance, m.overdue_amount, m.current_amount, m.unapplied_amount,
  m.collection_target, m.collection_rate_target, m.sales_collection_rate, m.overdue_rate, m.dso, m.cei,
  m.customers_open, m.customers_overdue, m.open_items,
  lag(m.ar_balance) over w as prev_ar_balance,
  lag(m.overdue_amount) over w as prev_overdue_amount,
  lag(m.collections) over w as prev_collections,
  lag(m.collection_rate_target) over w as prev_collection_rate_target,
  lag(m.overdue_rate) over w as prev_overdue_rate,
  lag(m.dso) over w as prev_dso
from mart_ar_metrics m
where m.grain = 'month' and m.level in ('team', 'person')
window w as (partition by m.level, m.unit_id order by m.period_key)
order by m.level, m.unit_id, m.period_key desc;

COMMENT ON TABLE unit_month_metrics IS '团队与人员月度指标 / mart_ar_metrics of teams and persons by month, with the previous month''s values (环比): the team and person pages';
COMMENT ON COLUMN unit_month_metrics.level IS '层级 / team or person';
COMMENT ON COLUMN unit_month_metrics.unit_id IS '团队或人员 / team_id or person_id (''_unassigned'' for facts without a person)';
COMMENT ON COLUMN unit_month_metrics.unit_name IS '名称 / Team or person name';
COMMENT ON COLUMN unit_month_metrics.period_key IS '月份 / Month (YYYY-MM)';
COMMENT ON COLUMN unit_month_metrics.end_date IS '月末 / Last day of the month';
COMMENT ON COLUMN unit_month_metrics.sales IS '销售额 / mart_ar_metrics.sales';
COMMENT ON COLUMN unit_month_metrics.collections IS '回款额 / mart_ar_metrics.collections';
COMMENT ON COLUMN unit_month_metrics.writeoffs IS '坏账核销 / mart_ar_metrics.writeoffs';
COMMENT ON COLUMN unit_month_metrics.ar_balance IS '应收余额 / mart_ar_metrics.ar_balance at the month end';
COMMENT ON COLUMN unit_month_metrics.overdue_amount IS '逾期金额 / mart_ar_metrics.overdue_amount at the month end';
COMMENT ON COLUMN unit_month_metrics.current_amount IS '未到期金额 / mart_ar_metrics.current_amount at the month end';
COMMENT ON COLUMN unit_month_metrics.unapplied_amount IS '未核销款 / mart_ar_metrics.unapplied_amount at the month end';
COMMENT ON COLUMN unit_month_metrics.collection_target IS '回款任务 / mart_ar_metrics.collection_target';
COMMENT ON COLUMN unit_month_metrics.collection_rate_target IS '回款率(任务) / mart_ar_metrics.collection_rate_target: collections / collection_target';
COMMENT ON COLUMN unit_month_metrics.sales_collection_rate IS '月度销售回款率 / mart_ar_metrics.sales_collection_rate: collections / sales';
COMMENT ON COLUMN unit_month_metrics.overdue_rate IS '逾期率 / mart_ar_metrics.overdue_rate: overdue_amount / ar_balance';
COMMENT ON COLUMN unit_month_metrics.dso IS 'DSO / mart_ar_metrics.dso';
COMMENT ON COLUMN unit_month_metrics.cei IS '回款有效指数(CEI) / mart_ar_metrics.cei';
COMMENT ON COLUMN unit_month_metrics.customers_open IS '欠款客户数 / mart_ar_metrics.customers_open';
COMMENT ON COLUMN unit_month_metrics.customers_overdue IS '逾期客户数 / mart_ar_metrics.customers_overdue';
COMMENT ON COLUMN unit_month_metrics.open_items IS '未清项数 / mart_ar_metrics.open_items';
COMMENT ON COLUMN unit_month_metrics.prev_ar_balance IS '上月应收余额 / ar_balance of the unit''s previous month row; NULL for its first month';
COMMENT ON COLUMN unit_month_metrics.prev_overdue_amount IS '上月逾期金额 / overdue_amount of the unit''s previous month row';
COMMENT ON COLUMN unit_month_metrics.prev_collections IS '上月回款额 / collections of the unit''s previous month row';
COMMENT ON COLUMN unit_month_metrics.prev_collection_rate_target IS '上月回款率(任务) / collection_rate_target of the unit''s previous month row';
COMMENT ON COLUMN unit_month_metrics.prev_overdue_rate IS '上月逾期率 / overdue_rate of the unit''s previous month row';
COMMENT ON COLUMN unit_month_metrics.prev_dso IS '上月DSO / dso of the unit''s previous month row';
