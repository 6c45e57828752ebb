-- dim_person — 人员维度: one row per person of the export (stg_people).
-- Grain: person_id. Every invoice, collection and open item is attributed to a person ("谁放货谁清收";
-- docs/metrics.md, Units and attribution). team_id / team_name / role / manager_id are today's: the span of
-- dim_person_assignment valid today (the people file's when the person has no 任职记录); a dated fact carries
-- the team of its own date, so a team is exactly the sum of the people it had at each date.
-- left_on: 离职日期, the person's last day (NULL while employed; older warehouses and test DDL lack the column).
ALTER TABLE stg_people ADD COLUMN IF NOT EXISTS left_on DATE;

CREATE OR REPLACE TABLE dim_person AS
SELECT
    p.person_id,
    p.person_name,
    a.team_id,
    a.team_name,
    coalesce(a.role, p.role) AS role,
    coalesce(a.manager_id, p.manager_id) AS manager_id,
    money(p.monthly_salary) AS monthly_salary,
    p.region,
    p.left_on
FROM stg_people p
JOIN dim_person_assignment a ON a.person_id = p.person_id AND a.valid_to IS NULL
ORDER BY p.person_id;
