-- dim_period: exposed to pages as warehouse.dim_period (one source per contract table, SPEC §7; see docs/architecture.md)
select * from dim_period
