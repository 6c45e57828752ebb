-- dim_period: exposed to pages as warehouse.dim_period (one source per contract table: docs/architecture.md, The warehouse contract)
select * from dim_period
