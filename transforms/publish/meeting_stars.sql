-- meeting_stars — 回款之星: for every quarter, the persons the 季度经验交流会 presents (seed 001 「应收账款考核制度」:
-- 定期组织经验交流会议, 分享优秀个人的回款经验), chosen from the 回款任务考核 (collection_task) quarterly person
-- league by the policy's own parameters (policies/collection_task.yaml, read from policy_parameters):
--   meeting_star_order                ordered by these, best first, each higher-is-better: total_score (the
--                                     league's score, with its bonus), cei, collection_rate, overdue_reduction;
--   meeting_star_overdue_not_rising   a person whose overdue balance rose over the quarter is not a star;
--   meeting_star_dso_not_worse        nor one whose DSO at the quarter end is longer than at the previous one;
--   meeting_star_count                how many stars.
-- Why: the league ranks by score alone; the organiser would not present someone with a high score whose overdue
-- balance grows (issue 17). The rows also hold the persons the bar kept out who rank within the star count, with
-- the reason, so the page can say who was passed over and why.
-- Grain: (period_key, unit_id): the stars of each quarter, and the league's top persons the bar kept out.
-- dso_change = dso − prev_dso; overdue_reduction = prev_overdue_amount − overdue_amount (a previous quarter
-- without a balance counts as 0). Sorted by (period_key, star_rank NULLS LAST, rank, unit_id).
CREATE OR REPLACE TABLE meeting_stars AS
with params as (
  select
    max(case when parameter = 'meeting_star_count' then cast(value as integer) end) as star_count,
    max(case when parameter = 'meeting_star_order' then json_extract_string(value, '$[0]') end) as key1,
    max(case when parameter = 'meeting_star_order' then json_extract_string(value, '$[1]') end) as key2,
    max(case when parameter = 'meeting_star_order' then json_extract_string(value, '$[2]') end) as key3,
    bool_or(parameter = 'meeting_star_overdue_not_rising' and value = 'true') as overdue_bar,
    bool_or(parameter = 'meeting_star_dso_not_worse' and value = 'true') as dso_bar
  from policy_parameters
  where policy = 'collection_task'
),
candidates as (
  select b.*,
         b.dso - b.prev_dso as dso_change,
         coalesce(b.prev_overdue_amount, 0) - coalesce(b.overdue_amount, 0) as overdue_reduction,
         p.overdue_bar and coalesce(b.overdue_amount, 0) > coalesce(b.prev_overdue_amount, 0) as overdue_rose,
         p.dso_bar and b.dso > b.prev_dso as dso_worse,
         p.star_count, p.key1, p.key2, p.key3
  from league_board b cross join params p
  where b.grain = 'quarter' and b.policy = 'collection_task' and b.level = 'person' and b.rank is not null
),
keyed as (
  select *,
         not (overdue_rose or coalesce(dso_worse, false)) as eligible,
         case key1 when 'total_score' then total_score when 'cei' then cei when 'collection_rate' then collection_rate_target
                   when 'overdue_reduction' then overdue_reduction end as k1,
         case key2 when 'total_score' then total_score when 'cei' then cei when 'collection_rate' then collection_rate_target
                   when 'overdue_reduction' then overdue_reduction end as k2,
         case key3 when 'total_score' then total_score when 'cei' then cei when 'collection_rate' then collection_rate_target
                   when 'overdue_reduction' then overdue_reduction end as k3
  from candidates
),
ranked as (
  select *,
         case when eligible then row_number() over (
           partition by period_key, eligible order by k1 desc nulls last, k2 desc nulls last, k3 desc nulls last, unit_id
         ) end as eligible_rank
  from keyed
)
select period_key, cast(case when eligible_rank <= star_count then eligible_rank end as integer) as star_rank, rank,
       unit_id, unit_name, team_id, team_name, grade, total_score, max_score, bonus_points,
       collection_rate_target, collections, collection_target, cei, dso, prev_dso, dso_change,
       prev_overdue_amount, overdue_amount, overdue_reduction, eligible,
       case
         when overdue_rose and coalesce(dso_worse, false) then '逾期余额上升且 DSO 变长'
         when overdue_rose then '逾期余额上升'
         when dso_worse then 'DSO 变长'
       end as exclusion,
       link
from ranked
where eligible_rank <= star_count or (not eligible and rank <= star_count)
order by period_key, star_rank nulls last, rank, unit_id;
