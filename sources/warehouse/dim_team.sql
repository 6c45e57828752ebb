-- dim_team: exposed to pages as warehouse.dim_team (see docs/architecture.md)
select * from dim_team
