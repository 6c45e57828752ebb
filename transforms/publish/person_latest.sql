-- person_latest — 人员一览: one row per person with the latest month-end metrics (mart_ar_metrics, level person)
-- and the month's 回款任务考核 place (mart_league, collection_task: rank, team_rank, grade): the /people/ index
-- and the members table of team pages (≈150 rows; the index re-queries it in the browser).
-- Grain: person_id: every person of dim_person, metrics and place NULL when absent in the latest month.
-- Sorted by (team_id, team_rank, person_id).
CREATE OR REPLACE TABLE person_latest AS
with latest as (select max(period_key) as period_key from dim_period where grain = 'month')
select p.person_id, p.person_name, p.role, p.team_id, p.team_name, p.manager_id, p.region,
       m.period_key, m.end_date, m.ar_balance, m.overdue_amount, m.overdue_rate, m.collections,
       m.collection_target, m.collection_rate_target, m.dso,
       l.rank, l.team_rank, l.grade, l.total_score, '/people/' || p.person_id || '/' as link
from dim_person p
cross join latest x
left join mart_ar_metrics m
  on m.grain = 'month' and m.level = 'person' and m.unit_id = p.person_id and m.period_key = x.period_key
left join mart_league l
  on l.policy = 'collection_task' and l.level = 'person' and l.unit_id = p.person_id and l.period_key = x.period_key
order by p.team_id, l.team_rank nulls last, p.person_id;
