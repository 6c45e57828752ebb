-- The teams a team filter offers: the sales teams (a member is a 业务员 or 销售经理; the finance team is not), by
-- team_id. Reads only the two small dimension tables, so a page re-querying it in the browser stays light.
select team_id, team_name
from warehouse.dim_team
where team_id in (select team_id from warehouse.dim_person where role in ('业务员', '销售经理'))
order by team_id
