-- aging_customer_top: mart_aging at month ends for each team's 10 customers with the largest open balance
-- (team = the customer's owner's team), one row per customer and month with the buckets as columns (as in
-- aging_unit_month.sql; by invoice date the four groups only: a_1y = 一年以内, the sum of its five sub-buckets).
-- The 账龄分析 page re-queries it in the browser, which downloads it whole: all ≈1,100 customers with open items
-- over 36 months would be ≈6 MB, these ≈4 k rows ≈0.6 MB. Every customer's own open items are on its page.
with customer_aging as (
  select
    a.period_key,
    a.unit_id as customer_id,
    c.customer_name,
    c.owner_team_id as team_id,
    sum(a.amount) filter (where a.basis = 'due') as total,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = 'not_due') as d_not_due,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '1-30') as d_1_30,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '31-60') as d_31_60,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '61-90') as d_61_90,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '91-180') as d_91_180,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '181-365') as d_181_365,
    sum(a.amount) filter (where a.basis = 'due' and a.bucket = '365+') as d_365p,
    sum(a.amount) filter (where a.basis = 'age' and a.bucket in ('0-30', '31-60', '61-90', '91-180', '181-365')) as a_1y,
    sum(a.amount) filter (where a.basis = 'age' and a.bucket = '1-2y') as a_1_2y,
    sum(a.amount) filter (where a.basis = 'age' and a.bucket = '2-3y') as a_2_3y,
    sum(a.amount) filter (where a.basis = 'age' and a.bucket = '3y+') as a_3yp
  from mart_aging a
  join dim_customer c on c.customer_id = a.unit_id
  where a.grain = 'month' and a.level = 'customer' and a.items > 0
  group by all
)
select *
from customer_aging
qualify row_number() over (partition by period_key, team_id order by total desc, customer_id) <= 10
order by period_key, team_id, total desc, customer_id
