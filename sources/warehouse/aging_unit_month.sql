-- aging_unit_month: mart_aging at month ends for the teams and the persons, one row per unit and
-- month with the buckets as columns (d_* = by due date 逾期账龄, a_* = by invoice date 账龄). The 账龄分析 page
-- re-queries it in the browser when the period or team changes, and the browser fetches a table whole: the long
-- mart_aging would be ≈10 MB, this pivot ≈1 MB. Units without open items at a month end are left out.
-- Amounts are mart_aging.amount as is (pivoted, not recomputed); team_id: a person's team, a team itself.
select
  a.period_key,
  a.level,
  a.unit_id,
  case a.level when 'team' then a.unit_id when 'person' then p.team_id end as team_id,
  sum(a.amount) filter (where a.basis = 'due') as total,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = 'not_due') as d_not_due,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '1-30') as d_1_30,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '31-60') as d_31_60,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '61-90') as d_61_90,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '91-180') as d_91_180,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '181-365') as d_181_365,
  sum(a.amount) filter (where a.basis = 'due' and a.bucket = '365+') as d_365p,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '0-30') as a_0_30,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '31-60') as a_31_60,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '61-90') as a_61_90,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '91-180') as a_91_180,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '181-365') as a_181_365,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '1-2y') as a_1_2y,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '2-3y') as a_2_3y,
  sum(a.amount) filter (where a.basis = 'age' and a.bucket = '3y+') as a_3yp
from mart_aging a
left join dim_person p on a.level = 'person' and p.person_id = a.unit_id
where a.grain = 'month' and a.level in ('team', 'person') and a.items > 0
group by all
order by a.period_key, a.level, a.unit_id
