-- mart_league: exposed to pages as warehouse.mart_league (one source per contract table: docs/architecture.md, The warehouse contract)
select * from mart_league
