-- dim_period: exposed to pages as warehouse.dim_period (see docs/architecture.md)
select * from dim_period
