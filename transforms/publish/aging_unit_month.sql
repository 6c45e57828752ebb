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

COMMENT ON TABLE aging_unit_month IS '团队与人员账龄 / mart_aging_wide at month ends for teams and persons, empty buckets NULL: the aging page';
COMMENT ON COLUMN aging_unit_month.period_key IS '月份 / Month (YYYY-MM)';
COMMENT ON COLUMN aging_unit_month.level IS '层级 / team or person';
COMMENT ON COLUMN aging_unit_month.unit_id IS '团队或人员 / team_id or person_id';
COMMENT ON COLUMN aging_unit_month.team_id IS '团队 / The person''s team; the team itself for teams';
COMMENT ON COLUMN aging_unit_month.total IS '应收余额 / mart_aging_wide.total: Σ open_amount at the month end';
COMMENT ON COLUMN aging_unit_month.d_not_due IS '未到期 / Not yet due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_1_30 IS '逾期1-30天 / 1–30 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_31_60 IS '逾期31-60天 / 31–60 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_61_90 IS '逾期61-90天 / 61–90 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_91_180 IS '逾期91-180天 / 91–180 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_181_365 IS '逾期181-365天 / 181–365 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.d_365p IS '逾期365天以上 / More than 365 days past due; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_0_30 IS '30天以内 / 0–30 days since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_31_60 IS '31-60天 / 31–60 days since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_61_90 IS '61-90天 / 61–90 days since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_91_180 IS '91-180天 / 91–180 days since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_181_365 IS '181-365天 / 181–365 days since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_1_2y IS '一年以上两年以内 / 1–2 years since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_2_3y IS '两年以上三年以内 / 2–3 years since invoice date; NULL when 0';
COMMENT ON COLUMN aging_unit_month.a_3yp IS '三年以上 / More than 3 years since invoice date; NULL when 0';
