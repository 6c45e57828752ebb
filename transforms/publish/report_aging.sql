-- report_aging — 月报账龄: the company's aging at every month end, both bases, every bucket (zero ones too)
-- with its Chinese label, group and order (mart_aging ⨝ dim_aging_bucket), for the monthly report's aging
-- charts (≈540 rows, instead of scanning mart_aging on every report page).
-- Grain: (period_key, basis, bucket): the company at each month end.
-- Sorted by (period_key, basis, bucket_order): the charts show the buckets in that order without an ORDER BY.
CREATE OR REPLACE TABLE report_aging AS
select a.period_key, a.as_of, a.basis, a.bucket, b.bucket_order, b.bucket_label, b.bucket_group, a.amount, a.items
from mart_aging a
join dim_aging_bucket b on b.basis = a.basis and b.bucket = a.bucket
where a.grain = 'month' and a.level = 'company'
order by a.period_key, a.basis, b.bucket_order;
