-- dim_aging_bucket — 账龄区间: the aging buckets (docs/metrics.md, Aging buckets) with their labels and day ranges.
-- Grain: (basis, bucket). basis 'due' = 逾期账龄 by days past the due date (days_overdue ≤ 0 is not due);
-- basis 'age' = 账龄 by days since the invoice date (seed 001 应收账款管理办法: 一年以内 split in five,
-- then 1–2, 2–3 and over 3 years).
-- The thresholds are defined once, in the due_bucket() / age_bucket() macros (transforms/model/macros.sql)
-- that fct_open_item uses; min_days / max_days are read back from those macros over day counts −10000 …
-- 10000 (inclusive; NULL = unbounded), so this table and the open items cannot disagree.
CREATE OR REPLACE TABLE dim_aging_bucket AS
WITH label (basis, bucket, bucket_order, bucket_label, bucket_group) AS (
    VALUES
        ('due', 'not_due', 1, '未到期', '未到期'),
        ('due', '1-30', 2, '逾期1-30天', '已逾期'),
        ('due', '31-60', 3, '逾期31-60天', '已逾期'),
        ('due', '61-90', 4, '逾期61-90天', '已逾期'),
        ('due', '91-180', 5, '逾期91-180天', '已逾期'),
        ('due', '181-365', 6, '逾期181-365天', '已逾期'),
        ('due', '365+', 7, '逾期365天以上', '已逾期'),
        ('age', '0-30', 1, '30天以内', '一年以内'),
        ('age', '31-60', 2, '31-60天', '一年以内'),
        ('age', '61-90', 3, '61-90天', '一年以内'),
        ('age', '91-180', 4, '91-180天', '一年以内'),
        ('age', '181-365', 5, '181-365天', '一年以内'),
        ('age', '1-2y', 6, '一年以上两年以内', '一年以上两年以内'),
        ('age', '2-3y', 7, '两年以上三年以内', '两年以上三年以内'),
        ('age', '3y+', 8, '三年以上', '三年以上')
),
probe AS (
    SELECT 'due' AS basis, due_bucket(d) AS bucket, d FROM range(-10000, 10001) r(d)
    UNION ALL
    SELECT 'age', age_bucket(d), d FROM range(0, 10001) r(d)
),
bounds AS (
    SELECT
        basis,
        bucket,
        CASE WHEN min(d) = -10000 THEN NULL ELSE min(d) END AS min_days,
        CASE WHEN max(d) = 10000 THEN NULL ELSE max(d) END AS max_days
    FROM probe
    GROUP BY basis, bucket
)
SELECT
    l.basis,
    l.bucket,
    CAST(l.bucket_order AS INTEGER) AS bucket_order,
    l.bucket_label,
    l.bucket_group,
    CAST(b.min_days AS INTEGER) AS min_days,
    CAST(b.max_days AS INTEGER) AS max_days
FROM label l
JOIN bounds b USING (basis, bucket)
ORDER BY l.basis DESC, l.bucket_order;
