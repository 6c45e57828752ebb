-- unit_scores_latest: the unit pages' score breakdown of the latest month, quarter and year (transforms/publish/unit_scores_latest.sql)
select * from unit_scores_latest
