-- mart_scores: exposed to pages as warehouse.mart_scores (see docs/architecture.md)
select * from mart_scores
