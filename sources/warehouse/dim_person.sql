-- dim_person: exposed to pages as warehouse.dim_person (one source per contract table: docs/architecture.md, The warehouse contract)
select * from dim_person
