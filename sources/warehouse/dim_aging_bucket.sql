-- dim_aging_bucket: the aging buckets of both bases with their Chinese labels and display order (SPEC §4/§7).
-- Pages join it to show every bucket in order, including the empty ones mart_aging.sql leaves out.
select * from dim_aging_bucket
