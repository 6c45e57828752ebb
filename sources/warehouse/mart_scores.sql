-- mart_scores: exposed to pages as warehouse.mart_scores (one source per contract table: docs/architecture.md, The warehouse contract)
select * from mart_scores
