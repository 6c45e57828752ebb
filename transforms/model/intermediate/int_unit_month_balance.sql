-- int_unit_month_balance — 单位月末余额: balances of every unit at every month end with something open.
-- Grain: (as_of, level, unit_id), where the unit has open AR or unapplied cash at that month end.
-- Open AR (fct_open_item) belongs to the invoice's person and team; unapplied cash (fct_unapplied) to the
-- customer's owner and the owner's team (docs/metrics.md, Units and attribution). Quarter and year balances are these at their as_of date.
CREATE OR REPLACE TABLE int_unit_month_balance AS
WITH fine AS (
    -- first per (month end, customer, person, team, overdue or not), then once per level
    SELECT as_of, customer_id, person_id, team_id, days_overdue > 0 AS is_overdue,
        sum(open_amount) AS open_amount, count(*) AS items
    FROM fct_open_item
    GROUP BY ALL
),
open_item AS (
    SELECT
        o.as_of,
        l.level,
        unit_at(l.level, o.customer_id, o.person_id, o.team_id) AS unit_id,
        o.customer_id,
        o.open_amount,
        o.items,
        o.is_overdue
    FROM fine o
    CROSS JOIN unit_levels() l
),
open_ar AS (
    SELECT
        as_of,
        level,
        unit_id,
        sum(open_amount) AS ar_balance,
        coalesce(sum(open_amount) FILTER (WHERE is_overdue), 0) AS overdue_amount,
        sum(items) AS open_items,
        count(DISTINCT customer_id) AS customers_open,
        count(DISTINCT customer_id) FILTER (WHERE is_overdue) AS customers_overdue
    FROM open_item
    GROUP BY as_of, level, unit_id
),
unapplied AS (
    SELECT u.as_of, l.level, unit_at(l.level, u.customer_id, u.owner_id, u.team_id) AS unit_id,
        sum(u.unapplied_amount) AS unapplied_amount
    FROM fct_unapplied u
    CROSS JOIN unit_levels() l
    GROUP BY ALL
)
SELECT
    coalesce(o.as_of, u.as_of) AS as_of,
    coalesce(o.level, u.level) AS level,
    coalesce(o.unit_id, u.unit_id) AS unit_id,
    money(coalesce(o.ar_balance, 0)) AS ar_balance,
    money(coalesce(o.overdue_amount, 0)) AS overdue_amount,
    money(coalesce(o.ar_balance, 0) - coalesce(o.overdue_amount, 0)) AS current_amount,
    money(coalesce(u.unapplied_amount, 0)) AS unapplied_amount,
    CAST(coalesce(o.open_items, 0) AS INTEGER) AS open_items,
    CAST(coalesce(o.customers_open, 0) AS INTEGER) AS customers_open,
    CAST(coalesce(o.customers_overdue, 0) AS INTEGER) AS customers_overdue
FROM open_ar o
FULL JOIN unapplied u ON u.as_of = o.as_of AND u.level = o.level AND u.unit_id = o.unit_id;
