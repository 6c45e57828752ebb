-- worklist_level_summary: the /worklist/ page: items to act on by team and level (transforms/publish/worklist_level_summary.sql)
select * from worklist_level_summary
