-- aging_customer_top: mart_aging_wide at month ends for each team's 10 customers with the largest open balance
-- (team = the customer's owner's team), as aging_unit_month.sql; by invoice date the four groups only: a_1y =
-- 一年以内, the sum of its five sub-buckets. An empty bucket is NULL ("-" on the page).
-- The 账龄分析 page re-queries it in the browser, which downloads it whole: all ≈1,100 customers with open items
-- over 36 months would be ≈6 MB, these ≈4 k rows ≈0.6 MB. Every customer's own open items are on its page.
select
  a.period_key,
  a.unit_id as customer_id,
  c.customer_name,
  c.owner_team_id as team_id,
  a.total,
  nullif(a.d_not_due, 0) as d_not_due,
  nullif(a.d_1_30, 0) as d_1_30,
  nullif(a.d_31_60, 0) as d_31_60,
  nullif(a.d_61_90, 0) as d_61_90,
  nullif(a.d_91_180, 0) as d_91_180,
  nullif(a.d_181_365, 0) as d_181_365,
  nullif(a.d_365p, 0) as d_365p,
  nullif(a.a_0_30 + a.a_31_60 + a.a_61_90 + a.a_91_180 + a.a_181_365, 0) as a_1y,
  nullif(a.a_1_2y, 0) as a_1_2y,
  nullif(a.a_2_3y, 0) as a_2_3y,
  nullif(a.a_3yp, 0) as a_3yp
from mart_aging_wide a
join dim_customer c on c.customer_id = a.unit_id
where a.grain = 'month' and a.level = 'customer' and a.items > 0
qualify row_number() over (partition by a.period_key, c.owner_team_id order by a.total desc, a.unit_id) <= 10
order by a.period_key, team_id, a.total desc, customer_id
