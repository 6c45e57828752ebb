-- mart_aging: aging by bucket, long form, every level (transforms/model/marts/mart_aging.sql)
select * from mart_aging
