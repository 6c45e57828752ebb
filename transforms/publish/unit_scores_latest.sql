-- unit_scores_latest — 最新考核得分明细: the score breakdown (mart_scores: item, points, max, amount, note) of
-- every team and person for the latest month, quarter and year, with the policy's name: the 考核得分明细 of the
-- unit pages.
-- Grain: (level, unit_id, grain, policy, item_order) for the periods ending at the last month end (one month,
-- one quarter, one year).
-- Sorted by (level, unit_id, grain month → quarter → year, policy_order, item_order) so a unit page needs no
-- ORDER BY (see unit_month_metrics). Older periods: mart_scores.
CREATE OR REPLACE TABLE unit_scores_latest AS
select s.level, s.unit_id, s.grain, s.period_key, s.policy, pc.name as policy_name, pc.policy_order,
       s.item_order, s.item, s.points, s.max_points, s.amount, s.note
from mart_scores s
join policy_catalog pc on pc.policy = s.policy
join dim_period d on d.period_key = s.period_key
where d.end_date = (select max(end_date) from dim_period where grain = 'month')
order by s.level, s.unit_id, case s.grain when 'month' then 1 when 'quarter' then 2 else 3 end,
         pc.policy_order, s.item_order;
