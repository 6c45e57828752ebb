-- mart_scores: exposed to pages as warehouse.mart_scores (one source per contract table, SPEC §7; see docs/architecture.md)
select * from mart_scores
