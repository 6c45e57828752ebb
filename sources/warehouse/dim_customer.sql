-- dim_customer: exposed to pages as warehouse.dim_customer (one source per contract table: docs/architecture.md, The warehouse contract)
select * from dim_customer
