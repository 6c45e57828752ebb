-- 季度经验交流会 (seed 001 「应收账款考核制度」: 定期组织经验交流会议, 分享优秀个人的回款经验): for every quarter
-- the top 10 persons of the 回款任务考核 league (collection_task; mart_league through league_board), with the
-- evidence of why: collection rate against target, CEI, DSO and its change on the previous quarter end, and how
-- much their overdue balance fell over the quarter. Every figure is a mart_league / mart_ar_metrics value of the
-- quarter (league_board carries the unit's metrics and its previous-quarter values); the two changes are
-- differences of those values. league_board is in (period, level, policy, rank) order.
select
  period_key, rank, unit_id, unit_name, team_id, team_name, grade, total_score, max_score,
  collection_rate_target, collections, collection_target, sales, cei, dso, prev_dso,
  dso - prev_dso as dso_change,
  prev_overdue_amount, overdue_amount, prev_overdue_amount - overdue_amount as overdue_reduction,
  overdue_rate, link
from warehouse.league_board
where grain = 'quarter' and policy = 'collection_task' and level = 'person' and rank <= 10
