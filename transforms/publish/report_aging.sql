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

COMMENT ON TABLE report_aging IS '月报账龄 / The company''s aging at each month end, both bases, every bucket with its label and group: the monthly report';
COMMENT ON COLUMN report_aging.period_key IS '月份 / Month (YYYY-MM)';
COMMENT ON COLUMN report_aging.as_of IS '截止日 / The month end (mart_aging.as_of)';
COMMENT ON COLUMN report_aging.basis IS '口径 / due: by days past due (逾期账龄); age: by days since invoice date (账龄)';
COMMENT ON COLUMN report_aging.bucket IS '区间 / Bucket code (dim_aging_bucket)';
COMMENT ON COLUMN report_aging.bucket_order IS '顺序 / Display order within the basis, 1-based';
COMMENT ON COLUMN report_aging.bucket_label IS '区间名称 / dim_aging_bucket.bucket_label';
COMMENT ON COLUMN report_aging.bucket_group IS '大类 / dim_aging_bucket.bucket_group: 未到期/已逾期 (due), 一年以内 … 三年以上 (age)';
COMMENT ON COLUMN report_aging.amount IS '金额 / mart_aging.amount: Σ open_amount in the bucket (0 when empty)';
COMMENT ON COLUMN report_aging.items IS '笔数 / mart_aging.items: open items in the bucket';
