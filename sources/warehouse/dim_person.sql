-- dim_person: exposed to pages as warehouse.dim_person (one source per contract table, SPEC §7; see docs/architecture.md)
select * from dim_person
