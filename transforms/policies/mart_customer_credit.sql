-- mart_customer_credit — 客户信用等级与黑名单: every customer at every month end with its credit grade, the score
-- parts it comes from and whether it is blacklisted (policies/credit.yaml through credit_param, credit_tier and
-- dim_credit_grade, written by transforms/policies/credit.ts just before this file runs).
-- Grain: (as_of, customer_id), the customers of mart_ar_metrics (level customer, month) that at that month end
-- have AR, or paid, broke a promise or had a write-off within the window (lookback_months month ends, the
-- as_of's own month included). Customers without any of these are not graded that month.
-- Score parts (docs/policies.md, 客户信用等级): days late = Σ(receipt application × days past the due date on the
-- receipt's date, 0 when not yet due) / Σ applications, over receipts dated in the window (none: the top tier);
-- overdue share = overdue_amount / ar_balance at the month end (no AR: the top tier); broken promises = promises
-- of fct_promise with status broken (nothing paid by the day: a part paid is kept in part) whose status_date is in the window; write-offs = fct_writeoff
-- dated in the window; limit usage = ar_balance / credit_limit (no limit set, or no AR: the top tier; a limit of
-- 0 with AR: 0 points). A tiered part earns the points of the first tier whose bound the value does not exceed,
-- 0 above the last. Grade: the best grade whose min_score the score reaches.
-- Blacklist: a month end triggers it when an open item is more than blacklist_overdue_days overdue, the window
-- holds a write-off (blacklist_on_writeoff) or at least blacklist_broken_promises broken promises; the customer is
-- blacklisted from that month end until blacklist_clear_months month ends in a row have triggered nothing, and
-- takes blacklist_grade whatever its score. previous_grade is the grade at the month end before (NULL when the
-- customer was not graded then); since is the first month end of the current run of the same grade.
CREATE OR REPLACE TABLE mart_customer_credit AS
WITH param AS (
    SELECT * FROM credit_param
),
month_end AS (
    SELECT period_key, as_of_date AS as_of, year(as_of_date) * 12 + month(as_of_date) - 1 AS m
    FROM dim_period
    WHERE grain = 'month'
),
grid AS (
    SELECT a.unit_id AS customer_id, me.period_key, me.as_of, me.m, a.ar_balance, a.overdue_amount
    FROM mart_ar_metrics a
    JOIN month_end me USING (period_key)
    WHERE a.level = 'customer' AND a.grain = 'month'
),
paid_month AS (
    SELECT customer_id, year(source_date) * 12 + month(source_date) - 1 AS m,
        sum(amount) AS paid, sum(amount * greatest(source_date - due_date, 0)) AS paid_days
    FROM fct_application
    WHERE source_type = 'receipt' AND amount > 0
    GROUP BY ALL
),
broken_month AS (
    SELECT customer_id, year(status_date) * 12 + month(status_date) - 1 AS m, count(*) AS broken
    FROM fct_promise
    WHERE status = 'broken'
    GROUP BY ALL
),
writeoff_month AS (
    SELECT customer_id, year(writeoff_date) * 12 + month(writeoff_date) - 1 AS m, sum(amount) AS written_off
    FROM fct_writeoff
    GROUP BY ALL
),
activity AS (
    -- every month with something of a customer, expanded to the month ends whose window holds it
    SELECT customer_id, m, paid, paid_days, 0 AS broken, 0 AS written_off FROM paid_month
    UNION ALL SELECT customer_id, m, 0, 0, broken, 0 FROM broken_month
    UNION ALL SELECT customer_id, m, 0, 0, 0, written_off FROM writeoff_month
),
flow AS (
    SELECT g.customer_id, g.m,
        sum(a.paid) AS paid, sum(a.paid_days) AS paid_days,
        CAST(coalesce(sum(a.broken), 0) AS INTEGER) AS broken_promises,
        CAST(coalesce(sum(a.written_off), 0) AS DECIMAL(18,2)) AS writeoff_amount
    FROM grid g
    CROSS JOIN param
    JOIN activity a ON a.customer_id = g.customer_id AND a.m BETWEEN g.m - param.lookback_months + 1 AND g.m
    GROUP BY ALL
),
overdue_max AS (
    SELECT customer_id, period_key, max(days_overdue) AS max_days_overdue
    FROM fct_open_item
    WHERE open_amount > 0
    GROUP BY ALL
),
measured AS (
    SELECT
        g.as_of, g.period_key, g.m, g.customer_id, c.customer_name, c.owner_id, c.credit_limit,
        CAST(g.ar_balance AS DECIMAL(18,2)) AS ar_balance, CAST(g.overdue_amount AS DECIMAL(18,2)) AS overdue_amount,
        coalesce(o.max_days_overdue, 0) AS max_days_overdue,
        CASE WHEN f.paid > 0 THEN round(CAST(f.paid_days AS DOUBLE) / CAST(f.paid AS DOUBLE), 1) END AS days_late,
        CASE WHEN g.ar_balance > 0 THEN round(CAST(g.overdue_amount AS DOUBLE) / CAST(g.ar_balance AS DOUBLE) * 100, 1) END AS overdue_share_pct,
        coalesce(f.broken_promises, 0) AS broken_promises,
        coalesce(f.writeoff_amount, 0) AS writeoff_amount,
        CASE WHEN g.ar_balance > 0 AND c.credit_limit > 0 THEN round(CAST(g.ar_balance AS DOUBLE) / CAST(c.credit_limit AS DOUBLE) * 100, 1) END AS limit_usage_pct,
        g.ar_balance > 0 AND c.credit_limit = 0 AS cash_only_with_ar
    FROM grid g
    LEFT JOIN flow f ON f.customer_id = g.customer_id AND f.m = g.m
    LEFT JOIN overdue_max o ON o.customer_id = g.customer_id AND o.period_key = g.period_key
    LEFT JOIN dim_customer c ON c.customer_id = g.customer_id
    WHERE g.ar_balance <> 0 OR f.customer_id IS NOT NULL
),
tiers AS (
    -- each part's tiers as a list (first tier first) and its top points, and the grades best first: looked up on
    -- every row with list_filter, not with correlated subqueries, which DuckDB turns into delim joins over the
    -- whole table (one of them failed at 10 M invoices in mart_dunning, see there)
    SELECT
        list({'max_value': max_value, 'points': points} ORDER BY tier) FILTER (WHERE part = 'days_late') AS days_late,
        list({'max_value': max_value, 'points': points} ORDER BY tier) FILTER (WHERE part = 'overdue_share') AS overdue_share,
        list({'max_value': max_value, 'points': points} ORDER BY tier) FILTER (WHERE part = 'limit_usage') AS limit_usage,
        min(points) FILTER (WHERE part = 'days_late' AND tier = 1) AS days_late_top,
        min(points) FILTER (WHERE part = 'overdue_share' AND tier = 1) AS overdue_share_top,
        min(points) FILTER (WHERE part = 'limit_usage' AND tier = 1) AS limit_usage_top,
        (SELECT list({'grade': grade, 'min_score': min_score} ORDER BY grade_order) FROM dim_credit_grade) AS grades
    FROM credit_tier
),
scored AS (
    SELECT
        x.*,
        CASE WHEN x.days_late IS NULL THEN tiers.days_late_top
             ELSE coalesce(list_filter(tiers.days_late, t -> x.days_late <= t.max_value)[1].points, 0)
        END AS days_late_points,
        CASE WHEN x.overdue_share_pct IS NULL THEN tiers.overdue_share_top
             ELSE coalesce(list_filter(tiers.overdue_share, t -> x.overdue_share_pct <= t.max_value)[1].points, 0)
        END AS overdue_points,
        CAST(greatest(param.broken_promise_points - param.broken_promise_deduction * x.broken_promises, 0) AS DECIMAL(6,2)) AS promise_points,
        CAST(CASE WHEN x.writeoff_amount > 0 THEN 0 ELSE param.writeoff_points END AS DECIMAL(6,2)) AS writeoff_points,
        CASE WHEN x.cash_only_with_ar THEN 0
             WHEN x.limit_usage_pct IS NULL THEN tiers.limit_usage_top
             ELSE coalesce(list_filter(tiers.limit_usage, t -> x.limit_usage_pct <= t.max_value)[1].points, 0)
        END AS limit_points,
        x.max_days_overdue > param.blacklist_overdue_days AS trigger_overdue,
        param.blacklist_on_writeoff AND x.writeoff_amount > 0 AS trigger_writeoff,
        x.broken_promises >= param.blacklist_broken_promises AS trigger_promises,
        param.blacklist_clear_months, param.blacklist_grade, param.blacklist_overdue_days
    FROM measured x
    CROSS JOIN param
    CROSS JOIN tiers
),
totals AS (
    SELECT s.*,
        CAST(s.days_late_points + s.overdue_points + s.promise_points + s.writeoff_points + s.limit_points AS DECIMAL(6,2)) AS score,
        s.trigger_overdue OR s.trigger_writeoff OR s.trigger_promises AS blacklist_trigger
    FROM scored s
),
listed AS (
    SELECT t.*,
        max(CASE WHEN t.blacklist_trigger THEN t.m END) OVER (PARTITION BY t.customer_id ORDER BY t.m ROWS UNBOUNDED PRECEDING) AS last_trigger_m,
        list_filter(tiers.grades, g -> t.score >= g.min_score)[1].grade AS score_grade
    FROM totals t
    CROSS JOIN tiers
),
graded AS (
    SELECT l.*,
        coalesce(l.m - l.last_trigger_m < l.blacklist_clear_months, false) AS blacklisted
    FROM listed l
),
graded2 AS (
    SELECT g.*,
        CASE WHEN g.blacklisted THEN g.blacklist_grade ELSE g.score_grade END AS grade,
        lag(g.m) OVER w AS prev_m,
        lag(CASE WHEN g.blacklisted THEN g.blacklist_grade ELSE g.score_grade END) OVER w AS prev_grade_any,
        lag(g.blacklisted) OVER w AS prev_blacklisted_any
    FROM graded g
    WINDOW w AS (PARTITION BY g.customer_id ORDER BY g.m)
),
runs AS (
    SELECT r.*,
        CASE WHEN r.prev_m = r.m - 1 THEN r.prev_grade_any END AS previous_grade,
        sum(CASE WHEN r.prev_m = r.m - 1 AND r.prev_grade_any = r.grade THEN 0 ELSE 1 END) OVER w AS grade_run,
        sum(CASE WHEN r.blacklisted AND r.prev_m = r.m - 1 AND r.prev_blacklisted_any THEN 0 ELSE 1 END) OVER w AS list_run
    FROM graded2 r
    WINDOW w AS (PARTITION BY r.customer_id ORDER BY r.m ROWS UNBOUNDED PRECEDING)
)
SELECT
    r.as_of,
    r.period_key,
    r.customer_id,
    r.customer_name,
    r.owner_id,
    r.grade,
    r.previous_grade,
    min(r.as_of) OVER (PARTITION BY r.customer_id, r.grade_run) AS since,
    r.score,
    r.score_grade,
    d.terms,
    r.days_late,
    r.days_late_points,
    r.overdue_share_pct,
    r.overdue_points,
    r.broken_promises,
    r.promise_points,
    r.writeoff_amount,
    r.writeoff_points,
    r.limit_usage_pct,
    r.limit_points,
    r.ar_balance,
    r.overdue_amount,
    r.credit_limit,
    r.max_days_overdue,
    r.blacklisted,
    r.blacklist_trigger,
    CASE WHEN r.blacklisted THEN min(r.as_of) OVER (PARTITION BY r.customer_id, r.list_run) END AS blacklisted_since,
    CASE
        WHEN r.blacklist_trigger THEN
            '黑名单: ' || concat_ws('；',
                CASE WHEN r.trigger_overdue THEN '最长逾期 ' || r.max_days_overdue || ' 天, 超过 ' || r.blacklist_overdue_days || ' 天' END,
                CASE WHEN r.trigger_writeoff THEN '近期坏账核销 ¥' || CAST(r.writeoff_amount AS VARCHAR) END,
                CASE WHEN r.trigger_promises THEN '近期 ' || r.broken_promises || ' 次承诺未兑现' END)
        WHEN r.blacklisted THEN
            '黑名单观察期: 最近一次触发在 ' || strftime(make_date(CAST(r.last_trigger_m // 12 AS BIGINT), CAST(r.last_trigger_m % 12 + 1 AS BIGINT), 1), '%Y-%m')
            || ', 连续 ' || r.blacklist_clear_months || ' 个月末不再触发后移出'
        WHEN r.last_trigger_m IS NOT NULL AND r.m - r.last_trigger_m = r.blacklist_clear_months THEN
            '移出黑名单: 连续 ' || r.blacklist_clear_months || ' 个月末未触发; 按得分 ' || CAST(r.score AS VARCHAR) || ' 定级'
        ELSE '按得分 ' || CAST(r.score AS VARCHAR) || ' 定级'
    END AS reason
FROM runs r
LEFT JOIN dim_credit_grade d ON d.grade = r.grade
ORDER BY r.as_of, r.customer_id;
