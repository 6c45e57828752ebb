-- dim_team: exposed to pages as warehouse.dim_team (one source per contract table, SPEC §7; see docs/architecture.md)
select * from dim_team
