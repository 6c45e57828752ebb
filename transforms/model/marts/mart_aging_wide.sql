-- mart_aging_wide — 账龄分析表: mart_aging with its buckets as columns, the layout of the classic AR aging
-- report (one row per unit, 未到期 … 365天以上 across).
-- Grain: (period_key, level, unit_id): one row per unit with open AR at the period end, as in mart_aging.
-- Every amount is mart_aging.amount pivoted, never recomputed: d_* by due date (逾期账龄), a_* by invoice date
-- (账龄); an empty bucket is 0 (a customer's empty buckets have no mart_aging row: coalesce); total = Σ d_* = Σ a_* = ar_balance in mart_aging's and mart_ar_metrics' terms.
-- The site's narrow aging sources (aging_unit_month, aging_customer_top) read this table.
CREATE OR REPLACE TABLE mart_aging_wide AS
SELECT
    period_key,
    any_value(grain) AS grain,
    level,
    unit_id,
    any_value(as_of) AS as_of,
    money(sum(amount) FILTER (WHERE basis = 'due')) AS total,
    CAST(sum(items) FILTER (WHERE basis = 'due') AS INTEGER) AS items,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = 'not_due'), 0)) AS d_not_due,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '1-30'), 0)) AS d_1_30,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '31-60'), 0)) AS d_31_60,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '61-90'), 0)) AS d_61_90,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '91-180'), 0)) AS d_91_180,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '181-365'), 0)) AS d_181_365,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '365+'), 0)) AS d_365p,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '0-30'), 0)) AS a_0_30,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '31-60'), 0)) AS a_31_60,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '61-90'), 0)) AS a_61_90,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '91-180'), 0)) AS a_91_180,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '181-365'), 0)) AS a_181_365,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '1-2y'), 0)) AS a_1_2y,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '2-3y'), 0)) AS a_2_3y,
    money(coalesce(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '3y+'), 0)) AS a_3yp
FROM mart_aging
GROUP BY period_key, level, unit_id
ORDER BY grain_order(any_value(grain)), period_key, level, unit_id;
