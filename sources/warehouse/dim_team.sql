-- dim_team: exposed to pages as warehouse.dim_team (one source per contract table: docs/architecture.md, The warehouse contract)
select * from dim_team
