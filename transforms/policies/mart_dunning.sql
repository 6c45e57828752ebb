-- mart_dunning — 分级催收: every open item at every month end with the dunning level it has reached
-- (policies/dunning.yaml through dim_dunning_level), the action that level asks for and who is responsible.
-- Grain: (as_of, invoice_id, due_date), the open items of fct_open_item with an open amount > 0 that have reached level 1.
-- A view, not a table: it is fct_open_item joined to a handful of levels, so storing it would write a second
-- copy of the largest model table at every build (issue 21) for rows any query can derive as fast.
-- Level: the highest level whose condition the item meets: days past due ≥ min_days_past_due, or an open amount
-- ≥ large_amount with days past due ≥ large_min_days_past_due. Days past due = as_of − due date (negative
-- before it falls due), counted from a 特批 deferral's end instead when dunning.yaml's count_from_deferral is on
-- and the deferral ends after the due date (dim_dunning_level.count_from_deferral).
-- Escalation (dunning.yaml escalation_*): the level so found (base_level) is raised by
-- escalation_broken_promise_levels when the customer has a promise not kept in full (fct_promise status broken or
-- partly_kept) whose promise day fell within escalation_broken_promise_days days up to the month end, and by
-- escalation_blacklist_levels when the customer is blacklisted at the month end (mart_customer_credit); both add up,
-- capped at the top level. escalation_reason says which raised it.
-- Responsible: 业务员 = the invoice's person; 销售经理 / 销售总监 = the manager / director of the invoice's team
-- (dim_team); 财务 and 法务 are departments, not persons: responsible_id is NULL.
CREATE OR REPLACE VIEW mart_dunning AS
WITH item AS (
    SELECT
        oi.as_of, oi.period_key, oi.invoice_id, oi.customer_id, oi.person_id, oi.team_id, oi.invoice_date,
        oi.due_date, oi.deferred_until, oi.open_amount, oi.days_overdue, oi.aging_bucket,
        CASE
            WHEN oi.deferred_until > oi.due_date AND (SELECT bool_or(count_from_deferral) FROM dim_dunning_level)
                THEN CAST(oi.as_of - oi.deferred_until AS INTEGER)
            ELSE oi.days_overdue
        END AS days_past_due
    FROM fct_open_item oi
    WHERE oi.open_amount > 0
),
rule AS (
    SELECT max(level) AS top_level, max(escalation_broken_promise_levels) AS promise_levels,
        max(escalation_broken_promise_days) AS promise_days, max(escalation_blacklist_levels) AS blacklist_levels,
        list({'level': level, 'min_days': min_days_past_due, 'large_amount': large_amount,
              'large_min_days': large_min_days_past_due} ORDER BY level) AS levels
    FROM dim_dunning_level
),
based AS (
    -- the levels as a list on every row, not a correlated subquery: DuckDB decorrelates that into a delim join
    -- whose hash aggregate over every open item failed at 10 M invoices ("INTERNAL Error: Attempting to combine
    -- TupleDataCollection with mismatching types"; a SIGSEGV in the same stage before)
    SELECT
        i.*,
        list_max(list_transform(
            list_filter(r.levels, l -> i.days_past_due >= l.min_days
                OR (i.open_amount >= l.large_amount AND i.days_past_due >= l.large_min_days)),
            l -> l.level)) AS base_level
    FROM item i
    CROSS JOIN rule r
),
month_end AS (
    SELECT DISTINCT as_of FROM fct_open_item
),
broken AS (
    -- per customer and month end: the promises not kept in full whose day fell in the window, and what the latest of
    -- them left unpaid (several promises about one debt must not add up to more than was owed)
    SELECT m.as_of, p.customer_id, count(*) AS promises, arg_max(p.shortfall, strftime(p.status_date, '%Y%m%d') || p.contact_id) AS shortfall
    FROM fct_promise p
    CROSS JOIN rule r
    JOIN month_end m ON p.status_date <= m.as_of AND p.status_date > m.as_of - r.promise_days
    WHERE p.status IN ('broken', 'partly_kept') AND r.promise_levels > 0
    GROUP BY ALL
),
leveled AS (
    SELECT
        b.*,
        coalesce(CASE WHEN k.promises > 0 THEN r.promise_levels END, 0)
            + coalesce(CASE WHEN c.blacklisted THEN r.blacklist_levels END, 0) AS raise,
        least(b.base_level + coalesce(CASE WHEN k.promises > 0 THEN r.promise_levels END, 0)
            + coalesce(CASE WHEN c.blacklisted THEN r.blacklist_levels END, 0), r.top_level) AS level,
        nullif(concat_ws('；',
            CASE WHEN k.promises > 0 AND r.promise_levels > 0 THEN
                k.promises || ' 个付款承诺未兑现(最近一次差 ¥' || CAST(k.shortfall AS VARCHAR) || ') +' || r.promise_levels END,
            CASE WHEN c.blacklisted AND r.blacklist_levels > 0 THEN '黑名单客户 +' || r.blacklist_levels END), '') AS escalation_reason
    FROM based b
    CROSS JOIN rule r
    LEFT JOIN broken k ON k.as_of = b.as_of AND k.customer_id = b.customer_id
    LEFT JOIN mart_customer_credit c ON c.as_of = b.as_of AND c.customer_id = b.customer_id
    WHERE b.base_level IS NOT NULL
)
SELECT
    x.as_of, x.period_key, x.invoice_id, x.customer_id, x.person_id, x.team_id, x.invoice_date, x.due_date,
    x.deferred_until, x.open_amount, x.days_overdue, x.days_past_due, x.aging_bucket,
    x.base_level, x.level - x.base_level AS escalation_levels, x.escalation_reason,
    x.level, l.level_name, l.action, l.role,
    CASE l.role
        WHEN '业务员' THEN x.person_id
        WHEN '销售经理' THEN t.manager_id
        WHEN '销售总监' THEN t.director_id
    END AS responsible_id
FROM leveled x
JOIN dim_dunning_level l ON l.level = x.level
LEFT JOIN dim_team t ON t.team_id = x.team_id;
