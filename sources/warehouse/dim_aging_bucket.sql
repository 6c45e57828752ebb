-- dim_aging_bucket: exposed to pages as warehouse.dim_aging_bucket (see docs/architecture.md)
select * from dim_aging_bucket
