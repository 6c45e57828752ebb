-- mart_league: exposed to pages as warehouse.mart_league (see docs/architecture.md)
select * from mart_league
