-- aging_unit_month: mart_aging_wide at month ends for the teams and the persons (d_* = by due date 逾期账龄,
-- a_* = by invoice date 账龄). The 账龄分析 page re-queries it in the browser when the period or team changes,
-- and the browser fetches a table whole: the long mart_aging would be ≈10 MB, this ≈1 MB. Units without open
-- items at a month end have no row. An empty bucket shows as NULL ("-" on the page), not 0.
-- team_id: a person's team, a team itself.
select
  a.period_key,
  a.level,
  a.unit_id,
  case a.level when 'team' then a.unit_id when 'person' then p.team_id end as team_id,
  a.total,
  nullif(a.d_not_due, 0) as d_not_due,
  nullif(a.d_1_30, 0) as d_1_30,
  nullif(a.d_31_60, 0) as d_31_60,
  nullif(a.d_61_90, 0) as d_61_90,
  nullif(a.d_91_180, 0) as d_91_180,
  nullif(a.d_181_365, 0) as d_181_365,
  nullif(a.d_365p, 0) as d_365p,
  nullif(a.a_0_30, 0) as a_0_30,
  nullif(a.a_31_60, 0) as a_31_60,
  nullif(a.a_61_90, 0) as a_61_90,
  nullif(a.a_91_180, 0) as a_91_180,
  nullif(a.a_181_365, 0) as a_181_365,
  nullif(a.a_1_2y, 0) as a_1_2y,
  nullif(a.a_2_3y, 0) as a_2_3y,
  nullif(a.a_3yp, 0) as a_3yp
from mart_aging_wide a
left join dim_person p on a.level = 'person' and p.person_id = a.unit_id
where a.grain = 'month' and a.level in ('team', 'person') and a.items > 0
order by a.period_key, a.level, a.unit_id
