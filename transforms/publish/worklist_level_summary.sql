-- worklist_level_summary — 催收级别汇总: the open items to act on at the latest month end by team and dunning
-- level (mart_dunning): the /worklist/ page's chart and table, for managers.
-- Grain: (team_id, level): every team with items and every level of dim_dunning_level that has items in it;
-- team_id '_unassigned' for items whose invoice has no team.
-- Sorted by (team_id, level).
CREATE OR REPLACE TABLE worklist_level_summary AS
select d.as_of, d.period_key, coalesce(d.team_id, '_unassigned') as team_id,
       coalesce(t.team_name, '未分配') as team_name, d.level, d.level_name, d.action, d.role,
       cast(count(*) as integer) as items, cast(count(distinct d.customer_id) as integer) as customers, cast(sum(d.open_amount) as decimal(18,2)) as open_amount
from mart_dunning d
left join dim_team t on t.team_id = d.team_id
where d.as_of = (select max(as_of) from fct_open_item)
group by all
order by team_id, d.level;

COMMENT ON TABLE worklist_level_summary IS '催收级别汇总 / Open items to act on at the latest month end by team and dunning level (mart_dunning)';
COMMENT ON COLUMN worklist_level_summary.as_of IS '月末 / The latest month end';
COMMENT ON COLUMN worklist_level_summary.period_key IS '月份 / Month of as_of';
COMMENT ON COLUMN worklist_level_summary.team_id IS '团队 / The invoices'' team; _unassigned when none';
COMMENT ON COLUMN worklist_level_summary.team_name IS '团队名称 / Team name (未分配 for _unassigned)';
COMMENT ON COLUMN worklist_level_summary.level IS '催收级别 / dim_dunning_level.level';
COMMENT ON COLUMN worklist_level_summary.level_name IS '级别名称 / dim_dunning_level.level_name';
COMMENT ON COLUMN worklist_level_summary.action IS '催收动作 / dim_dunning_level.action';
COMMENT ON COLUMN worklist_level_summary.role IS '负责人 / dim_dunning_level.role';
COMMENT ON COLUMN worklist_level_summary.items IS '笔数 / Open items at the level';
COMMENT ON COLUMN worklist_level_summary.customers IS '客户数 / Distinct customers of those items';
COMMENT ON COLUMN worklist_level_summary.open_amount IS '未收金额 / Σ open amount of those items';
