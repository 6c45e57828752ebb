-- int_unit — 考核单位: every unit metrics are reported for, at each level.
-- Grain: (level, unit_id). The company; every team, person and customer of the dimensions; and any unit
-- that only appears in the facts ('_unassigned' for rows without a person or team, or an id the
-- dimensions do not know), so no flow or balance is left without a row in mart_ar_metrics.
CREATE OR REPLACE TABLE int_unit AS
WITH known AS (
    SELECT 'company' AS level, 'company' AS unit_id, '全公司' AS unit_name, NULL AS team_id
    UNION ALL
    SELECT 'team', team_id, team_name, team_id FROM dim_team
    UNION ALL
    SELECT 'person', person_id, person_name, team_id FROM dim_person
    UNION ALL
    SELECT 'customer', customer_id, customer_name, owner_team_id FROM dim_customer
),
seen AS (
    SELECT level, unit_id FROM int_unit_month_flow
    UNION
    SELECT level, unit_id FROM int_unit_month_balance
)
SELECT
    coalesce(k.level, s.level) AS level,
    CAST(level_order(coalesce(k.level, s.level)) AS INTEGER) AS level_order,
    coalesce(k.unit_id, s.unit_id) AS unit_id,
    coalesce(k.unit_name, CASE WHEN s.unit_id = '_unassigned' THEN '未分配' ELSE s.unit_id END) AS unit_name,
    k.team_id,
    CAST(row_number() OVER (ORDER BY level_order(coalesce(k.level, s.level)), coalesce(k.unit_id, s.unit_id)) AS INTEGER) AS unit_seq
FROM known k
FULL JOIN seen s ON s.level = k.level AND s.unit_id = k.unit_id;
