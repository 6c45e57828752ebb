-- mart_aging — 账龄分析: open AR by aging bucket, for both bases, every period, level and unit.
-- Grain: (period_key, level, unit_id, basis, bucket). Every bucket of both bases is present (amount 0,
-- items 0 when empty) for each unit and period with open AR at the period's as_of_date, so a page can
-- draw the full ladder without filling gaps. Amounts are at the period end (a quarter's aging is the aging
-- at its last month end); Σ amount over the buckets of one basis = ar_balance in mart_ar_metrics.
-- Sorted on integer keys (int_unit.unit_seq = level, unit_id order): 7 M+ rows sort much faster than on strings.
-- basis 'due' = 逾期账龄 (days past due), 'age' = 账龄 (days since invoice date); see dim_aging_bucket.
CREATE OR REPLACE TABLE mart_aging AS
WITH item AS (
    SELECT as_of, customer_id, person_id, team_id, aging_bucket, age_bucket, sum(open_amount) AS amount, count(*) AS items
    FROM fct_open_item
    GROUP BY ALL
),
unit_item AS (
    SELECT i.as_of, l.level, unit_at(l.level, i.customer_id, i.person_id, i.team_id) AS unit_id,
        i.aging_bucket, i.age_bucket, i.amount, i.items
    FROM item i
    CROSS JOIN unit_levels() l
),
bucket_total AS (
    SELECT as_of, level, unit_id, 'due' AS basis, aging_bucket AS bucket, sum(amount) AS amount, sum(items) AS items
    FROM unit_item
    GROUP BY ALL
    UNION ALL
    SELECT as_of, level, unit_id, 'age', age_bucket, sum(amount), sum(items)
    FROM unit_item
    GROUP BY ALL
),
unit_as_of AS (
    SELECT t.as_of, t.level, t.unit_id, u.unit_seq
    FROM (SELECT DISTINCT as_of, level, unit_id FROM bucket_total) t
    JOIN int_unit u USING (level, unit_id)
)
SELECT
    p.period_key,
    p.grain,
    u.level,
    u.unit_id,
    b.basis,
    b.bucket,
    b.bucket_order,
    b.bucket_label,
    u.as_of,
    money(coalesce(t.amount, 0)) AS amount,
    CAST(coalesce(t.items, 0) AS INTEGER) AS items
FROM unit_as_of u
JOIN dim_period p ON p.as_of_date = u.as_of
CROSS JOIN dim_aging_bucket b
LEFT JOIN bucket_total t ON t.as_of = u.as_of AND t.level = u.level AND t.unit_id = u.unit_id
    AND t.basis = b.basis AND t.bucket = b.bucket
ORDER BY grain_order(p.grain), p.start_date, u.unit_seq, b.basis = 'age', b.bucket_order;
