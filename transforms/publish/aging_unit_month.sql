-- aging_unit_month — 团队与人员账龄: mart_aging_wide at month ends for the teams and the persons (d_* = by due
-- date 逾期账龄, a_* = by invoice date 账龄). An empty bucket shows as NULL ("-" on the page), not 0.
-- team_id: a person's team, a team itself.
-- Grain: (period_key, level, unit_id): one row per team or person with open items at a month end.
-- The 账龄分析 page re-queries it in the browser when the period or team changes, and the browser fetches a
-- table whole: the long mart_aging would be ≈10 MB, this ≈1 MB. Sorted by (period_key, level, unit_id).
CREATE OR REPLACE TABLE aging_unit_month AS
select
  a.period_key,
  a.level,
  a.unit_id,
  case a.level when 'team' then a.unit_id when 'person' then p.team_id end as team_id,
  a.total,
  -- every bucket column of mart_aging_wide under its own name (d_not_due … d_365p, a_0_30 … a_3yp), 0 → NULL
  nullif(columns('^[da]_'), 0)
from mart_aging_wide a
left join dim_person p on a.level = 'person' and p.person_id = a.unit_id
where a.grain = 'month' and a.level in ('team', 'person') and a.items > 0
order by a.period_key, a.level, a.unit_id;
