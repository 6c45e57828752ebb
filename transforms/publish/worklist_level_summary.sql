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
where d.as_of = getvariable('latest_open_item_as_of')
group by all
order by team_id, d.level;
