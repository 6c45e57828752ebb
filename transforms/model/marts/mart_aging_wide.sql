-- mart_aging_wide — 账龄分析表: mart_aging with its buckets as columns, the layout of the classic AR aging
-- report (one row per unit, 未到期 … 365天以上 across).
-- Grain: (period_key, level, unit_id): one row per unit with open AR at the period end, as in mart_aging.
-- Every amount is mart_aging.amount pivoted, never recomputed: d_* by due date (逾期账龄), a_* by invoice date
-- (账龄); an empty bucket is 0; total = Σ d_* = Σ a_* = ar_balance in mart_aging's and mart_ar_metrics' terms.
-- The site's narrow aging sources (aging_unit_month, aging_customer_top) read this table.
CREATE OR REPLACE TABLE mart_aging_wide AS
SELECT
    period_key,
    any_value(grain) AS grain,
    level,
    unit_id,
    any_value(as_of) AS as_of,
    money(sum(amount) FILTER (WHERE basis = 'due')) AS total,
    CAST(sum(items) FILTER (WHERE basis = 'due') AS INTEGER) AS items,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = 'not_due')) AS d_not_due,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '1-30')) AS d_1_30,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '31-60')) AS d_31_60,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '61-90')) AS d_61_90,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '91-180')) AS d_91_180,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '181-365')) AS d_181_365,
    money(sum(amount) FILTER (WHERE basis = 'due' AND bucket = '365+')) AS d_365p,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '0-30')) AS a_0_30,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '31-60')) AS a_31_60,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '61-90')) AS a_61_90,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '91-180')) AS a_91_180,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '181-365')) AS a_181_365,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '1-2y')) AS a_1_2y,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '2-3y')) AS a_2_3y,
    money(sum(amount) FILTER (WHERE basis = 'age' AND bucket = '3y+')) AS a_3yp
FROM mart_aging
GROUP BY period_key, level, unit_id
ORDER BY grain_order(any_value(grain)), period_key, level, unit_id;

COMMENT ON TABLE mart_aging_wide IS '账龄分析表 / mart_aging with the buckets as columns: one row per period and unit (d_* by due date, a_* by invoice date)';
COMMENT ON COLUMN mart_aging_wide.period_key IS '期间 / Period key';
COMMENT ON COLUMN mart_aging_wide.grain IS '粒度 / month, quarter or year';
COMMENT ON COLUMN mart_aging_wide.level IS '层级 / company, team, person or customer';
COMMENT ON COLUMN mart_aging_wide.unit_id IS '单位 / Unit id (''company'' for the company)';
COMMENT ON COLUMN mart_aging_wide.as_of IS '截止日 / Date the aging is measured at (the period''s as_of_date)';
COMMENT ON COLUMN mart_aging_wide.total IS '应收余额 / Σ open_amount at as_of (= Σ d_* = Σ a_*)';
COMMENT ON COLUMN mart_aging_wide.items IS '笔数 / Open items at as_of';
COMMENT ON COLUMN mart_aging_wide.d_not_due IS '未到期 / Not yet due';
COMMENT ON COLUMN mart_aging_wide.d_1_30 IS '逾期1-30天 / 1–30 days past due';
COMMENT ON COLUMN mart_aging_wide.d_31_60 IS '逾期31-60天 / 31–60 days past due';
COMMENT ON COLUMN mart_aging_wide.d_61_90 IS '逾期61-90天 / 61–90 days past due';
COMMENT ON COLUMN mart_aging_wide.d_91_180 IS '逾期91-180天 / 91–180 days past due';
COMMENT ON COLUMN mart_aging_wide.d_181_365 IS '逾期181-365天 / 181–365 days past due';
COMMENT ON COLUMN mart_aging_wide.d_365p IS '逾期365天以上 / More than 365 days past due';
COMMENT ON COLUMN mart_aging_wide.a_0_30 IS '30天以内 / 0–30 days since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_31_60 IS '31-60天 / 31–60 days since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_61_90 IS '61-90天 / 61–90 days since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_91_180 IS '91-180天 / 91–180 days since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_181_365 IS '181-365天 / 181–365 days since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_1_2y IS '一年以上两年以内 / 1–2 years since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_2_3y IS '两年以上三年以内 / 2–3 years since invoice date';
COMMENT ON COLUMN mart_aging_wide.a_3yp IS '三年以上 / More than 3 years since invoice date';
