-- dim_aging_bucket: the aging buckets of both bases with their Chinese labels and order (transforms/model/staging/dim_aging_bucket.sql)
select * from dim_aging_bucket
