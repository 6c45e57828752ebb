-- int_unit_month_dso — 单位月末DSO基础: the sales history DSO needs, per unit and month end.
-- Grain: (as_of, level, unit_id) for every unit and every month of the data (a dense grid: months without
-- sales still count their days).
-- sales_3m / days_3m: sales and calendar days of the 3 months ending at as_of, limited to months inside
--   the data (the first months of the data have fewer). Standard and best-possible DSO divide by these.
-- countback_days (countback DSO): walk monthly sales back from as_of's month, using up ar(as_of); each
--   month fully used adds its days, the last one days × the fraction used. Months with sales ≤ 0 are used
--   up without reducing the balance (their days count). If ar exceeds all sales since the data began, all
--   months of the data count and nothing more. ar = 0 → 0; ar > 0 with no positive sales at all → NULL.
--   Set-based: with P(m) the running positive sales and D(m) the running days, the last month touched is
--   the first month k with P(k) > X where X = P(e) − ar(e) (an ASOF join), and
--   countback = D(e) − D(k) + days(k) × (P(k) − X) / sales(k).
CREATE OR REPLACE TABLE int_unit_month_dso AS
WITH month AS (
    SELECT start_date AS month_start, end_date AS as_of, days
    FROM dim_period
    WHERE grain = 'month'
),
grid AS (
    SELECT
        u.level,
        u.unit_id,
        m.month_start,
        m.as_of,
        m.days,
        coalesce(f.sales, 0) AS sales,
        coalesce(b.ar_balance, 0) AS ar_balance
    FROM int_unit u
    CROSS JOIN month m
    LEFT JOIN int_unit_month_flow f ON f.level = u.level AND f.unit_id = u.unit_id AND f.month_start = m.month_start
    LEFT JOIN int_unit_month_balance b ON b.level = u.level AND b.unit_id = u.unit_id AND b.as_of = m.as_of
),
running AS (
    SELECT
        *,
        sum(sales) OVER (PARTITION BY level, unit_id ORDER BY month_start ROWS 2 PRECEDING) AS sales_3m,
        sum(days) OVER (PARTITION BY level, unit_id ORDER BY month_start ROWS 2 PRECEDING) AS days_3m,
        sum(greatest(sales, 0)) OVER (PARTITION BY level, unit_id ORDER BY month_start ROWS UNBOUNDED PRECEDING) AS pos_sales_cum,
        sum(days) OVER (PARTITION BY level, unit_id ORDER BY month_start ROWS UNBOUNDED PRECEDING) AS days_cum
    FROM grid
),
probe AS (
    SELECT *, pos_sales_cum - ar_balance AS x FROM running
),
selling_month AS (
    SELECT level, unit_id, pos_sales_cum, days_cum, days, sales FROM running WHERE sales > 0
)
SELECT
    p.as_of,
    p.level,
    p.unit_id,
    money(p.sales) AS sales,
    money(p.sales_3m) AS sales_3m,
    CAST(p.days_3m AS INTEGER) AS days_3m,
    money(p.ar_balance) AS ar_balance,
    CASE
        WHEN p.ar_balance <= 0 THEN 0.0
        WHEN p.pos_sales_cum = 0 THEN NULL
        WHEN p.x < 0 THEN CAST(p.days_cum AS DOUBLE)
        ELSE CAST(p.days_cum - k.days_cum AS DOUBLE)
            + k.days * (CAST(k.pos_sales_cum - p.x AS DOUBLE) / CAST(k.sales AS DOUBLE))
    END AS countback_days
FROM probe p
ASOF LEFT JOIN selling_month k ON k.level = p.level AND k.unit_id = p.unit_id AND p.x < k.pos_sales_cum;
