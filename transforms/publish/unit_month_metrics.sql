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
