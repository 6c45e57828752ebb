-- customer_latest: one row per customer with its latest month-end metrics (mart_ar_metrics, level customer),
-- its owner and team: the /customers/ index and the customers listed on person pages (≈2,000 rows, so those
-- pages filter a small table instead of joining the marts). Sorted by AR balance, largest first.
with latest as (select max(period_key) as period_key from dim_period where grain = 'month')
select c.customer_id, c.customer_name, c.customer_type, c.region, c.credit_limit, c.credit_days,
       c.owner_id, p.person_name as owner_name, p.team_id as owner_team_id, p.team_name as owner_team_name,
       m.period_key, m.end_date, m.ar_balance, m.overdue_amount, m.overdue_rate, m.collections, m.sales,
       m.open_items, '/customers/' || c.customer_id || '/' as link
from dim_customer c
cross join latest l
left join dim_person p on p.person_id = c.owner_id
left join mart_ar_metrics m
  on m.grain = 'month' and m.level = 'customer' and m.unit_id = c.customer_id and m.period_key = l.period_key
order by m.ar_balance desc nulls last, c.customer_id
