-- dim_customer: exposed to pages as warehouse.dim_customer (one source per contract table, SPEC §7; see docs/architecture.md)
select * from dim_customer
