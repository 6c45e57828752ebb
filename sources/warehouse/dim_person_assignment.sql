-- dim_person_assignment: exposed to pages as warehouse.dim_person_assignment (one source per contract table: docs/architecture.md, The warehouse contract)
select * from dim_person_assignment
