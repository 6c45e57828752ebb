-- aging_customer_top — 客户账龄(前十): mart_aging_wide at month ends for each team's 10 customers with the
-- largest open balance (team = the customer's owner's team), as aging_unit_month; by invoice date the four
-- groups only: a_1y = 一年以内, the sum of its five sub-buckets. An empty bucket is NULL ("-" on the page).
-- Grain: (period_key, customer_id): at most 10 customers per owner's team and month end, customers with open
-- items only.
-- The 账龄分析 page re-queries it in the browser, which downloads it whole: all ≈1,100 customers with open items
-- over 36 months would be ≈6 MB, these ≈4 k rows ≈0.6 MB. Every customer's own open items are on its page.
-- Sorted by (period_key, team_id, total DESC, customer_id).
CREATE OR REPLACE TABLE aging_customer_top AS
select
  a.period_key,
  a.unit_id as customer_id,
  c.customer_name,
  c.owner_team_id as team_id,
  a.total,
  -- each bucket column of mart_aging_wide under its own name (d_not_due … d_365p; a_1_2y, a_2_3y, a_3yp), 0 → NULL
  nullif(columns('^d_'), 0),
  nullif(a.a_0_30 + a.a_31_60 + a.a_61_90 + a.a_91_180 + a.a_181_365, 0) as a_1y,
  nullif(columns('^a_(1_2y|2_3y|3yp)$'), 0),
  cl.link
from mart_aging_wide a
join dim_customer c on c.customer_id = a.unit_id
left join customer_latest cl on cl.customer_id = a.unit_id
where a.grain = 'month' and a.level = 'customer' and a.items > 0
qualify row_number() over (partition by a.period_key, c.owner_team_id order by a.total desc, a.unit_id) <= 10
order by a.period_key, team_id, a.total desc, customer_id;
