-- The teams a team filter offers: teams with sales (the finance team has none), by team_id.
select team_id, team_name
from warehouse.dim_team
where team_id in (select unit_id from warehouse.ar_metrics_summary where level = 'team' and sales <> 0)
order by team_id
