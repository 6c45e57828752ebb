-- dim_person: exposed to pages as warehouse.dim_person (see docs/architecture.md)
select * from dim_person
