-- customer_latest — 客户一览: one row per customer with its latest month-end metrics (mart_ar_metrics, level
-- customer), its owner and team: the /customers/ index and the customers listed on person pages (≈2,000 rows,
-- so those pages filter a small table instead of joining the marts; the index re-queries it in the browser).
-- Grain: customer_id: every customer of dim_customer, metrics NULL when it has no row in the latest month.
-- has_page: which customers get a page of their own (prerendered: each costs build time and files, and a
-- company may have tens of thousands of customers): those with a balance at the latest month end, or with
-- sales, collections or write-offs in the 12 months up to it. Every link to a customer page is this table's
-- link (NULL without a page), so no page links to a customer page that was not built; the others are found
-- through the /customers/ index's search, with their latest figures.
-- Sorted by AR balance, largest first (then customer_id).
CREATE OR REPLACE TABLE customer_latest AS
with latest as (select period_key, end_date from dim_period where grain = 'month' order by period_key desc limit 1),
active as (
  select distinct m.unit_id as customer_id
  from mart_ar_metrics m
  cross join latest l
  where m.grain = 'month' and m.level = 'customer' and m.end_date > l.end_date - interval 12 month
    and m.end_date <= l.end_date
    and (m.sales <> 0 or m.collections <> 0 or m.writeoffs <> 0 or (m.period_key = l.period_key and m.ar_balance <> 0))
)
select c.customer_id, c.customer_name, c.customer_type, c.region, c.credit_limit, c.credit_days,
       c.owner_id, p.person_name as owner_name, p.team_id as owner_team_id, p.team_name as owner_team_name,
       m.period_key, m.end_date, m.ar_balance, m.overdue_amount, m.overdue_rate, m.collections, m.sales,
       m.open_items, a.customer_id is not null as has_page,
       case when a.customer_id is not null then '/customers/' || c.customer_id || '/' end as link
from dim_customer c
cross join latest l
left join active a on a.customer_id = c.customer_id
left join dim_person p on p.person_id = c.owner_id
left join mart_ar_metrics m
  on m.grain = 'month' and m.level = 'customer' and m.unit_id = c.customer_id and m.period_key = l.period_key
order by m.ar_balance desc nulls last, c.customer_id;
