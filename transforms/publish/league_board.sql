-- league_board — 排行榜(页面): mart_league with each unit's key metrics of the same period (mart_ar_metrics)
-- and the policy's name, for the 排行榜 pages (per period), the unit pages' rank history and the 经验交流会 pages.
-- Grain: (period_key, policy, level, unit_id): one row per row of mart_league.
-- Why a table: 51 period pages and every team and person page would each join mart_league (≈41 k rows) with
-- the full mart_ar_metrics; joined once here, a page filters one table. Sorted by (period_key, level,
-- policy_order, rank, unit_id): a period page gets its rows in rank order without an ORDER BY.
-- prev_*: the unit's value at the end of the previous period of the same grain (dim_period.prev_period_key:
-- the 经验交流会 page's DSO change and overdue reduction). movement_text, score_is_money (money-only policies
-- score in 元: max_score is null) and link are presentation only; every number is the marts' own.
-- bonus_points: the points of the unit's bonus items (mart_scores rows with points and no max_points, e.g. the
-- 回款任务考核's 连续3次特优/优加分): they are in total_score but not in max_score, which is why a total can be
-- 101 against 满分 100; pages show 满分 as 100 + 1 and say why.
CREATE OR REPLACE TABLE league_board AS
select
  l.period_key, l.grain, d.end_date, l.policy, pc.name as policy_name, pc.kind as policy_kind, pc.policy_order, l.level,
  l.unit_id, l.unit_name, l.team_id, t.team_name,
  l.total_score, l.max_score, l.max_score is null as score_is_money, coalesce(b.bonus_points, 0) as bonus_points, l.rank, l.prev_rank, l.movement,
  case
    when l.rank is null then '不参加排名'
    when l.prev_rank is null then '新'
    when l.movement > 0 then '↑' || l.movement
    when l.movement < 0 then '↓' || (-l.movement)
    else '—'
  end as movement_text,
  l.team_rank, l.grade, l.collection_rate_target,
  m.sales, m.collections, m.collection_target, m.ar_balance, m.overdue_amount, m.overdue_rate, m.dso, m.cei,
  prev.dso as prev_dso, prev.overdue_amount as prev_overdue_amount,
  case l.level when 'person' then '/people/' else '/teams/' end || l.unit_id || '/' as link
from mart_league l
join policy_catalog pc on pc.policy = l.policy
join dim_period d on d.period_key = l.period_key
left join dim_team t on t.team_id = l.team_id
left join mart_ar_metrics m
  on m.period_key = l.period_key and m.level = l.level and m.unit_id = l.unit_id
left join mart_ar_metrics prev
  on prev.period_key = d.prev_period_key and prev.level = l.level and prev.unit_id = l.unit_id
left join (
  select period_key, policy, level, unit_id, sum(points) as bonus_points
  from mart_scores
  where points is not null and max_points is null
  group by all
) b on b.period_key = l.period_key and b.policy = l.policy and b.level = l.level and b.unit_id = l.unit_id
order by l.period_key, l.level, pc.policy_order, l.rank, l.unit_id;
