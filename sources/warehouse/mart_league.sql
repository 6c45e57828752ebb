-- mart_league: exposed to pages as warehouse.mart_league (one source per contract table, SPEC §7; see docs/architecture.md)
select * from mart_league
