-- customer_latest — 客户一览: one row per customer with its latest month-end metrics (mart_ar_metrics, level
-- customer), its owner and team: the /customers/ index and the customers listed on person pages (≈2,000 rows,
-- so those pages filter a small table instead of joining the marts; the index re-queries it in the browser).
-- Grain: customer_id: every customer of dim_customer, metrics NULL when it has no row in the latest month.
-- has_page: which customers get a page of their own (prerendered: each costs build time and files, and a
-- company may have tens of thousands of customers): those with a balance at the latest month end, or with
-- sales, collections or write-offs in the 12 months up to it, at most page_limit of them (5,000): the largest
-- balances first, then the largest 12-month sales. A page costs ≈ 55 ms of a 2-core build: 20,000 customers at
-- 10 M invoices made the site build 1,110 s, over its 15 minutes (issue 14); the 5,000 largest balances hold
-- nearly all of the money. Every link to a customer page is this table's link (NULL without a page), so no page
-- links to a customer page that was not built; the others are found through the /customers/ index's search, with
-- their latest figures.
-- Sorted by AR balance, largest first (then customer_id).
CREATE OR REPLACE TABLE customer_latest AS
with latest as (select period_key, end_date from dim_period where grain = 'month' order by period_key desc limit 1),
page_limit as (
  select 5000 as customers  -- customer pages built at most (see has_page above)
),
active as (
  select m.unit_id as customer_id,
         sum(m.ar_balance) filter (where m.period_key = l.period_key) as ar_balance,
         sum(m.sales) as sales
  from mart_ar_metrics m
  cross join latest l
  where m.grain = 'month' and m.level = 'customer' and m.end_date > l.end_date - interval 12 month
    and m.end_date <= l.end_date
  group by m.unit_id
  having bool_or(m.sales <> 0 or m.collections <> 0 or m.writeoffs <> 0 or (m.period_key = l.period_key and m.ar_balance <> 0))
),
paged as (
  select a.customer_id
  from active a
  qualify row_number() over (order by a.ar_balance desc nulls last, a.sales desc, a.customer_id)
          <= (select customers from page_limit)
)
select c.customer_id, c.customer_name, c.customer_type, c.region, c.credit_limit, c.credit_days,
       c.owner_id, p.person_name as owner_name, p.team_id as owner_team_id, p.team_name as owner_team_name,
       m.period_key, m.end_date, m.ar_balance, m.overdue_amount, m.overdue_rate, m.collections, m.sales,
       m.open_items, a.customer_id is not null as has_page,
       case when a.customer_id is not null then '/customers/' || c.customer_id || '/' end as link
from dim_customer c
cross join latest l
left join paged a on a.customer_id = c.customer_id
left join dim_person p on p.person_id = c.owner_id
left join mart_ar_metrics m
  on m.grain = 'month' and m.level = 'customer' and m.unit_id = c.customer_id and m.period_key = l.period_key
order by m.ar_balance desc nulls last, c.customer_id;
