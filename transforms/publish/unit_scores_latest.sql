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

COMMENT ON TABLE unit_scores_latest IS '最新考核得分明细 / mart_scores of the month, quarter and year ending at the last month end, with the policy name: the unit pages'' score breakdown';
COMMENT ON COLUMN unit_scores_latest.level IS '层级 / team or person';
COMMENT ON COLUMN unit_scores_latest.unit_id IS '团队或人员 / team_id or person_id';
COMMENT ON COLUMN unit_scores_latest.grain IS '粒度 / month, quarter or year';
COMMENT ON COLUMN unit_scores_latest.period_key IS '期间 / The period of that grain ending at the last month end';
COMMENT ON COLUMN unit_scores_latest.policy IS '考核政策 / Policy id (policy_catalog)';
COMMENT ON COLUMN unit_scores_latest.policy_name IS '政策名称 / policy_catalog.name';
COMMENT ON COLUMN unit_scores_latest.policy_order IS '政策顺序 / policy_catalog.policy_order';
COMMENT ON COLUMN unit_scores_latest.item_order IS '序号 / mart_scores.item_order';
COMMENT ON COLUMN unit_scores_latest.item IS '考核项目 / mart_scores.item';
COMMENT ON COLUMN unit_scores_latest.points IS '得分 / mart_scores.points; NULL for money items, flags and items without input';
COMMENT ON COLUMN unit_scores_latest.max_points IS '满分 / mart_scores.max_points';
COMMENT ON COLUMN unit_scores_latest.amount IS '金额 / mart_scores.amount: + commission, reward, refund; − penalty, deduction, compensation';
COMMENT ON COLUMN unit_scores_latest.note IS '说明 / mart_scores.note: the inputs and the rule applied';
